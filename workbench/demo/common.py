"""What every part of the demo shares: its calendar, sizes, weighted pools, storyline and small generators.

Codes (USCC, ID card) are synthetic but pass their check characters.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from workbench.clock import FixedClock, local_zone
from workbench.demo.vocabulary import District, Family, vocabulary
from workbench.errors import WorkbenchError
from workbench.validation import id_card_check_char, uscc_check_char

Progress = Callable[[str, int, int], None]

ANCHOR = date(2026, 11, 20)
"""The demo's "today": visits lie in the year before it (the current month included), follow-ups a few
weeks around it. The app in demo mode runs on :func:`demo_clock`, so the figures never drift."""
LOCAL = timezone(timedelta(hours=8), "CST")
"""Ningbo's time zone (China Standard Time), for figures counted as a user there would see them."""
TAXONOMY = "361-2025"
SERVICE_TECHNOLOGIES = 300
"""At most this many technologies go through the service (the ones matches use); the rest are bulk."""
BATCH_ROWS = 10_000
COMMIT_ROWS = 50_000
"""Bulk technologies per transaction: the index worker's segmenting overlaps the writing within one."""
BULK_CACHE_KIB = 256 * 1024  # page cache while bulk-inserting technologies
MIN_ENTERPRISES = 10
MIN_TECHNOLOGIES = 30


W = vocabulary()
"""The word tables (``resources/demo/vocabulary.json``)."""


def demo_clock(zone: tzinfo | None = None) -> FixedClock:
    """The demo year's own clock: late afternoon of :data:`ANCHOR`, in ``zone`` (default: the computer's).

    The app in demo mode runs on it, so every screen agrees on what is due and overdue however long
    after the demo was made it is opened.
    """
    zone = zone or local_zone(datetime.combine(ANCHOR, time(17)))
    return FixedClock(datetime.combine(ANCHOR, time(17), zone))


class DemoError(WorkbenchError):
    """Demo data cannot be generated here (the database holds data, or the sizes are too small)."""


def _w(text: str) -> tuple[str, ...]:
    """Words separated by white space."""
    return tuple(text.split())


def span(start: int, stop: int, step: int = 1) -> tuple[str, ...]:
    return tuple(str(v) for v in range(start, stop + 1, step))


# Weighted pools: rng.choice on a repeated tuple is much cheaper per row than rng.choices with weights.
MATURITY_POOL = _w("lab " * 5 + "prototype " * 5 + "pilot " * 5 + "small_batch " * 3 + "industrialised " * 2)
PATENT_COUNT_POOL = (0,) * 3 + (1,) * 9 + (2,) * 6 + (3,) * 2
PATENT_TYPE_POOL = ("1",) * 15 + ("2",) * 5
DEVICE_PATENT_TYPE_POOL = ("1",) * 12 + ("2",) * 6 + ("3",) * 2  # only devices have design patents
PATENT_KINDS = {"1": "invention", "2": "utility_model", "3": "design"}
TRANSFER_MODE_POOL: tuple[tuple[str, ...], ...] = (
    ("transfer",),
    ("licence",),
    ("transfer", "licence"),
    ("joint_development",),
    ("licence", "service"),
    ("transfer", "equity"),
    ("joint_development", "service"),
    ("transfer", "licence", "joint_development"),
)
ASKING_PRICE_POOL: tuple[int | None, ...] = (
    None,
    None,
    None,
    *(wan * 10_000 * 100 for wan in (5, 8, 10, 15, 20, 30, 50, 80, 100, 150, 200, 300, 500)),
)
SOLUTION_POOL = _w(
    "commissioned " * 7
    + "cooperative " * 6
    + "transfer " * 4
    + "consulting " * 2
    + "talent independent other"
)
SOLUTION_FOR_CONTRACT = {
    "development": "commissioned",
    "transfer": "transfer",
    "licence": "transfer",
    "consulting": "consulting",
    "service": "consulting",
}
ZHENHAI = "330211"
"""The broker's own district: half the demo enterprises are here."""
BANKS = _w("NBCB ICBC CCB BOC ABC")
KINDS = _w(
    "brokers institutions enterprises contacts visits needs technologies patents matches contracts"
    " payments claims"
)
MATCH_STAGES = ("candidate", "recommended", "introduced", "negotiating", "intent", "dropped")
PIPELINE = ("candidate", "recommended", "introduced", "negotiating", "intent")

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class ContractPlan:
    """One contract of the storyline and the reward claim made on it (if any)."""

    contract_type: str
    registered: bool
    policy: str | None
    claim_status: str | None
    shares: tuple[int, ...] = (100,)
    min_yuan: int = 300_000
    max_yuan: int = 8_000_000
    buyer: str = "zhenhai"  # "zhenhai", "outside" or "any"


