"""The search index: FTS5 tables kept true to the store, rebuilt in bulk, checked and repaired after a crash.

Tables (created by migration 0002):

* ``search_key(id, kind, entity_id)`` — a stable integer handle per record; it is the rowid of the
  record's rows in the FTS5 tables (UUID keys cannot be FTS rowids).
* ``tech_fts`` / ``need_fts`` (title, keywords, body) — word-segmented text for BM25 matching.
* ``search_fts`` (name, numbers, initials, kind) — the search box over enterprises, contacts, needs,
  technologies and contracts: names with a space around every CJK character (substring recall for one-
  and two-character words), numbers (USCC, patents, registration and filing numbers, phones) and pinyin
  initials. All three are contentless (``content=''``): the text lives in the entity tables already.
* ``search_queue(kind, entity_id)`` — an outbox filled by triggers on the entity tables, whoever writes
  (the ORM, a Core bulk insert, another process).

**How the index stays true.** Triggers queue every insert, delete and update of an indexed column in the
same transaction as the change. A session hook (registered with the store when this module is imported)
drains the queue just before each commit: it re-reads the queued records and
rewrites their index rows, inside the same transaction, so data and index commit or roll back together.
We chose triggers + one hook over explicit calls from each service because no write path can forget
them: demo and import code that bulk-inserts with SQLAlchemy Core is queued too. A bulk writer
(``workbench.io.bulk``) indexes its rows itself as it writes them (:func:`add_new`), because that is
faster than draining a million queue rows or rebuilding after; it sets the insert triggers aside while
it inserts (:func:`queueing_suspended`, inside its transaction: a rollback brings them back).

**After a crash** nothing can be half-written (one transaction). :func:`verify_and_repair` still checks
at open: the triggers exist, the queue is empty, and per kind the store's live count equals the number
of index keys and of FTS rows; where they differ it re-indexes what is missing or stale, and rebuilds the
kind when FTS rows themselves were lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from sqlalchemy import Connection, inspect
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as OrmSession

from workbench.errors import WorkbenchError
from workbench.i18n import t
from workbench.models import Record, TechPatent
from workbench.search import text as tx
from workbench.search.docs import Doc, SearchRow, TextRow, build_doc, json_list
from workbench.store.changelog import register_session_hooks

log = logging.getLogger(__name__)

# The kinds the index covers, in the order a full rebuild goes (the small kinds' progress shows at once).
KINDS: tuple[str, ...] = ("enterprise", "contact", "need", "contract", "technology")
# Triggers that must exist: table → (kind it queues, key column, watched columns); migration 0002
# creates the same, verify_and_repair re-creates lost ones. A technology's patents live in tech_patent.
TRIGGER_TABLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "technology": (
        "technology",
        "id",
        ("title", "abstract", "keywords", "technical_field", "filing_no", "deleted_at"),
    ),
    "need": (
        "need",
        "id",
        (
            "title",
            "problem",
            "key_technology",
            "expected_goals",
            "keywords",
            "technical_field",
            "filing_no",
            "deleted_at",
        ),
    ),
    "enterprise": ("enterprise", "id", ("name", "uscc", "deleted_at")),
    "contact": ("contact", "id", ("name", "mobile", "phone", "email", "wechat", "deleted_at")),
    "contract": (
        "contract",
        "id",
        ("title", "registration_no", "seller_name", "buyer_name", "seller_uscc", "buyer_uscc", "deleted_at"),
    ),
    "tech_patent": ("technology", "technology_id", ("technology_id", "number")),
}
# Record columns whose change requires re-indexing, per kind.
WATCHED: dict[str, frozenset[str]] = {
    kind: frozenset(columns) for table, (kind, _key, columns) in TRIGGER_TABLES.items() if table == kind
}
# Word-segmented FTS table per kind (the others are only in search_fts).
TEXT_TABLES: dict[str, str] = {"technology": "tech_fts", "need": "need_fts"}

# Rows read and written per round trip: large enough that SQLite's per-statement cost vanishes, small
# enough that progress is smooth and memory stays flat (a 20,000-character abstract is the worst case).
CHUNK = 2000
# FTS5's in-memory buffer of pending terms during a rebuild: flushing it less often halves the insert
# time (measured: 100,000 abstracts 9.8 s with the default, 4.5 s with 16 MiB); it costs this much memory
# per FTS table being written, only while writing.
REBUILD_HASHSIZE = 32 * 1024 * 1024
# A commit drains at most this many queued records; a bigger queue (a bulk import that did not call
# rebuild) is left for verify_and_repair, which runs off the UI thread with progress.
DRAIN_LIMIT = 5000
# Above this share of a kind's records queued, rebuilding the kind is faster than draining the queue.
REBUILD_SHARE = 0.3

Progress = Callable[[str, int, int], None]
Cancel = Callable[[], bool]


class IndexCancelledError(WorkbenchError):
    """A rebuild or repair was cancelled (on a Store, nothing was changed)."""


# -- what goes into the index ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    table: str
    columns: tuple[str, ...]


_SOURCES: dict[str, _Source] = {
    "technology": _Source("technology", ("title", "keywords", "abstract", "technical_field", "filing_no")),
    "need": _Source(
        "need",
        (
            "title",
            "keywords",
            "problem",
            "key_technology",
            "expected_goals",
            "technical_field",
            "filing_no",
        ),
    ),
    "enterprise": _Source("enterprise", ("name", "uscc")),
    "contact": _Source("contact", ("name", "mobile", "phone", "email", "wechat")),
    "contract": _Source(
        "contract",
        ("title", "seller_name", "buyer_name", "registration_no", "seller_uscc", "buyer_uscc"),
    ),
}


# -- database access ---------------------------------------------------------------------------------------


class Db:
    """The DB-API cursor of a SQLAlchemy connection: executemany without per-row SQLAlchemy overhead."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.cur.execute(sql, params).fetchall())

    def one(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.cur.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def run(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.cur.execute(sql, params)

    def many(self, sql: str, seq: Iterable[Sequence[Any]]) -> None:
        self.cur.executemany(sql, seq)


@contextmanager
def _connection(target: Any) -> Iterator[Connection]:
    """A connection in a transaction: the session's own, or a new one on the store committed at the end."""
    if isinstance(target, Connection):
        yield target
    elif isinstance(target, OrmSession):
        yield target.connection()
    else:
        with target.engine.begin() as conn:
            yield conn


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def placeholders(n: int) -> str:
    """``?,?,?`` for an IN list of ``n`` parameters."""
    return ",".join("?" * n)


# Note on "+deleted_at IS NULL" in queries by id or rowid: the unary plus keeps SQLite from using the
# deleted_at index, which matches almost every row; without it a lookup of 400 ids scanned the table.


def has_index(conn: Connection) -> bool:
    """Whether this database has the index tables (migration 0002); cached per connection once true."""
    if conn.info.get("search_index"):
        return True
    found = conn.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('search_key', 'search_queue', 'search_fts')"
    ).scalar()
    if found == 3:
        conn.info["search_index"] = True
        return True
    return False


# -- writing index rows --------------------------------------------------------------------------------------


def _fetch(db: Db, kind: str, ids: Sequence[str]) -> dict[str, Doc]:
    """Live records among ``ids`` with their index rows (deleted or missing ones are absent)."""
    src = _SOURCES[kind]
    out: dict[str, Doc] = {}
    for part in _chunks(ids):
        rows = db.rows(
            f"SELECT id, {', '.join(src.columns)} FROM {src.table} "
            f"WHERE +deleted_at IS NULL AND id IN ({placeholders(len(part))})",
            list(part),
        )
        patents = _patents(db, [r[0] for r in rows]) if kind == "technology" else {}
        for r in rows:
            out[r[0]] = build_doc(kind, r[1:], patents.get(r[0], ()))
    return out


def _patents(db: Db, ids: Sequence[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in _chunks(ids):
        for tech_id, number in db.rows(
            "SELECT technology_id, number FROM tech_patent "
            f"WHERE technology_id IN ({placeholders(len(part))})",
            list(part),
        ):
            out.setdefault(tech_id, []).append(number)
    return out


def _delete_rows(db: Db, kind: str, rowids: Sequence[int]) -> None:
    if not rowids:
        return
    params = [(r,) for r in rowids]
    if kind in TEXT_TABLES:
        db.many(f"DELETE FROM {TEXT_TABLES[kind]} WHERE rowid = ?", params)
    db.many("DELETE FROM search_fts WHERE rowid = ?", params)


def _insert_rows(db: Db, kind: str, rows: Iterable[tuple[int, TextRow | None, SearchRow]]) -> None:
    """Write index rows under their keys: (key, text row or None, search-box row)."""
    rows = list(rows)
    if not rows:
        return
    if kind in TEXT_TABLES:
        db.many(
            f"INSERT INTO {TEXT_TABLES[kind]}(rowid, title, keywords, body) VALUES (?, ?, ?, ?)",
            [(rowid, *text) for rowid, text, _search in rows if text is not None],
        )
    db.many(
        "INSERT INTO search_fts(rowid, name, numbers, initials, kind) VALUES (?, ?, ?, ?, ?)",
        [(rowid, *search) for rowid, _text, search in rows],
    )


def index_records(db: Db, kind: str, ids: Iterable[str]) -> int:
    """Make the index rows of these records match the store (add, rewrite or remove); returns how many."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    live = _fetch(db, kind, wanted)
    keys: dict[str, int] = {}
    for part in _chunks(wanted):
        keys.update(
            db.rows(
                "SELECT entity_id, id FROM search_key WHERE kind = ? "
                f"AND entity_id IN ({placeholders(len(part))})",
                [kind, *part],
            )
        )
    _delete_rows(db, kind, list(keys.values()))
    gone = [(kind, e) for e in keys if e not in live]
    db.many("DELETE FROM search_key WHERE kind = ? AND entity_id = ?", gone)
    new = [(kind, e) for e in live if e not in keys]
    db.many("INSERT INTO search_key(kind, entity_id) VALUES (?, ?)", new)
    if new:
        for part in _chunks([e for _, e in new]):
            keys.update(
                db.rows(
                    "SELECT entity_id, id FROM search_key WHERE kind = ? "
                    f"AND entity_id IN ({placeholders(len(part))})",
                    [kind, *part],
                )
            )
    _insert_rows(db, kind, ((keys[e], doc.text, doc.search) for e, doc in live.items()))
    db.many("DELETE FROM search_queue WHERE kind = ? AND entity_id = ?", [(kind, e) for e in wanted])
    return len(wanted)


def bulk_begin(db: Db) -> int:
    """Prepare a transaction that will index many new records; returns the first free index key.

    FTS5 gets the larger in-memory term buffer a rebuild uses (flushed less often: half the insert time).
    """
    for table in ("tech_fts", "need_fts", "search_fts"):
        db.run(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", [REBUILD_HASHSIZE])
    return int(db.one("SELECT coalesce(max(id), 0) FROM search_key") or 0) + 1


def add_new(
    db: Db,
    kind: str,
    ids: Sequence[str],
    rows: Sequence[tuple[TextRow | None, SearchRow]],
    first_key: int,
    *,
    queued: bool = True,
) -> int:
    """Index records just inserted in this transaction (none has index rows yet) from their values.

    A bulk writer builds each record's index rows (:func:`workbench.search.docs.technology_rows`, as
    :func:`build_doc` does) from the values it inserted, instead of writing the records and reading them
    back: the same index rows as :func:`index_records` writes, without the second pass. Keys are given
    from ``first_key`` on; unless the writer suspended the queueing triggers (``queued=False``), the
    records' queue entries are removed. Returns the next free key.
    """
    if not ids:
        return first_key
    keys = range(first_key, first_key + len(ids))
    db.many("INSERT INTO search_key(id, kind, entity_id) VALUES (?, ?, ?)", zip(keys, repeat(kind), ids))
    _insert_rows(db, kind, ((key, text, search) for key, (text, search) in zip(keys, rows, strict=True)))
    if queued:
        db.many("DELETE FROM search_queue WHERE kind = ? AND entity_id = ?", zip(repeat(kind), ids))
    return first_key + len(ids)


def bulk_finish(db: Db, kinds: Sequence[str]) -> None:
    """After a bulk that made up a large share of ``kinds``: merge FTS segments and refresh the term
    statistics, as :func:`rebuild` leaves them.
    """
    _optimize(db, kinds)
    for kind in kinds:
        if kind in TEXT_TABLES:
            refresh_term_stats(db, TEXT_TABLES[kind])


def reindex(target: Any, kind: str, ids: Iterable[str]) -> int:
    """Re-index some records now (e.g. after an import that wrote with SQLAlchemy Core)."""
    with _connection(target) as conn:
        return index_records(Db(conn), kind, ids)


def drain(conn: Connection, *, limit: int | None = None, also: Iterable[tuple[str, str]] = ()) -> int:
    """Index what the triggers queued, plus the records in ``also``; returns how many were (re)indexed.

    The whole queue is drained unless it holds more than ``limit`` (default :data:`DRAIN_LIMIT`) records.
    """
    db = Db(conn)
    queued: list[tuple[str, str]] = []
    if (db.one("SELECT count(*) FROM search_queue") or 0) <= (DRAIN_LIMIT if limit is None else limit):
        queued = [(k, e) for k, e in db.rows("SELECT kind, entity_id FROM search_queue")]
    by_kind: dict[str, set[str]] = {}
    for kind, ident in [*queued, *also]:
        if kind in _SOURCES:
            by_kind.setdefault(kind, set()).add(ident)
    stray = {k for k, _ in queued} - set(_SOURCES)
    if stray:
        db.many("DELETE FROM search_queue WHERE kind = ?", [(k,) for k in stray])
    return sum(index_records(db, kind, ids) for kind, ids in by_kind.items())


# -- the session hook ---------------------------------------------------------------------------------------

_TOUCHED = "search_touched"
_DIRTY = "search_dirty"


def _after_flush(session: OrmSession, _context: Any) -> None:
    """Remember which indexed records this transaction changed (the triggers also queue them)."""
    touched: set[tuple[str, str]] = session.info.setdefault(_TOUCHED, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, TechPatent):
            touched.add(("technology", obj.technology_id))
        elif isinstance(obj, Record) and obj.kind in WATCHED:
            state = inspect(obj)
            if obj in session.new or any(
                state.attrs[name].history.has_changes() for name in WATCHED[obj.kind]
            ):
                touched.add((obj.kind, obj.id))
    session.info[_DIRTY] = True


def _on_execute(state: ORMExecuteState) -> None:
    # Core-style DML through the session (delete(TechPatent)…) is queued by the triggers; note that the
    # queue needs draining at commit even if nothing was flushed.
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_DIRTY] = True


def _before_commit(session: OrmSession) -> None:
    """Drain the queue inside the committing transaction, so the index commits with the data."""
    if not session.info.get(_DIRTY):
        return
    session.flush()
    session.info.pop(_DIRTY, None)
    touched: set[tuple[str, str]] = session.info.pop(_TOUCHED, set())
    conn = session.connection()
    if not has_index(conn):
        return
    drain(conn, also=touched)


def _forget(session: OrmSession, *_args: Any) -> None:
    if not session.in_transaction():
        session.info.pop(_TOUCHED, None)
        session.info.pop(_DIRTY, None)


register_session_hooks(
    "search-index",
    after_flush=_after_flush,
    do_orm_execute=_on_execute,
    before_commit=_before_commit,
    after_rollback=_forget,
)


# -- rebuild -----------------------------------------------------------------------------------------------


def _label(kind: str) -> str:
    from workbench.services.labels import kind_label

    return t("索引{k}", "Indexing {k}", k=kind_label(kind))


def _rebuild_kind(db: Db, kind: str, progress: Progress | None, cancel: Cancel | None, *, wipe: bool) -> int:
    src = _SOURCES[kind]
    if wipe:
        # The kind's rows are found through their kind token, not through search_key: rows whose key
        # was lost are removed too.
        old = [
            r
            for (r,) in db.rows("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", [_kind_query(kind)])
        ]
        if kind in TEXT_TABLES:
            db.run(f"INSERT INTO {TEXT_TABLES[kind]}({TEXT_TABLES[kind]}) VALUES ('delete-all')")
        db.many("DELETE FROM search_fts WHERE rowid = ?", [(r,) for r in old])
    db.run("DELETE FROM search_key WHERE kind = ?", [kind])
    db.run("DELETE FROM search_queue WHERE kind = ?", [kind])
    total = int(db.one(f"SELECT count(*) FROM {src.table} WHERE deleted_at IS NULL") or 0)
    next_id = int(db.one("SELECT coalesce(max(id), 0) FROM search_key") or 0) + 1
    label = _label(kind)
    done, last_rowid = 0, -1
    if progress:
        progress(label, 0, total)
    while True:
        if cancel is not None and cancel():
            raise IndexCancelledError(t("已取消重建索引", "Rebuilding the index was cancelled"))
        rows = db.rows(
            f"SELECT rowid, id, {', '.join(src.columns)} FROM {src.table} "
            "WHERE +deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ?",
            [last_rowid, CHUNK],
        )
        if not rows:
            break
        last_rowid = rows[-1][0]
        patents = _patents(db, [r[1] for r in rows]) if kind == "technology" else {}
        keys = [(next_id + i, kind, r[1]) for i, r in enumerate(rows)]
        next_id += len(rows)
        db.many("INSERT INTO search_key(id, kind, entity_id) VALUES (?, ?, ?)", keys)
        docs = (build_doc(kind, r[2:], patents.get(r[1], ())) for r in rows)
        _insert_rows(db, kind, ((k[0], d.text, d.search) for k, d in zip(keys, docs, strict=True)))
        done += len(rows)
        if progress:
            progress(label, done, total)
    if progress and done != total:
        progress(label, done, done)
    return done


def rebuild(
    target: Any,
    *,
    kinds: Iterable[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    optimize: bool = True,
) -> dict[str, int]:
    """Rebuild the index of ``kinds`` (default: all) from the store; returns records indexed per kind.

    ``target`` is a Store (one transaction, committed at the end), a Session or a Connection (the
    caller commits). ``progress(stage, done, total)`` is called per chunk; when ``cancel()`` turns true
    the rebuild raises :class:`IndexCancelledError` and, on a Store, leaves the old index as it was.
    Call it after bulk-inserting with SQLAlchemy Core (demo data, imports).
    """
    chosen = [k for k in KINDS if kinds is None or k in set(kinds)]
    out: dict[str, int] = {}
    with _connection(target) as conn:
        db = Db(conn)
        for table in ("tech_fts", "need_fts", "search_fts"):
            db.run(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", [REBUILD_HASHSIZE])
        everything = set(chosen) == set(KINDS)
        if everything:
            # Faster than deleting row by row, and it also clears rows no key points to any more.
            for table in ("tech_fts", "need_fts", "search_fts"):
                db.run(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
            db.run("DELETE FROM search_key")
            db.run("DELETE FROM search_queue")
        for kind in chosen:
            out[kind] = _rebuild_kind(db, kind, progress, cancel, wipe=not everything)
        if optimize:
            _optimize(db, chosen)
        for kind in chosen:
            if kind in TEXT_TABLES:
                refresh_term_stats(db, TEXT_TABLES[kind])
    return out


def refresh_term_stats(db: Db, table: str) -> int:
    """Snapshot the document frequency of every term of a word index (``search_term``); returns terms.

    One pass over the vocabulary (~3 s for a million technologies) instead of one per query term: the
    matcher needs document frequencies to choose terms, and fts5vocab counts them by walking postings.
    The row with the empty term holds the number of documents. Terms added since are looked up live.
    """
    db.run("DELETE FROM search_term WHERE tbl = ?", [table])
    db.run(f"INSERT INTO search_term(tbl, term, df) SELECT ?, term, doc FROM {table}_vocab", [table])
    db.run(f"INSERT INTO search_term(tbl, term, df) SELECT ?, '', count(*) FROM {table}", [table])
    return int(db.one("SELECT count(*) FROM search_term WHERE tbl = ?", [table]) or 0) - 1


def _optimize(db: Db, kinds: Sequence[str]) -> None:
    """Merge FTS segments into one b-tree: fewer segments to read per query term."""
    tables = {TEXT_TABLES[k] for k in kinds if k in TEXT_TABLES} | {"search_fts"}
    for table in sorted(tables):
        db.run(f"INSERT INTO {table}({table}) VALUES ('optimize')")


def _kind_query(kind: str) -> str:
    return f"kind : {tx.quote(kind)}"


# Checking and repair live in their own module; they are part of this module's interface.
from workbench.search.repair import (  # noqa: E402 - repair builds on everything above; re-exported
    KindStatus,
    RepairReport,
    queueing_suspended,
    trigger_ddl,
    verify,
    verify_and_repair,
)

__all__ = [
    "CHUNK",
    "DRAIN_LIMIT",
    "KINDS",
    "REBUILD_HASHSIZE",
    "REBUILD_SHARE",
    "TEXT_TABLES",
    "TRIGGER_TABLES",
    "WATCHED",
    "Cancel",
    "Db",
    "Doc",
    "IndexCancelledError",
    "KindStatus",
    "Progress",
    "RepairReport",
    "add_new",
    "build_doc",
    "bulk_begin",
    "bulk_finish",
    "drain",
    "has_index",
    "index_records",
    "json_list",
    "log",
    "placeholders",
    "queueing_suspended",
    "rebuild",
    "refresh_term_stats",
    "reindex",
    "trigger_ddl",
    "verify",
    "verify_and_repair",
]
