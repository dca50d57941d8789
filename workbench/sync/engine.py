"""Push the local change log to the district server, then pull what changed there; resumable, idempotent.

Every pushed change carries a client id (this laptop's install id + the change-log row), so a sync cut off
after the server committed but before the laptop noted it sends the same changes again and the server
answers "duplicate". Pulled records are written under the actor :data:`SYNC_ACTOR`, which the next push
skips, so nothing comes back as the laptop's own edit. A first sync (joining) uploads every record the
laptop holds, whether or not the change log remembers how it got there.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text as sql_text
from sqlmodel import Session, col, select

from workbench.errors import NotFoundError, WorkbenchError
from workbench.i18n import t
from workbench.models import ENTITY_TABLES, ChangeLog, Match, Record
from workbench.store.changelog import creation_text
from workbench.sync import children, state, values
from workbench.sync.state import SyncState

log = logging.getLogger(__name__)

SYNC_ACTOR = "sync"
PUSH_BATCH = 500
PULL_PAGE = 1000
# Published by the district office, never pushed from a laptop.
NOT_PUSHED = frozenset({"policy"})
# Parents before children, so that a first upload reads naturally in the server's change table.
KIND_ORDER = (
    "broker",
    "enterprise",
    "contact",
    "institution",
    "technology",
    "visit",
    "need",
    "match",
    "contract",
    "payment",
    "claim",
)

Progress = Callable[[str, int, int], None]


class SyncError(WorkbenchError):
    """Sync could not run or finish; the message says why in words (nothing local is lost)."""


@dataclass(frozen=True)
class Change:
    client_id: str
    kind: str
    record_id: str
    op: str
    field: str | None = None
    base: Any = None
    new: Any = None


@dataclass
class SyncReport:
    first_sync: bool = False
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    conflicts: int = 0
    not_visible: int = 0
    refused: list[str] = field(default_factory=list)
    pulled: int = 0
    skipped: int = 0
    withdrawn: int = 0
    # Records whose pushed change the server did not apply: the laptop takes the server's version again.
    kept_by_server: set[str] = field(default_factory=set)
    open_conflicts: int = 0
    cursor: int = 0

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["kept_by_server"] = len(self.kept_by_server)
        return out


def changes_from_log(
    session: Session, rows: Sequence[ChangeLog], install: str, covered: Covered | None = None
) -> list[Change]:
    """What the server is sent for these change-log rows (read in ``session``).

    A bulk import logs its creations without content ("the record as it stands"): they are sent with the
    record's fields and collections as read now, which already hold every edit made since. ``covered``
    (kept by the caller across the pages of one push) remembers them, so that those edits' own rows, up to
    the newest row at the time of reading, are not sent again: on the server a record edited twice (V1 → V2 →
    V3) would hold V3 and take the row V1 → V2 for a conflicting edit.
    """
    covered = Covered() if covered is None else covered
    contents = _contents_of_bare_creations(session, rows, covered)
    return list(_changes_from_log(rows, install, contents, covered))


@dataclass
class Covered:
    """Records uploaded as they stood: record id → the newest change-log row their content included."""

    records: dict[str, int] = field(default_factory=dict)


def _contents_of_bare_creations(
    session: Session, rows: Sequence[ChangeLog], covered: Covered
) -> dict[str, dict[str, Any]]:
    """A bulk import logs its creations without content: make it now, from the records as they stand."""
    wanted: dict[str, list[str]] = {}
    for row in rows:
        if row.op == "create" and row.new is None and row.entity not in NOT_PUSHED:
            wanted.setdefault(row.entity, []).append(row.entity_id)
    if not wanted:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for kind, ids in wanted.items():
        model = values.model_for(kind)
        if model is None:
            continue
        objs = list(session.exec(select(model).where(col(model.id).in_(ids))))
        kept = children.read_many(session, kind, [obj.id for obj in objs])
        for obj in objs:
            data = _logged_content(model, creation_text(obj))
            # Collections as they stand too, as a first sync sends them (an empty one is not sent: the
            # services log none for a record created without it).
            data.update({name: value for name, value in kept[obj.id].items() if value})
            found[obj.id] = data
    # Read in the same transaction as the records: every row up to here is in what they hold.
    newest = _newest_log_id(session)
    covered.records.update(dict.fromkeys(found, newest))
    return found


def _logged_content(model: type[Record], text: str) -> dict[str, Any]:
    """A creation's logged text (every logged column as text) as the values the server is sent."""
    raw = json.loads(text)
    return {name: values.from_log(model, name, raw.get(name)) for name in raw}


