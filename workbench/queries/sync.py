"""What the sync button and the Conflicts workspace show: where this laptop stands, and each open conflict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench import catalog
from workbench.i18n import t
from workbench.models import ENTITY_TABLES, ChangeLog
from workbench.queries.common import names_of
from workbench.sync import children, state
from workbench.sync.engine import NOT_PUSHED, SYNC_ACTOR


@dataclass(frozen=True)
class SyncSummary:
    connected: bool
    url: str | None
    user: str | None
    last_sync: datetime | None
    pending: int
    conflicts: int


def pending_changes(session: Session) -> int:
    """Local changes not yet pushed (every record, when this laptop never synced)."""
    current = state.load(session)
    if current.pushed is None:
        return sum(
            int(session.exec(select(func.count()).select_from(m)).one())
            for k, m in ENTITY_TABLES.items()
            if k not in NOT_PUSHED
        )
    return int(
        session.exec(
            select(func.count())
            .select_from(ChangeLog)
            .where(col(ChangeLog.id) > current.pushed, ChangeLog.actor != SYNC_ACTOR)
        ).one()
    )


def sync_summary(session: Session) -> SyncSummary:
    current = state.load(session)
    last = datetime.fromisoformat(current.last_sync) if current.last_sync else None
    return SyncSummary(
        connected=current.connected,
        url=current.url,
        user=current.user,
        last_sync=last,
        pending=pending_changes(session) if current.connected else 0,
        conflicts=len(current.conflicts),
    )


@dataclass(frozen=True)
class ConflictRow:
    id: int
    kind: str
    kind_label: str
    record_id: str
    record: str
    field: str | None
    field_label: str
    reason: str
    reason_text: str
    base: str
    mine: str
    theirs: str
    theirs_by: str
    theirs_at: str


def _shown(entity: Any, name: str | None, value: Any) -> str:
    if value is None:
        return t("（空）", "(empty)")
    if entity is not None and name and name in entity:
        try:
            return str(entity.field(name).format(value))
        except (TypeError, ValueError):
            pass
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _field_label(entity: Any, name: str | None) -> str:
    if name and name.startswith("_"):
        return children.label(name)  # a collection carried as a field (``_patents`` …)
    return str(entity.field(name).text()) if entity is not None and name else ""


def _local_minute(stamp: str | None) -> str:
    """The server's time stamp in this computer's time, to the minute."""
    if not stamp:
        return ""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def _reason(reason: str) -> str:
    return {
        "edited": t("双方修改了同一字段", "Both changed this field"),
        "deleted": t("记录已被他人删除", "Someone deleted the record"),
        "duplicate": t("同一信用代码的企业被重复创建", "Created twice with the same credit code"),
    }.get(reason, reason)


def conflict_rows(session: Session) -> list[ConflictRow]:
    """The open conflicts, with the record's name and the field's label in the user's language."""
    conflicts = state.load(session).conflicts
    names: dict[str, str] = {}
    for kind in {c["kind"] for c in conflicts}:
        model = ENTITY_TABLES.get(kind)
        if model is not None and (hasattr(model, "name") or hasattr(model, "title")):
            names.update(names_of(session, kind, [c["record_id"] for c in conflicts if c["kind"] == kind]))
    rows = []
    for c in conflicts:
        entity = catalog.CATALOG.get(c["kind"])
        name = c.get("field")
        labelled = entity is not None and bool(name) and name in entity
        if c["reason"] == "duplicate":
            mine, theirs = names.get(c["record_id"], c["record_id"]), str(c["theirs"])
            base = ""
        else:
            base, mine, theirs = (_shown(entity, name, c[k]) for k in ("base", "mine", "theirs"))
        rows.append(
            ConflictRow(
                id=int(c["id"]),
                kind=c["kind"],
                kind_label=entity.text() if entity is not None else c["kind"],
                record_id=c["record_id"],
                record=names.get(c["record_id"], c["record_id"][:8]),
                field=name,
                field_label=_field_label(entity, name) if labelled or (name or "").startswith("_") else "",
                reason=c["reason"],
                reason_text=_reason(c["reason"]),
                base=base,
                mine=mine,
                theirs=theirs,
                theirs_by=c.get("theirs_by") or "",
                theirs_at=_local_minute(c.get("theirs_at")),
            )
        )
    return rows


def received_ids(session: Session, kind: str, ids: list[str]) -> set[str]:
    """Which of these records reached this laptop from the district server (someone else entered them)."""
    if not ids:
        return set()
    rows = session.exec(
        select(ChangeLog.entity_id).where(
            ChangeLog.entity == kind,
            col(ChangeLog.entity_id).in_(ids),
            ChangeLog.op == "create",
            ChangeLog.actor == SYNC_ACTOR,
        )
    ).all()
    return set(rows)


def received_text(kind: str) -> str:
    """What a record someone else entered is, for its list row and detail pane."""
    from workbench.server.kinds import SHARED_KINDS

    if kind in SHARED_KINDS:
        return t("全区共享 · 他人录入", "Shared by the district · entered by someone else")
    return t(
        "其他经纪人的记录（本机的改动不会被服务器接受）",
        "Another broker's record (edits made here are not accepted by the server)",
    )


def received_among(session: Session, kind: str, ids: list[str]) -> set[str]:
    """Which of a list page's records someone else entered; none on a laptop that never joined a district."""
    if not ids or not state.is_connected(session):
        return set()
    return received_ids(session, kind, ids)


def origin_text(session: Session, kind: str, ident: str) -> str:
    """Where a record comes from, for its detail pane; "" on a laptop that never joined a district."""
    if not state.load(session).connected:
        return ""
    from workbench.server.kinds import SHARED_KINDS

    shared = kind in SHARED_KINDS
    if ident in received_ids(session, kind, [ident]):
        return received_text(kind)
    if shared:
        return t("本机录入 · 与全区共享", "Entered here · shared with the district")
    return t("本机录入 · 仅本人和区科技局可见", "Entered here · seen by you and the district office only")
