"""The closed vocabularies of a reward policy (base, rate mode, rounding, line kinds) and their labels."""

from __future__ import annotations

from enum import StrEnum

from workbench.enums import LabelledEnum, labelled

__all__ = ["LABELS", "BaseKind", "LineKind", "RateMode", "Rounding"]


# Labels per enum and value, (Chinese, English); the claim form prints the Chinese one whatever the UI says.
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "BaseKind": {
        "contract_total": ("合同成交额", "Contract total"),
        "tech_transaction": ("技术交易额", "Technology transaction amount"),
        "received_in_period": ("累计到账金额", "Amount received to date"),
    },
    "RateMode": {
        "flat": ("固定比例", "Flat rate"),
        "marginal": ("分段累进", "Marginal tiers"),
        "bracket": ("全额分档", "Whole-amount brackets"),
    },
    "Rounding": {
        "half_up": ("四舍五入", "Rounded half up"),
        "down": ("舍去尾数", "Rounded down"),
        "half_even": ("四舍六入五成双", "Rounded half to even"),
    },
}


@labelled(LABELS["BaseKind"])
class BaseKind(LabelledEnum):
    """Which amount the rate applies to."""

    CONTRACT_TOTAL = "contract_total"
    TECH_TRANSACTION = "tech_transaction"
    RECEIVED_IN_PERIOD = "received_in_period"


@labelled(LABELS["RateMode"])
class RateMode(LabelledEnum):
    """Flat rate, marginal tiers (each slice at its own rate) or whole-amount brackets."""

    FLAT = "flat"
    MARGINAL = "marginal"
    BRACKET = "bracket"


@labelled(LABELS["Rounding"])
class Rounding(LabelledEnum):
    """How the exact reward is rounded to the fen (the values are money.round_fen's modes)."""

    HALF_UP = "half_up"
    DOWN = "down"
    HALF_EVEN = "half_even"


class LineKind(StrEnum):
    """What one line of a computation shows (lets the PDF and the UI style lines without parsing labels)."""

    BASE = "base"
    THRESHOLD = "threshold"
    SLICE = "slice"
    RATE = "rate"
    ROUNDING = "rounding"
    GROSS = "gross"
    CAP_PROJECT = "cap_project"
    EARLIER_CLAIMS = "earlier_claims"
    CAP_BROKER_YEAR = "cap_broker_year"
    RESULT = "result"
