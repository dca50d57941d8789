"""Checking the search index against the data and repairing it: after a crash, a bulk import or an upgrade.

Cheap when all is well (counts only); restores lost triggers, drains the queue of records waiting to be
indexed, and re-indexes or rebuilds a kind whose counts disagree with the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from workbench.search import text as tx
from workbench.search.index import (
    _SOURCES,
    DRAIN_LIMIT,
    KINDS,
    REBUILD_SHARE,
    TEXT_TABLES,
    TRIGGER_TABLES,
    Cancel,
    Db,
    Progress,
    _connection,
    _rebuild_kind,
    has_index,
    index_records,
    refresh_term_stats,
)

log = logging.getLogger("workbench.search.index")


@dataclass(frozen=True)
class KindStatus:
    """One kind's counts: live records, index keys, FTS text rows (None where the kind has none)."""

    kind: str
    live: int
    keys: int
    search_rows: int
    text_rows: int | None
    queued: int

    @property
    def ok(self) -> bool:
        same = self.live == self.keys == self.search_rows
        return same and self.queued == 0 and self.text_rows in (None, self.keys)


@dataclass
class RepairReport:
    """What :func:`verify_and_repair` found and did."""

    before: list[KindStatus] = field(default_factory=list)
    reindexed: dict[str, int] = field(default_factory=dict)
    rebuilt: dict[str, int] = field(default_factory=dict)
    triggers_restored: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.reindexed or self.rebuilt or self.triggers_restored)


def trigger_ddl() -> dict[str, str]:
    """Trigger name → DDL; identical to what migration 0002 creates (a test holds them together)."""
    out: dict[str, str] = {}
    for table, (kind, key, columns) in TRIGGER_TABLES.items():
        new = f"INSERT OR IGNORE INTO search_queue(kind, entity_id) VALUES ('{kind}', NEW.{key});"
        old = f"INSERT OR IGNORE INTO search_queue(kind, entity_id) VALUES ('{kind}', OLD.{key});"
        out[f"search_q_{table}_ins"] = (
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_ins AFTER INSERT ON {table} BEGIN {new} END"
        )
        out[f"search_q_{table}_upd"] = (
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_upd AFTER UPDATE OF {', '.join(columns)} "
            f"ON {table} BEGIN {old} {new} END"
        )
        out[f"search_q_{table}_del"] = (
            f"CREATE TRIGGER IF NOT EXISTS search_q_{table}_del AFTER DELETE ON {table} BEGIN {old} END"
        )
    return out


@contextmanager
def queueing_suspended(db: Db, names: Sequence[str]) -> Iterator[None]:
    """Drop the queueing triggers ``names`` for a bulk writer that indexes its rows itself; re-create them.

    Only inside the caller's transaction: SQLite's DDL is transactional, so a rollback (a cancelled or
    failed import, a crash) brings the triggers back with everything else, and no other connection ever
    sees them missing. The triggers are re-created also when the body raises, so a caller that goes on
    in the same transaction (e.g. writing the rest of an import through the services) is queued again.
    """
    ddl = trigger_ddl()
    for name in names:
        db.run(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        for name in names:
            db.run(ddl[name])


def _status(db: Db, kind: str) -> KindStatus:
    table = _SOURCES[kind].table
    text = TEXT_TABLES.get(kind)
    return KindStatus(
        kind=kind,
        live=int(db.one(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL") or 0),
        keys=int(db.one("SELECT count(*) FROM search_key WHERE kind = ?", [kind]) or 0),
        search_rows=int(
            db.one("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", [f"kind : {tx.quote(kind)}"])
            or 0
        ),
        text_rows=None if text is None else int(db.one(f"SELECT count(*) FROM {text}") or 0),
        queued=int(db.one("SELECT count(*) FROM search_queue WHERE kind = ?", [kind]) or 0),
    )


def _stats_stale(db: Db, table: str) -> bool:
    """The term snapshot is missing, or the index grew or shrank by more than a fifth since it was taken."""
    then = db.one("SELECT df FROM search_term WHERE tbl = ? AND term = ''", [table])
    now = int(db.one(f"SELECT count(*) FROM {table}") or 0)
    if then is None:
        return now > 0
    return abs(now - int(then)) > 0.2 * max(now, 1)


def verify(target: Any) -> list[KindStatus]:
    """The index's counts against the store's, per kind (read-only)."""
    with _connection(target) as conn:
        db = Db(conn)
        return [_status(db, kind) for kind in KINDS]


def _stale(db: Db, kind: str) -> list[str]:
    """Records missing from the index, and index keys of records that are deleted or gone."""
    table = _SOURCES[kind].table
    missing = db.rows(
        f"SELECT e.id FROM {table} e WHERE e.deleted_at IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM search_key k WHERE k.kind = ? AND k.entity_id = e.id)",
        [kind],
    )
    extra = db.rows(
        f"SELECT k.entity_id FROM search_key k WHERE k.kind = ? AND NOT EXISTS "
        f"(SELECT 1 FROM {table} e WHERE e.id = k.entity_id AND e.deleted_at IS NULL)",
        [kind],
    )
    return [r[0] for r in (*missing, *extra)]


def verify_and_repair(
    target: Any, *, progress: Progress | None = None, cancel: Cancel | None = None
) -> RepairReport:
    """Check the index against the store and repair it where they differ (run it when a file opens).

    Cheap when all is well (counts only). Restores lost triggers, drains the queue (or rebuilds a kind
    when most of it is queued), re-indexes missing or stale records, and rebuilds a kind whose FTS rows
    no longer match its keys (rows lost behind the index's back).
    """
    report = RepairReport()
    with _connection(target) as conn:
        if not has_index(conn):
            return report
        db = Db(conn)
        present = {r[0] for r in db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        for name, ddl in trigger_ddl().items():
            if name not in present:
                db.run(ddl)
                report.triggers_restored.append(name)
        for kind in KINDS:
            status = _status(db, kind)
            report.before.append(status)
            if status.ok and not report.triggers_restored:
                continue
            if status.queued > max(DRAIN_LIMIT, REBUILD_SHARE * status.live):
                report.rebuilt[kind] = _rebuild_kind(db, kind, progress, cancel, wipe=True)
                continue
            ids = [e for (e,) in db.rows("SELECT entity_id FROM search_queue WHERE kind = ?", [kind])]
            ids += _stale(db, kind)
            if ids:
                report.reindexed[kind] = index_records(db, kind, ids)
            after = _status(db, kind)
            if not after.ok:
                log.warning("search index for %s differs from the store (%s); rebuilding", kind, after)
                report.rebuilt[kind] = _rebuild_kind(db, kind, progress, cancel, wipe=True)
        for kind, table in TEXT_TABLES.items():
            if kind in report.rebuilt or _stats_stale(db, table):
                refresh_term_stats(db, table)
    if report.changed:
        log.info("search index repaired: %s", report)
    return report