def _newest_log_id(session: Session) -> int:
    return int(session.exec(select(ChangeLog.id).order_by(col(ChangeLog.id).desc()).limit(1)).first() or 0)


def _changes_from_log(
    rows: Sequence[ChangeLog], install: str, contents: dict[str, dict[str, Any]], covered: Covered
) -> Iterator[Change]:
    for row in rows:
        model = values.model_for(row.entity)
        if model is None or row.entity in NOT_PUSHED:
            continue
        client_id = f"{install}:{row.id}"
        if row.op == "create":
            if row.new is None:
                data = contents.get(row.entity_id)
                if data is None:
                    continue  # a bare creation of a record no longer here: nothing to upload
            else:
                data = _logged_content(model, row.new)
            yield Change(client_id, row.entity, row.entity_id, "create", new=data)
        elif row.op in ("delete", "restore"):
            yield Change(client_id, row.entity, row.entity_id, row.op)
        elif row.field is not None and row.field not in values.LOCAL_ONLY:
            if (row.id or 0) <= covered.records.get(row.entity_id, 0):
                continue  # already in the content its creation was sent with
            yield Change(
                client_id,
                row.entity,
                row.entity_id,
                "update",
                row.field,
                values.from_log(model, row.field, row.old),
                values.from_log(model, row.field, row.new),
            )


def _snapshot_changes(session: Session, install: str) -> Iterator[Change]:
    for kind in KIND_ORDER:
        if kind in NOT_PUSHED:
            continue
        model = ENTITY_TABLES[kind]
        for obj in session.exec(select(model).order_by(col(model.created_at), col(model.id))):
            data = {**values.snapshot(obj), **children.read_all(session, kind, obj.id)}
            yield Change(f"{install}:snap:{obj.id}", kind, obj.id, "create", new=data)
            if obj.deleted_at is not None:
                yield Change(f"{install}:snapdel:{obj.id}", kind, obj.id, "delete")


_PUSH_SQL = "SELECT wb.push(%s, %s, %s, %s, %s, %s, %s)"
PULL_SQL = "SELECT id, kind, data, deleted_at, seq FROM wb.record WHERE seq > %s ORDER BY seq LIMIT %s"


def _send(conn: Any, batch: Sequence[Change], report: SyncReport) -> None:
    from psycopg.types.json import Jsonb

    with conn.transaction():
        with conn.pipeline():
            cursors = [
                conn.execute(
                    _PUSH_SQL,
                    (c.client_id, c.kind, c.record_id, c.op, c.field, Jsonb(c.base), Jsonb(c.new)),
                )
                for c in batch
            ]
        outcomes = [str(cur.fetchone()[0]) for cur in cursors]
    for change, outcome in zip(batch, outcomes, strict=True):
        report.pushed += 1
        if outcome not in ("applied", "exists", "duplicate"):
            report.kept_by_server.add(change.record_id)
        if outcome in ("applied", "exists"):
            report.applied += 1
        elif outcome == "duplicate":
            report.duplicates += 1
        elif outcome in ("conflict", "duplicate_record"):
            report.conflicts += 1
        elif outcome == "not_visible":
            report.not_visible += 1
        else:
            report.refused.append(f"{change.kind} {change.record_id} {change.field or change.op}: {outcome}")


