"""Figures the main window's status bar shows: how many live records of the main kinds there are."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, col, select

from workbench.models import ENTITY_TABLES

STATUS_KINDS = ("enterprise", "need", "technology", "contract")


def live_counts(session: Session, kinds: Iterable[str] = STATUS_KINDS) -> dict[str, int]:
    """Kind → records not deleted, one count query per kind."""
    counts: dict[str, int] = {}
    for kind in kinds:
        model = ENTITY_TABLES[kind]
        counts[kind] = int(
            session.exec(select(func.count()).select_from(model).where(col(model.deleted_at).is_(None))).one()
        )
    return counts
