"""Technologies of the demo library: cheap rows from the word tables, written by the import's bulk path."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from workbench.demo.common import (
    ASKING_PRICE_POOL,
    BATCH_ROWS,
    BULK_CACHE_KIB,
    COMMIT_ROWS,
    DEVICE_PATENT_TYPE_POOL,
    MATURITY_POOL,
    PATENT_COUNT_POOL,
    PATENT_KINDS,
    PATENT_TYPE_POOL,
    TRANSFER_MODE_POOL,
    Progress,
    W,
    indicators,
)
from workbench.demo.vocabulary import Domain, Family
from workbench.io.bulk import TechnologyWriter, uuid4_text
from workbench.io.gcpause import gc_paused
from workbench.store import Store
from workbench.validation import patent_check_char


@dataclass(frozen=True)
class Kit:
    """One word family with pools of ready-made parts, so that a row costs a few ``choice`` calls."""

    domain: Domain
    family: Family
    keyword_sets: tuple[list[str], ...]
    ipc_sets: tuple[list[str], ...]
    indicator_texts: tuple[str, ...]
    patent_types: tuple[str, ...]


class TechFactory:
    """Technology rows from the vocabulary; cheap per row, because a million of them may be needed.

    Keyword, IPC, inventor and indicator combinations are drawn once into pools and then picked per row
    (``rng.sample`` per row would cost more than the database insert). Rows share those list objects;
    they are only serialised, never changed.
    """

    def __init__(self, rng: random.Random, institutions: Sequence[tuple[str, int]], *, today: date) -> None:
        self.rng = rng
        self.owner_pool = tuple(ident for ident, weight in institutions for _ in range(weight))
        people = [s + g for s in W.surnames for g in W.given_names]
        self.inventor_sets = tuple(rng.sample(people, rng.randrange(1, 5)) for _ in range(8192))
        self.transfer_modes = tuple(list(modes) for modes in TRANSFER_MODE_POOL)
        self.kits = tuple(self._kit(domain, family) for domain, family in W.families)
        self.serials: dict[tuple[int, str], int] = {}
        self.filing_seq = 0
        self.start = datetime.combine(today, time(0), UTC) - timedelta(days=3 * 365)

    def _kit(self, domain: Domain, family: Family) -> Kit:
        rng = self.rng
        return Kit(
            domain=domain,
            family=family,
            keyword_sets=tuple(rng.sample(family.keywords, rng.randrange(3, 6)) for _ in range(64)),
            ipc_sets=tuple(rng.sample(family.ipc, rng.randrange(1, 4)) for _ in range(32)),
            indicator_texts=tuple("，".join(indicators(rng, family, 2)) for _ in range(256)),
            patent_types=DEVICE_PATENT_TYPE_POOL if domain.devices else PATENT_TYPE_POOL,
        )

    def patent(self, kit: Kit) -> tuple[str, str]:
        """A unique, valid application number: per year and type, serials rise by small random steps."""
        rng = self.rng
        key = (rng.randrange(2015, 2026), rng.choice(kit.patent_types))
        serial = self.serials.get(key, rng.randrange(1, 200_000)) + rng.randrange(1, 9)
        self.serials[key] = serial
        digits = f"{key[0]}{key[1]}{serial:07d}"
        return f"{digits}.{patent_check_char(digits)}", PATENT_KINDS[key[1]]

    def make(self, kit: Kit) -> tuple[dict[str, Any], list[tuple[str, str]], datetime]:
        """Column values (without id and timestamps), patents as (number, kind), and the creation time."""
        rng = self.rng
        choice = rng.choice
        family = kit.family
        qual, base, process = choice(family.quals), choice(family.bases), choice(family.processes)
        app, app2 = choice(family.applications), choice(family.applications)
        form = rng.randrange(5)
        if form == 0:
            title = f"一种{qual}{base}{family.claim_suffix}"
        elif form == 1:
            title = f"一种{qual}{base}的{process}"
        elif form == 2:
            title = f"面向{app}的{qual}{base}{process}"
        else:
            title = f"{qual}{base}{process}"
        patents = [self.patent(kit) for _ in range(choice(PATENT_COUNT_POOL))]
        maturity = choice(MATURITY_POOL)
        patent_text = f"，已申请专利{len(patents)}项" if patents else ""
        abstract = (
            f"本成果针对{app}中{base}{choice(family.problems)}的问题，研究开发了{qual}{base}{process}。"
            f"经第三方检测，{choice(kit.indicator_texts)}。"
            f"{W.maturity_text[maturity]}{patent_text}，可推广应用于{app2}等领域。"
        )
        keywords = choice(kit.keyword_sets)
        if len(base) <= 10 and base not in keywords and rng.random() < 0.5:
            keywords = [base, *keywords]
        created = self.start + timedelta(seconds=rng.randrange(3 * 365 * 86_400))
        filing_no = None
        if rng.random() < 0.25:
            self.filing_seq += 1
            filing_no = f"ZHKJ-CG-{created.year}-{self.filing_seq:06d}"
        values: dict[str, Any] = {
            "title": title,
            "abstract": abstract,
            "keywords": keywords,
            "institution_id": choice(self.owner_pool),
            "inventors": choice(self.inventor_sets),
            "ipc_codes": choice(kit.ipc_sets),
            "technical_field": kit.domain.field,
            "maturity": maturity,
            "transfer_modes": choice(self.transfer_modes),
            "asking_price_fen": choice(ASKING_PRICE_POOL),
            "filing_no": filing_no,
        }
        return values, patents, created


# -- the storyline -------------------------------------------------------------------------------------------


def insert_technologies(
    store: Store, factory: TechFactory, n: int, progress: Progress | None, total: int
) -> int:
    """Insert ``n`` technologies with their patents and search-index rows; returns the number of patents.

    The import's bulk path (``workbench.io.bulk.TechnologyWriter``): pre-serialised rows on the DB-API
    cursor, and index rows built from the values written (in a worker process for a big library), so no
    rebuild follows. Batches of :data:`BATCH_ROWS`, one transaction per :data:`COMMIT_ROWS` (the index
    rows pending in the worker are written before each commit, so each commit holds its rows' index),
    all on one connection with a larger page cache: the index pages stay warm (SQLite drops the cache
    when another connection writes).
    No change-log rows are written: these rows are generated reference data (a results library), not
    edits a person made, and a million log rows would double the file for nothing.
    """
    rng, kits = factory.rng, factory.kits
    getrandbits = rng.getrandbits
    patents_done, done = 0, total - n
    prefix = rng.randrange(1 << 44)
    with store.engine.connect() as conn, gc_paused():
        cache_size = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        conn.commit()
        writer = TechnologyWriter(conn, actor=None, expected=n)
        try:
            uncommitted = 0
            while done < total:
                rows: list[tuple[str, dict[str, Any], list[tuple[str, str]], datetime]] = []
                for _ in range(min(BATCH_ROWS, total - done)):
                    values, patents, created = factory.make(rng.choice(kits))
                    # Rising ids (a random 48-bit prefix that only grows, as in UUIDv7) append to the
                    # primary-key and search-queue indexes instead of splitting pages all over them.
                    prefix += rng.randrange(1, 1 << 24)
                    ident = uuid4_text(prefix << 80 | getrandbits(80))
                    rows.append((ident, values, patents, created))
                    patents_done += len(patents)
                writer.write(rows)
                done += len(rows)
                uncommitted += len(rows)
                if uncommitted >= COMMIT_ROWS:
                    writer.flush()
                    conn.commit()
                    uncommitted = 0
                if progress:
                    progress("technologies", done, total)
            writer.finish()
            conn.commit()
        finally:
            writer.close()
            conn.rollback()  # nothing to undo after a commit; drops a batch that failed
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")
            conn.commit()
    return patents_done