def push(store: Any, conn: Any, report: SyncReport, progress: Progress | None = None) -> None:
    from workbench.queries.sync import pending_changes

    stage = t("上传", "push")
    with store.session(actor=SYNC_ACTOR) as session:
        current = state.load(session)
        state.ensure_install(session, current)
        top = _newest_log_id(session)
        total = pending_changes(session)
    done = 0
    if current.pushed is None:
        # Joining: upload what the laptop holds, then continue from the change log's end.
        report.first_sync = True
        with store.session(actor=SYNC_ACTOR) as session:
            batch: list[Change] = []
            for change in _snapshot_changes(session, current.install):
                batch.append(change)
                if len(batch) >= PUSH_BATCH:
                    _send(conn, batch, report)
                    batch = []
                    if progress:
                        progress(stage, min(report.pushed, total), total)
            if batch:
                _send(conn, batch, report)
            if progress:
                progress(stage, total, total)
        with store.session(actor=SYNC_ACTOR) as session:
            state.save(session, pushed=top)
        return
    after = current.pushed
    covered = Covered()
    while True:
        with store.session(actor=SYNC_ACTOR) as session:
            rows = list(
                session.exec(
                    select(ChangeLog)
                    .where(col(ChangeLog.id) > after, ChangeLog.actor != SYNC_ACTOR)
                    .order_by(col(ChangeLog.id))
                    .limit(PUSH_BATCH)
                )
            )
            changes = changes_from_log(session, rows, current.install, covered)
            session.expunge_all()
        if not rows:
            break
        if changes:
            _send(conn, changes, report)
        after = int(rows[-1].id or after)
        with store.session(actor=SYNC_ACTOR) as session:
            state.save(session, pushed=after)
        done += len(rows)
        if progress:
            progress(stage, min(done, total), total)


_TABLE_MODELS: dict[str, type[Record]] = {m.__tablename__: m for m in ENTITY_TABLES.values()}  # type: ignore[misc]


def _apply_policy(session: Session, ident: str, data: dict[str, Any]) -> Record | None:
    """A policy the district published: the district's version of that key and number is the one in force."""
    from workbench.models import Policy

    same = session.exec(
        select(Policy).where(
            Policy.policy_key == data.get("policy_key"), Policy.version == data.get("version")
        )
    ).first()
    if same is None:
        policy = Policy(
            id=ident,
            policy_key=str(data["policy_key"]),
            version=int(data["version"]),
            name=str(data.get("name") or data["policy_key"]),
            data=dict(data.get("data") or {}),
            fingerprint=str(data.get("fingerprint") or ""),
            active=bool(data.get("active", True)),
        )
        session.add(policy)
        return policy
    if same.fingerprint != data.get("fingerprint"):
        same.name = str(data.get("name") or same.name)
        same.data = dict(data.get("data") or {})
        same.fingerprint = str(data.get("fingerprint") or "")
    return None


def _apply(
    session: Session, kind: str, ident: str, data: dict[str, Any], deleted_at: datetime | None
) -> Record | None:
    if kind == "policy":
        return _apply_policy(session, ident, data)
    model = values.model_for(kind)
    if model is None or kind in NOT_PUSHED:
        return None
    fields = {
        name: values.to_python(model, name, data[name])
        for name in values.content_fields(model)
        if name in data
    }
    obj = session.get(model, ident)
    if obj is None:
        obj = model(id=ident, **fields)
        obj.deleted_at = deleted_at
        session.add(obj)
        return obj
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
    if obj.deleted_at != deleted_at and (obj.deleted_at is None) != (deleted_at is None):
        obj.deleted_at = deleted_at
    return obj


def _dangling(session: Session, obj: Record) -> bool:
    """Clear references to records this person may not see; True when a required one is missing."""
    for fk in type(obj).__table__.foreign_keys:  # type: ignore[attr-defined]
        value = getattr(obj, fk.parent.name, None)
        target = _TABLE_MODELS.get(fk.column.table.name)
        if value is None or target is None or session.get(target, value) is not None:
            continue
        if fk.parent.nullable:
            setattr(obj, fk.parent.name, None)
        else:
            return True
    return False


