"""The bulk path for technologies, shared by big imports and the demo library.

Rows are written with the DB-API cursor of the caller's connection, inside the caller's transaction:
technologies, their patents, optionally their change-log rows, and their search-index rows. The index
rows are built from the values being written (``search.index.build_doc`` over the same columns) and
added with ``search.index.add_new``, so nothing is read back and no rebuild follows: the same index a
rebuild would make, in one pass. SQLAlchemy's per-value processing of a Core executemany cost more than
the insert itself (measured: 3.6 s of 6.8 s for 20,000 rows), hence the pre-serialised values.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import inspect as sa_inspect

from workbench.models import Technology
from workbench.search import index as search_index

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
_LOGGED = [k for k in COLUMNS if k not in Technology.unlogged and k not in {"id", "created_at", "deleted_at"}]
_TECH_SQL = f"INSERT INTO technology ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_PATENT_SQL = "INSERT INTO tech_patent (technology_id, number, patent_kind) VALUES (?, ?, ?)"
_LOG_SQL = "INSERT INTO change_log (at, actor, op, entity, entity_id, new) VALUES (?, ?, ?, ?, ?, ?)"
# A technology's patents as the one field sync carries them in (workbench.sync.children), as the service logs.
_PATENTS_LOG_SQL = (
    "INSERT INTO change_log (at, actor, op, entity, entity_id, field, old, new) "
    "VALUES (?, ?, 'update', 'technology', ?, '_patents', '[]', ?)"
)
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


# The change log's record of a creation, as the store's flush hook writes it: every logged column as
# text (lists as JSON text) or null, keys sorted — json.dumps(..., ensure_ascii=False, sort_keys=True),
# assembled from the pre-sorted keys because every value is a string or None.
_LOG_KEYS = [json.dumps(k) for k in sorted(_LOGGED)]
_LOG_ORDER = [_LOGGED.index(k) for k in sorted(_LOGGED)]
_STRING = json.encoder.encode_basestring


def _log_json(values: list[Any]) -> str:
    parts = []
    for key, i in zip(_LOG_KEYS, _LOG_ORDER, strict=True):
        v = values[i]
        parts.append(f"{key}: {'null' if v is None else _STRING(v if isinstance(v, str) else str(v))}")
    return "{" + ", ".join(parts) + "}"


def stamp_text(moment: datetime) -> str:
    """A time as the ORM stores it: naive UTC text with microseconds."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def rising_ids(prefix: int | None = None, bits: Callable[[int], int] | None = None) -> Callable[[], str]:
    """UUIDs whose first 48 bits rise (as in UUIDv7): new rows append to the key indexes, not split them."""
    state = {"prefix": (uuid.uuid4().int >> 80) if prefix is None else prefix}
    draw = bits or (lambda n: uuid.uuid4().int & ((1 << n) - 1))

    def next_id() -> str:
        state["prefix"] += 1
        return str(uuid.UUID(int=state["prefix"] << 80 | draw(80), version=4))

    return next_id


class TechnologyWriter:
    """Writes batches of new technologies on one connection, with patents, change log and index rows.

    ``actor`` names the change log's writer (``import:<file>``); None writes no change-log rows (the
    demo's generated reference library). Call :meth:`finish` once after the last batch.
    """

    def __init__(self, conn: Connection, *, actor: str | None) -> None:
        self.conn = conn
        self._begin()
        self.db = search_index.Db(conn)
        self.actor = actor
        self.next_key = search_index.bulk_begin(self.db)
        self.written = 0
        # A larger page cache while writing: the table's new pages otherwise push the title and key
        # index pages out, and each re-read of one is a read and a decryption (SQLCipher).
        # Negative sizes are KiB (a caller's own larger cache, as the demo's, is kept).
        self.cache_size = int(self.db.one("PRAGMA cache_size") or 0)
        if self.cache_size > -BULK_CACHE_KIB:
            self.db.run(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")

    def write(self, rows: Sequence[tuple[str, dict[str, Any], Sequence[tuple[str, str]], datetime]]) -> None:
        """Insert (id, column values, patents as (number, kind), creation time) rows and index them."""
        self._begin()
        tech_rows: list[tuple[Any, ...]] = []
        patent_rows: list[tuple[str, str, str]] = []
        log_rows: list[tuple[Any, ...]] = []
        patent_logs: list[tuple[Any, ...]] = []
        docs: list[tuple[str, search_index.Doc]] = []
        stamps: dict[datetime, str] = {}
        for ident, given, patents, created in rows:
            values = dict(TECH_DEFAULTS)
            values.update((k, v) for k, v in given.items() if k in COLUMN_SET)
            numbers = [n for n, _k in patents]
            source = (values["title"], values["keywords"], values["abstract"], values["technical_field"])
            docs.append(
                (ident, search_index.build_doc("technology", (*source, values["filing_no"]), numbers))
            )
            for k in _JSON_COLUMNS:
                values[k] = _json_list(values[k])
            stamp = stamps.get(created) or stamps.setdefault(created, stamp_text(created))
            values["id"], values["created_at"], values["updated_at"] = ident, stamp, stamp
            tech_rows.append(tuple(values[k] for k in COLUMNS))
            patent_rows.extend((ident, n, k) for n, k in patents)
            if self.actor is not None:
                new = _log_json([values[k] for k in _LOGGED])
                log_rows.append((stamp, self.actor, "create", "technology", ident, new))
                if patents:
                    listed = json.dumps(sorted([n, k] for n, k in patents), ensure_ascii=False)
                    patent_logs.append((stamp, self.actor, ident, listed))
        self.db.many(_TECH_SQL, tech_rows)
        if patent_rows:
            self.db.many(_PATENT_SQL, patent_rows)
        if log_rows:
            self.db.many(_LOG_SQL, log_rows)
        if patent_logs:
            self.db.many(_PATENTS_LOG_SQL, patent_logs)
        self.next_key = search_index.add_new(self.db, "technology", docs, self.next_key)
        self.written += len(rows)

    def _begin(self) -> None:
        # The DB-API cursor below SQLAlchemy does not start a transaction itself (the store's driver
        # runs in autocommit mode and SQLAlchemy emits BEGIN): a caller that commits between batches,
        # as the demo does, would otherwise write every row in a transaction of its own (5× slower).
        if not self.conn.in_transaction():
            self.conn.begin()

    def close(self) -> None:
        """Give the connection its usual page cache back (call it also when the writing failed)."""
        self.db.run(f"PRAGMA cache_size = {self.cache_size}")

    def finish(self) -> None:
        """When the new rows are a large share of the library: merge index segments, refresh term
        statistics (as a rebuild leaves them); otherwise the index is already complete.
        """
        self._begin()
        live = int(self.db.one("SELECT count(*) FROM technology WHERE deleted_at IS NULL") or 0)
        if self.written > search_index.REBUILD_SHARE * live:
            search_index.bulk_finish(self.db, ["technology"])
