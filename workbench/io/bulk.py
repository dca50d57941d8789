"""The bulk path for technologies, shared by big imports and the demo library.

Rows are written with the DB-API cursor of the caller's connection, inside the caller's transaction:
technologies, their patents, optionally their change-log rows, and their search-index rows. The index
rows are built from the values being written (``search.docs.technology_rows``, what a rebuild uses)
and added with ``search.index.add_new``, so nothing is read back and no rebuild follows: the same index
a rebuild would make, in one pass. SQLAlchemy's per-value processing of a Core executemany cost more
than the insert itself (measured: 3.6 s of 6.8 s for 20,000 rows), hence the pre-serialised values.

What a big import spends its time on, and what this module does about it (100,000 rows, processor
time of the writing process, measured on the development machine):

* segmenting titles and abstracts (~4 s): done in a worker process (``search.pool``) while this one
  inserts, one batch ahead;
* the queueing triggers (~0.7 s): dropped and re-created around the inserts, inside the transaction;
* the change log's creation records (~1.5 s and a third of the file): written by SQLite without content
  and without the patents' own rows (sync makes both from the record when it uploads);
* garbage collection walking the previewed plan's millions of objects (~1 s): paused (``io.gcpause``).

Tried and left out: dropping the technology indexes and re-creating them after the insert (the insert
saved 0.7 s, re-creating cost 1.3 s; the two title indexes alone: 0.5 s saved, 0.6 s spent); FTS5
``automerge`` off during the bulk, or a 64 MiB ``hashsize`` (no change); a larger page cache than
:data:`BULK_CACHE_KIB` (the spilling moves to the commit).
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import inspect as sa_inspect

from workbench.models import Technology
from workbench.search import index as search_index
from workbench.search import pool as search_pool
from workbench.search.docs import SearchRow, TechInput, TextRow, json_list

TECH_DEFAULTS: dict[str, Any] = {
    "abstract": "",
    "keywords": [],
    "institution_id": None,
    "inventors": [],
    "ipc_codes": [],
    "technical_field": None,
    "maturity": None,
    "transfer_modes": [],
    "asking_price_fen": None,
    "filing_no": None,
    "deleted_at": None,
}
COLUMNS = [a.key for a in sa_inspect(Technology).column_attrs]
COLUMN_SET = frozenset(COLUMNS)
_JSON_COLUMNS = ("keywords", "inventors", "ipc_codes", "transfer_modes")
_TECH_SQL = f"INSERT INTO technology ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_PATENT_SQL = "INSERT INTO tech_patent (technology_id, number, patent_kind) VALUES (?, ?, ?)"
assert COLUMNS[:3] == ["id", "created_at", "updated_at"], COLUMNS
# The columns after id and the two stamps: (name, value when not given, stored as JSON text).
_FILLED: list[tuple[str, Any, bool]] = [(k, TECH_DEFAULTS.get(k), k in _JSON_COLUMNS) for k in COLUMNS[3:]]
_TITLE, _ABSTRACT, _FIELD, _FILING_NO = (
    COLUMNS.index(k) for k in ("title", "abstract", "technical_field", "filing_no")
)
# The change log's record of a creation, without its content: ``new`` null means "the record as it
# stands", which sync turns into the text the flush hook would have written (store.changelog.creation_text)
# and the record's patents (workbench.sync.children) when it uploads the creation. The content was a third
# of a big import's file (107 MB of 300 MB for 100,000 technologies) and 1.5 s of its 9.6 s, the patents'
# own rows (as the service logs them) 25 MB and 0.4 s more, and nothing but sync reads either.
_LOG_SELECT = (
    "INSERT INTO change_log (at, actor, op, entity, entity_id, new) "
    "SELECT created_at, ?, 'create', 'technology', id, NULL "
    "FROM technology WHERE rowid > ? ORDER BY rowid"
)
# The triggers that would queue each inserted row for indexing: the writer indexes its rows itself.
_SUSPENDED = ("search_q_technology_ins", "search_q_tech_patent_ins")
MAX_PENDING = 4  # batches whose index rows may still be in the worker (~2 MB of input each)
BULK_CACHE_KIB = 96 * 1024  # +~100 MiB peak while writing 100,000 rows; measured ~1 s saved
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(x, ensure_ascii=False) calls


_JSON_CACHE: dict[tuple[Any, ...], str] = {}


def _json_list(items: list[Any]) -> str:
    """A list column as JSON text; short lists (keywords, inventors, IPC codes) repeat, so are cached."""
    if len(items) > 8:
        return _ENCODE(items)
    key = tuple(items)
    try:
        found = _JSON_CACHE.get(key)
    except TypeError:  # an unhashable item: not a list of texts, encoded as it is
        return _ENCODE(items)
    if found is None:
        if len(_JSON_CACHE) > 100_000:
            _JSON_CACHE.clear()
        found = _JSON_CACHE[key] = _ENCODE(items)
    return found


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def stamp_text(moment: datetime) -> str:
    """A time as the ORM stores it: naive UTC text with microseconds."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")  # SQLAlchemy's format for SQLite, in a third of the time