def _apply_page(store: Any, rows: Sequence[Any], report: SyncReport, cursor: int | None) -> None:
    with store.session(actor=SYNC_ACTOR) as session:
        # A child may arrive before its parent within one page; the page commits as a whole.
        session.exec(sql_text("PRAGMA defer_foreign_keys = ON"))
        applied = [
            obj
            for ident, kind, data, deleted_at, _ in rows
            if (obj := _apply(session, kind, ident, data, deleted_at)) is not None
        ]
        session.flush()
        for obj in applied:
            if _dangling(session, obj):
                session.delete(obj)
                report.skipped += 1
        kept = {obj.id for obj in applied if obj not in session.deleted}
        for ident, kind, data, _deleted_at, _ in rows:
            for name in children.COLLECTIONS.get(kind, {}):
                if name in data and (ident in kept or session.get(ENTITY_TABLES[kind], ident) is not None):
                    children.write(session, kind, ident, name, data[name])
        if cursor is not None:
            state.save(session, cursor=cursor)


def _restore_server_versions(store: Any, conn: Any, report: SyncReport) -> None:
    """Where the server kept its own value (a conflict, a refusal), the laptop shows that value again."""
    ids = sorted(report.kept_by_server)
    if not ids:
        return
    rows = conn.execute(
        "SELECT id, kind, data, deleted_at, seq FROM wb.record WHERE id = ANY(%s)", (ids,)
    ).fetchall()
    conn.commit()
    if rows:
        _apply_page(store, rows, report, None)


def pull(store: Any, conn: Any, report: SyncReport, progress: Progress | None = None) -> None:
    _restore_server_versions(store, conn, report)
    with store.session(actor=SYNC_ACTOR) as session:
        cursor = state.load(session).cursor
    stage = t("下载", "pull")
    waiting = conn.execute("SELECT count(*) FROM wb.record WHERE seq > %s", (cursor,)).fetchone()
    total = int(waiting[0]) if waiting else 0
    while True:
        rows = conn.execute(PULL_SQL, (cursor, PULL_PAGE)).fetchall()
        conn.commit()
        if not rows:
            break
        cursor = int(rows[-1][4])
        _apply_page(store, rows, report, cursor)
        report.pulled += len(rows)
        if progress:
            progress(stage, min(report.pulled, total), max(total, report.pulled))
    report.cursor = cursor
    report.withdrawn = _withdraw_invisible(store, conn)


def _withdraw_invisible(store: Any, conn: Any) -> int:
    """Remove other brokers' needs that this person may no longer see (marked confidential since).

    Only those can vanish from view: shared kinds stay shared and own records stay one's own. The server
    never sends the change that hid them, so the laptop asks which of the ones it received are still there.
    """
    with store.session(actor=SYNC_ACTOR) as session:
        received = set(
            session.exec(
                select(ChangeLog.entity_id).where(
                    ChangeLog.actor == SYNC_ACTOR, ChangeLog.entity == "need", ChangeLog.op == "create"
                )
            ).all()
        )
        held = [n for n in received if session.get(ENTITY_TABLES["need"], n) is not None]
    if not held:
        return 0
    visible = {r[0] for r in conn.execute("SELECT id FROM wb.record WHERE id = ANY(%s)", (held,)).fetchall()}
    conn.commit()
    gone = [n for n in held if n not in visible]
    withdrawn = 0
    with store.session(actor=SYNC_ACTOR) as session:
        for ident in gone:
            obj = session.get(ENTITY_TABLES["need"], ident)
            referenced = session.exec(select(Match.id).where(Match.need_id == ident).limit(1)).first()
            if obj is not None and referenced is None:
                session.delete(obj)
                withdrawn += 1
    return withdrawn


@dataclass(frozen=True)
class Conflict:
    id: int
    kind: str
    record_id: str
    field: str | None
    reason: str
    base: Any
    mine: Any
    theirs: Any
    theirs_by: str | None
    theirs_at: str | None
    created_at: str


