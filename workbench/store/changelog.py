"""The store's session hooks: the change log it writes itself, and the point where other parts add theirs.

The change log is written here, by a ``before_flush`` hook on every ORM session, so no service can forget
it. Other packages that must act inside the store's transactions (the search index drains its queue just
before each commit) register their listeners through :func:`register_session_hooks` instead of the store
importing them: the store sits below them and knows none of them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession

from workbench.models import ChangeLog, Record, utcnow

# Session events a part of the core may listen to through the store (SQLAlchemy's names).
SESSION_EVENTS = frozenset(
    {"before_flush", "after_flush", "do_orm_execute", "before_commit", "after_commit", "after_rollback"}
)
_registered: dict[str, list[str]] = {}


def register_session_hooks(owner: str, **listeners: Callable[..., Any]) -> None:
    """Attach ``listeners`` (event name → function) to every session the store hands out.

    ``owner`` names who registered them (``"search-index"``), for :func:`registered_hooks`. Registering the
    same owner twice (a module reloaded) replaces nothing and adds nothing.
    """
    unknown = set(listeners) - SESSION_EVENTS
    if unknown:
        raise ValueError(f"not a session event: {sorted(unknown)}")
    for name, fn in listeners.items():
        if not event.contains(OrmSession, name, fn):
            event.listen(OrmSession, name, fn)
    _registered[owner] = sorted(listeners)


def registered_hooks() -> dict[str, list[str]]:
    """Who registered which session events (the store's own change log included)."""
    return {owner: list(names) for owner, names in _registered.items()}


def _jsonable(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def creation_text(obj: Record) -> str:
    """A record's content as its creation is logged: every logged column as text, keys sorted.

    A bulk import logs its creations without it (``new`` null: "the record as it stands"); sync then
    makes this text from the record when it uploads the creation, so both ways upload alike.
    """
    values = {
        a.key: _jsonable(getattr(obj, a.key))
        for a in inspect(obj).mapper.column_attrs
        if a.key not in obj.unlogged and a.key not in {"id", "created_at", "deleted_at"}
    }
    return json.dumps(values, ensure_ascii=False, sort_keys=True)


def _log_changes(session: OrmSession, _context: Any, _instances: Any) -> None:
    """Append one change-log row per changed field; stamp ``updated_at`` on every modified record."""
    actor = str(session.info.get("actor", ""))
    now = utcnow()
    rows: list[ChangeLog] = []
    for obj in session.new:
        if isinstance(obj, Record):
            rows.append(
                ChangeLog(
                    at=now,
                    actor=actor,
                    op="create",
                    entity=obj.kind,
                    entity_id=obj.id,
                    new=creation_text(obj),
                )
            )
    for obj in session.dirty:
        if not isinstance(obj, Record) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changed = False
        for attr in state.mapper.column_attrs:
            hist = state.attrs[attr.key].history
            if not hist.has_changes() or attr.key in obj.unlogged:
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
            changed = True
            op = "update"
            if attr.key == "deleted_at":
                op = "delete" if new is not None else "restore"
            rows.append(
                ChangeLog(
                    at=now,
                    actor=actor,
                    op=op,
                    entity=obj.kind,
                    entity_id=obj.id,
                    field=attr.key,
                    old=_jsonable(old),
                    new=_jsonable(new),
                )
            )
        if changed:
            obj.updated_at = now
    session.add_all(rows)


register_session_hooks("change-log", before_flush=_log_changes)