# The first five cover every contract type and every claim status, so even the smallest demo shows all.
# Claims under ningbo-2014 stay small: that policy's yearly cap per broker counts every claim of the year.
CONTRACT_PLAN: tuple[ContractPlan, ...] = (
    ContractPlan("transfer", True, "zhenhai", "paid", (60, 40)),
    ContractPlan("development", True, "zhenhai", "approved"),
    ContractPlan("licence", True, "zhenhai", "submitted", (50, 30, 20)),
    ContractPlan("consulting", True, "ningbo-2014", "rejected", max_yuan=1_500_000, buyer="any"),
    ContractPlan("service", True, "ningbo-2014", "draft", max_yuan=2_000_000, buyer="any"),
    ContractPlan("development", True, "zhenhai", "paid"),
    ContractPlan("transfer", False, None, None, buyer="any"),
    # Large enough that the per-project cap of the Zhenhai policy applies.
    ContractPlan("licence", True, "zhenhai", "paid", min_yuan=22_000_000, max_yuan=26_000_000),
    ContractPlan("service", True, "ningbo-2014", "paid", (70, 30), max_yuan=3_000_000, buyer="any"),
    ContractPlan("development", True, "ningbo-2014", "submitted", max_yuan=4_000_000, buyer="outside"),
    ContractPlan("consulting", False, None, None, max_yuan=1_000_000, buyer="any"),
    ContractPlan("transfer", True, "zhenhai", "rejected"),
    ContractPlan("development", True, "zhenhai", "draft", (50, 50)),
    ContractPlan("licence", True, None, None, buyer="any"),
)


# -- small generators ------------------------------------------------------------------------------------


def org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code (8 characters and its check character), legacy or post-2015 style."""
    if rng.random() < 0.5:
        body = "MA2" + "".join(rng.choice(_USCC_CHARS[:10] + "ABCDEFGH") for _ in range(5))
    else:
        body = str(rng.randrange(10_000_000, 80_000_000))
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc(rng: random.Random, prefix: str, division: str) -> str:
    first17 = prefix + division + org_code(rng)
    return first17 + uscc_check_char(first17)


def id_card(rng: random.Random, division: str, born_from: int, born_to: int) -> str:
    birth = date(born_from, 1, 1) + timedelta(days=rng.randrange((born_to - born_from) * 365))
    first17 = f"{division}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + id_card_check_char(first17)


def person(rng: random.Random) -> str:
    return rng.choice(W.surnames) + rng.choice(W.given_names)


def mobile(rng: random.Random) -> str:
    return rng.choice(W.mobile_prefixes) + f"{rng.randrange(100_000_000):08d}"


def landline(rng: random.Random, district: District) -> str:
    return f"0574-{rng.choice(district.landlines)}{rng.randrange(10_000):04d}"


def day_between(start: date, end: date, rng: random.Random) -> date:
    """A day in [start, end]."""
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def workday(day: date) -> date:
    """The day itself, or the Friday before a weekend day: brokers visit enterprises on working days."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def fill(rng: random.Random, template: str, values: Sequence[str]) -> str:
    return template.format(rng.choice(values))


def indicators(rng: random.Random, family: Family, k: int) -> list[str]:
    """``k`` quantified indicators, each of a different kind."""
    return [template.format(rng.choice(values)) for template, values in rng.sample(family.indicators, k)]