def rising_ids(prefix: int | None = None, bits: Callable[[int], int] | None = None) -> Callable[[], str]:
    """UUIDs whose first 48 bits rise (as in UUIDv7): new rows append to the key indexes, not split them.

    The other bits are random (version 4 layout): a generator seeded from the system's randomness draws
    them, a tenth of the cost of ``uuid.uuid4()`` per id (a million ids are made for the demo).
    """
    state = {"prefix": (uuid.uuid4().int >> 80) if prefix is None else prefix}
    draw = bits or random.Random(os.urandom(32)).getrandbits

    def next_id() -> str:
        state["prefix"] += 1
        return uuid4_text(state["prefix"] << 80 | draw(80))

    return next_id


def uuid4_text(n: int) -> str:
    """``str(uuid.UUID(int=n, version=4))`` in a fifth of the time."""
    h = f"{n & _CLEAR_VERSION | _VERSION_4:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The version (4) and variant (RFC 4122) bits, as uuid.UUID(int=..., version=4) sets them.
_CLEAR_VERSION = ~(0xF000 << 64) & ~(0xC000 << 48) & ((1 << 128) - 1)
_VERSION_4 = 0x4000 << 64 | 0x8000 << 48


class TechnologyWriter:
    """Writes batches of new technologies on one connection, with patents, change log and index rows.

    ``actor`` names the change log's writer (``import:<file>``); None writes no change-log rows (the
    demo's generated reference library). ``expected`` is how many rows will come: enough of them and the
    index rows are built in a worker process while this one inserts (:mod:`workbench.search.pool`).

    :meth:`write` may leave the last batches' index rows pending (their segmentation still running):
    call :meth:`flush` before committing, :meth:`finish` once after the last batch, and :meth:`close`
    always (also when the writing failed). ``timings`` holds seconds spent per stage, for benchmarks: wall
    time, and (``<stage>_cpu``) this thread's processor time, which another program's load does not
    inflate.
    """

    def __init__(self, conn: Connection, *, actor: str | None, expected: int = 0) -> None:
        self.conn = conn
        self._begin()
        self.db = search_index.Db(conn)
        self.actor = actor
        self.next_key = search_index.bulk_begin(self.db)
        self.written = 0
        stages = ("rows", "insert", "log", "index", "wait", "finish")
        self.timings: dict[str, float] = dict.fromkeys([*stages, *(f"{s}_cpu" for s in stages)], 0.0)
        # A larger page cache while writing: the table's new pages otherwise push the title and key
        # index pages out, and each re-read of one is a read and a decryption (SQLCipher).
        # Negative sizes are KiB (a caller's own larger cache, as the demo's, is kept).
        self.cache_size = int(self.db.one("PRAGMA cache_size") or 0)
        if self.cache_size > -BULK_CACHE_KIB:
            self.db.run(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
        self._worker = search_pool.DocWorker(parallel=search_pool.worth_a_worker(expected))
        self._pending: deque[tuple[list[str], search_pool.Pending[list[tuple[TextRow, SearchRow]]]]] = deque()

    def write(self, rows: Sequence[tuple[str, dict[str, Any], Sequence[tuple[str, str]], datetime]]) -> None:
        """Insert (id, column values, patents as (number, kind), creation time) rows and index them."""
        self._begin()
        clock = _clock()
        tech_rows: list[tuple[Any, ...]] = []
        patent_rows: list[tuple[str, str, str]] = []
        inputs: list[TechInput] = []
        ids: list[str] = []
        stamps: dict[datetime, str] = {}
        for ident, given, patents, created in rows:
            get = given.get
            stamp = stamps.get(created) or stamps.setdefault(created, stamp_text(created))
            row: list[Any] = [ident, stamp, stamp]
            for key, default, is_json in _FILLED:
                value = get(key, default)
                row.append(_json_list(value) if is_json else value)
            tech_rows.append(tuple(row))
            inputs.append(
                (
                    row[_TITLE],
                    json_list(get("keywords")),
                    row[_ABSTRACT],
                    row[_FIELD],
                    row[_FILING_NO],
                    [n for n, _k in patents],
                )
            )
            ids.append(ident)
            if patents:
                patent_rows.extend((ident, n, k) for n, k in patents)
        # Sent to the worker before inserting, so that segmenting runs while this process writes.
        pending = self._worker.technologies(inputs)
        self._lap("rows", clock)
        clock = _clock()
        last_rowid = int(self.db.one("SELECT coalesce(max(rowid), 0) FROM technology"))
        # The bulk indexes its own rows: the triggers' queueing of each inserted row (and its removal
        # again) is skipped. Inside this transaction only: a rollback restores the triggers too.
        with search_index.queueing_suspended(self.db, _SUSPENDED):
            self.db.many(_TECH_SQL, tech_rows)
            if patent_rows:
                self.db.many(_PATENT_SQL, patent_rows)
        self._lap("insert", clock)
        if self.actor is not None:
            clock = _clock()
            self.db.run(_LOG_SELECT, [self.actor, last_rowid])
            self._lap("log", clock)
        self._pending.append((ids, pending))
        self.written += len(rows)
        # Index what the worker has finished; wait only when it falls MAX_PENDING batches behind (its
        # start, ~0.5 s to spawn and load the segmenter, is covered by the first batches' inserts).
        while self._pending and (self._pending[0][1].done() or len(self._pending) > MAX_PENDING):
            self._index_next()

    def _index_next(self) -> None:
        ids, pending = self._pending.popleft()
        clock = _clock()
        built = pending.result()
        self._lap("wait", clock)
        clock = _clock()
        self.next_key = search_index.add_new(self.db, "technology", ids, built, self.next_key, queued=False)
        self._lap("index", clock)

    def flush(self) -> None:
        """Write the index rows still pending (call it before committing)."""
        self._begin()
        while self._pending:
            self._index_next()

    def _lap(self, stage: str, since: tuple[float, float]) -> None:
        wall, cpu = _clock()
        self.timings[stage] += wall - since[0]
        self.timings[f"{stage}_cpu"] += cpu - since[1]

    def _begin(self) -> None:
        # The DB-API cursor below SQLAlchemy does not start a transaction itself (the store's driver
        # runs in autocommit mode and SQLAlchemy emits BEGIN): a caller that commits between batches,
        # as the demo does, would otherwise write every row in a transaction of its own (5× slower).
        if not self.conn.in_transaction():
            self.conn.begin()

    def close(self) -> None:
        """Stop the worker and give the connection its usual page cache back (also after a failure)."""
        self._worker.close()
        self._pending.clear()
        self.db.run(f"PRAGMA cache_size = {self.cache_size}")

    def finish(self) -> None:
        """Index what is pending; when the new rows are a large share of the library, merge index
        segments and refresh term statistics (as a rebuild leaves them).
        """
        self.flush()
        clock = _clock()
        live = int(self.db.one("SELECT count(*) FROM technology WHERE deleted_at IS NULL") or 0)
        if self.written > search_index.REBUILD_SHARE * live:
            search_index.bulk_finish(self.db, ["technology"])
        self._lap("finish", clock)