def fetch_conflicts(conn: Any) -> list[Conflict]:
    rows = conn.execute(
        "SELECT id, kind, record_id, field, reason, base, mine, theirs, theirs_by, theirs_at, created_at"
        " FROM wb.conflict WHERE resolved_at IS NULL AND owner = session_user ORDER BY id"
    ).fetchall()
    conn.commit()
    return [
        Conflict(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9].isoformat() if r[9] else None,
            r[10].isoformat(),
        )
        for r in rows
    ]


def sync(store: Any, connect: Callable[[], Any], progress: Progress | None = None) -> SyncReport:
    """Push, then pull, then refresh the list of open conflicts; safe to run again at any point."""
    report = SyncReport()
    with connect() as conn:
        push(store, conn, report, progress)
        pull(store, conn, report, progress)
        conflicts = fetch_conflicts(conn)
        conn.execute("SELECT wb.mark_synced(true)")
        conn.commit()
    with store.session(actor=SYNC_ACTOR) as session:
        state.save(
            session,
            conflicts=[asdict(c) for c in conflicts],
            last_sync=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    report.open_conflicts = len(conflicts)
    return report


def resolve(store: Any, connect: Callable[[], Any], conflict_id: int, keep: str) -> SyncReport:
    """Decide one conflict: keep theirs (the server's value stays) or mine (pushed as a new change)."""
    if keep not in ("mine", "theirs"):
        raise SyncError(t("请选择 mine 或 theirs", "Choose mine or theirs"))
    with store.session(actor=SYNC_ACTOR) as session:
        known = {c["id"]: c for c in state.load(session).conflicts}
    found = known.get(conflict_id)
    if found is None:
        raise NotFoundError(t("冲突", "conflict"), str(conflict_id))
    conflict = Conflict(**found)
    model = values.model_for(conflict.kind)
    if keep == "mine" and model is not None:
        with store.session(actor="cli") as session:
            obj = session.get(model, conflict.record_id)
            if obj is None:
                raise NotFoundError(conflict.kind, conflict.record_id)
            if conflict.reason == "duplicate":
                _merge_duplicate(session, model, keep_id=str(conflict.theirs), drop_id=conflict.record_id)
            else:
                if obj.deleted_at is not None:
                    obj.deleted_at = None
                if conflict.field:
                    setattr(obj, conflict.field, values.to_python(model, conflict.field, conflict.mine))
    elif conflict.reason == "duplicate" and model is not None:
        # Keeping "theirs" for a duplicate still merges: the district keeps the record created first.
        with store.session(actor="cli") as session:
            _merge_duplicate(session, model, keep_id=str(conflict.theirs), drop_id=conflict.record_id)
    with connect() as conn:
        conn.execute(
            "UPDATE wb.conflict SET resolved_at = now(), resolution = %s WHERE id = %s", (keep, conflict_id)
        )
        conn.commit()
    return sync(store, connect)


def _merge_duplicate(session: Session, model: type[Record], *, keep_id: str, drop_id: str) -> None:
    """Re-point every child of the duplicate to the record kept, then delete the duplicate (logged)."""
    if session.get(model, keep_id) is None:
        raise SyncError(
            t(
                "要保留的记录尚未同步到本机，请先同步",
                "The record to keep has not reached this laptop yet; sync first",
            )
        )
    table = model.__tablename__
    for child in ENTITY_TABLES.values():
        for fk in child.__table__.foreign_keys:  # type: ignore[attr-defined]
            if fk.column.table.name != table:
                continue
            column = getattr(child, fk.parent.name)
            for row in session.exec(select(child).where(column == drop_id)):
                setattr(row, fk.parent.name, keep_id)
    dropped = session.get(model, drop_id)
    if dropped is not None and dropped.deleted_at is None:
        dropped.deleted_at = datetime.now(UTC)


def status(store: Any) -> SyncState:
    with store.session(actor=SYNC_ACTOR) as session:
        return state.load(session)


def pending_changes(store: Any) -> int:
    """Local changes not yet pushed (all records when this laptop never synced)."""
    from workbench.queries.sync import pending_changes as count

    with store.session(actor=SYNC_ACTOR, write=False) as session:
        return count(session)
