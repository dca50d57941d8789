"""Checks several entity services share: a referenced record exists, a date range runs forwards, and
text that finds a record through its enterprise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from workbench.errors import Issue
from workbench.i18n import t
from workbench.models import Enterprise
from workbench.services.base import contains_pattern, issue, normalize_query


def exists(session: Session, model: type[Any], ident: str | None, field: str, label: str) -> list[Issue]:
    """An error at ``field`` when the referenced record is missing or deleted (``label`` names its kind)."""
    if not ident:
        return []
    obj = session.get(model, ident)
    if obj is None or obj.deleted_at is not None:
        return [
            issue(
                field,
                "ref.missing",
                t("所选{l}不存在或已删除", "The chosen {l} does not exist or was deleted", l=label),
            )
        ]
    return []


def date_range(merged: Mapping[str, Any], start: str, end: str) -> list[Issue]:
    """An error at ``end`` when it lies before ``start``."""
    a, b = merged.get(start), merged.get(end)
    if a is not None and b is not None and b < a:
        return [issue(end, "range.reversed", t("结束早于开始", "The end is before the start"))]
    return []


def text_or_enterprise(model: Any, columns: Sequence[str], text: str | None) -> list[ColumnElement[bool]]:
    """Filter text matching the record's own columns or its enterprise's name, pinyin initials or USCC."""
    needle = normalize_query(text)
    if not needle:
        return []
    pattern = contains_pattern(needle)
    firms = select(Enterprise.id).where(
        or_(
            col(Enterprise.name).ilike(pattern, escape="\\"),
            col(Enterprise.name_initials).ilike(pattern, escape="\\"),
            col(Enterprise.uscc).ilike(pattern, escape="\\"),
        )
    )
    own = [col(getattr(model, c)).ilike(pattern, escape="\\") for c in columns]
    return [or_(*own, col(model.enterprise_id).in_(firms))]


def division_of(code: str | None) -> str | None:
    """The administrative division a USCC was issued in (its characters 3–8)."""
    return code[2:8] if code and len(code) == 18 else None


# -- services ------------------------------------------------------------------------------------------
