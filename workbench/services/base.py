"""Generic create / update / soft delete / restore / list for entity tables, with validation.

Fields come from the field catalogue (``workbench.catalog``), declared once; the same cleaning runs for
forms, imports and the CLI. A cleaner returns a normalised value and issues: errors refuse the write,
warnings refuse it unless the caller passes ``accept_warnings=True`` (the one-click override). Services
add only what one field cannot know: cross-field and cross-record checks, derived columns, side effects.

What changed: every write — create, update, delete, restore and the special operations (a need's status,
a match's stage, a contract that moves its match) — notes its kind and ids on the session
(:func:`note_change`). ``create``/``update`` keep returning the record and ``delete``/``restore`` the
:class:`Changes` of their own rows, so callers are unchanged; whoever runs the unit of work reads
:func:`changes_in` (everything the unit wrote, side effects included) and publishes it once.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from workbench import catalog
from workbench.catalog.cleaners import Cleaner
from workbench.catalog.schema import Field
from workbench.errors import Issue, NotFoundError, Severity, ValidationError
from workbench.i18n import t
from workbench.models import Record, utcnow
from workbench.services.labels import kind_label
from workbench.textnorm import normalize_text

T = TypeVar("T", bound=Record)
__all__ = [
    "Changes",
    "Cleaner",
    "EntityService",
    "Page",
    "changes_in",
    "contains_pattern",
    "escape_like",
    "issue",
    "normalize_query",
    "note_change",
    "require",
]

_CHANGES_KEY = "workbench.changes"


@dataclass(frozen=True)
class Changes:
    """What one operation changed, so each view can decide whether to refresh."""

    kinds: frozenset[str]
    ids: tuple[str, ...] = ()

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.kinds | other.kinds, self.ids + tuple(i for i in other.ids if i not in self.ids))

    def __bool__(self) -> bool:
        return bool(self.kinds)


def note_change(session: Session, kind: str, *ids: str) -> None:
    """Remember that this unit of work wrote records of ``kind`` (see :func:`changes_in`)."""
    noted: dict[str, dict[str, None]] = session.info.setdefault(_CHANGES_KEY, {})
    bucket = noted.setdefault(kind, {})
    for ident in ids:
        bucket.setdefault(ident, None)


def changes_in(session: Session) -> Changes:
    """Everything the services wrote in this session so far, side effects included."""
    noted: dict[str, dict[str, None]] = session.info.get(_CHANGES_KEY, {})
    ids: dict[str, None] = {}
    for bucket in noted.values():
        ids.update(bucket)
    return Changes(frozenset(noted), tuple(ids))


@dataclass
class Page(Generic[T]):
    rows: list[T]
    total: int
    offset: int
    limit: int


def issue(field_name: str, code: str, message: str, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(field=field_name, code=code, message=message, severity=severity)


def require(issues: Sequence[Issue], *, accept_warnings: bool) -> None:
    """Raise ValidationError for errors, or for warnings the user has not accepted."""
    errors = [i for i in issues if i.is_error]
    if errors or (issues and not accept_warnings):
        raise ValidationError(list(errors or issues))


@dataclass
class EntityService(Generic[T]):
    """CRUD with validation for one table; subclasses add cross-field and cross-record checks.

    ``fields`` defaults to the editable fields of the model's catalogue entry, and the catalogue's
    read-only fields join ``readonly_fields``; pass ``fields`` only for a table outside the catalogue.
    """

    model: type[T]
    fields: Mapping[str, Field] | None = None
    search_columns: tuple[str, ...] = ()
    default_order: tuple[str, bool] = ("updated_at", True)
    readonly_fields: frozenset[str] = field(default_factory=frozenset)

    system_fields: ClassVar[frozenset[str]] = frozenset({"id", "created_at", "updated_at", "deleted_at"})

    def __post_init__(self) -> None:
        entry = catalog.CATALOG.get(self.model.kind)
        if self.fields is None:
            self.fields = {f.name: f for f in entry.editable()} if entry is not None else {}
        if entry is not None:
            self.readonly_fields = self.readonly_fields | entry.readonly()

    @property
    def kind(self) -> str:
        return self.model.kind

    @property
    def entity(self) -> catalog.Entity:
        """The catalogue entry of this service's table."""
        return catalog.entity(self.kind)

    @property
    def field_specs(self) -> Mapping[str, Field]:
        assert self.fields is not None  # set in __post_init__
        return self.fields

    # -- reading -----------------------------------------------------------------------------------

    def get(self, session: Session, ident: str, *, include_deleted: bool = False) -> T:
        obj = session.get(self.model, ident)
        if obj is None or (obj.deleted_at is not None and not include_deleted):
            raise NotFoundError(self.label(), ident)
        return obj

    def label(self) -> str:
        return kind_label(self.kind)

    def query(
        self,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        include_deleted: bool = False,
    ) -> list[ColumnElement[bool]]:
        """The WHERE clauses a list or a count uses; overridable for full-text search."""
        clauses: list[ColumnElement[bool]] = []
        if not include_deleted:
            clauses.append(col(self.model.deleted_at).is_(None))
        for key, value in (filters or {}).items():
            column = getattr(self.model, key, None)
            if column is None or key not in self.model.model_fields:
                raise ValidationError(
                    [issue(key, "filter.unknown", t("未知的筛选字段", "Unknown filter field"))]
                )
            if isinstance(value, list | tuple | set | frozenset):
                clauses.append(col(column).in_(list(value)))
            elif value is None:
                clauses.append(col(column).is_(None))
            else:
                clauses.append(col(column) == value)
        needle = normalize_query(text)
        if needle and self.search_columns:
            pattern = contains_pattern(needle)
            clauses.append(
                or_(*(col(getattr(self.model, c)).ilike(pattern, escape="\\") for c in self.search_columns))
            )
        return clauses

    def list(
        self,
        session: Session,
        *,
        text: str | None = None,
        filters: Mapping[str, Any] | None = None,
        order_by: str | None = None,
        descending: bool | None = None,
        offset: int = 0,
        limit: int | None = 100,
        include_deleted: bool = False,
        with_total: bool = True,
    ) -> Page[T]:
        clauses = self.query(text=text, filters=filters, include_deleted=include_deleted)
        order_name, default_desc = self.default_order
        order_name = order_by or order_name
        if order_name not in self.model.model_fields:
            raise ValidationError(
                [issue(order_name, "order.unknown", t("无法按此列排序", "Cannot sort by this column"))]
            )
        order_col = col(getattr(self.model, order_name))
        desc = default_desc if descending is None else descending
        stmt = select(self.model).where(*clauses)
        # The id tie-break runs in the same direction so an (order, id) index serves the whole ORDER BY.
        id_col = col(self.model.id)
        stmt = stmt.order_by(
            order_col.desc() if desc else order_col.asc(), id_col.desc() if desc else id_col.asc()
        )
        if offset:
            stmt = stmt.offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        rows = list(session.exec(stmt).all())
        total = self.count(session, clauses) if with_total else len(rows)
        return Page(rows=rows, total=total, offset=offset, limit=limit or total)

    def count(self, session: Session, clauses: Sequence[ColumnElement[bool]]) -> int:
        return int(session.exec(select(func.count()).select_from(self.model).where(*clauses)).one())

    # -- validation --------------------------------------------------------------------------------

    def clean(
        self, session: Session, data: Mapping[str, Any], *, current: T | None
    ) -> tuple[dict[str, Any], builtins.list[Issue]]:
        """Normalise ``data`` field by field, then run :meth:`check` on the merged record."""
        issues: builtins.list[Issue] = []
        cleaned: dict[str, Any] = {}
        for key, raw in data.items():
            if key in self.system_fields or key in self.readonly_fields:
                issues.append(
                    issue(key, "field.readonly", t("此字段不能直接修改", "This field cannot be changed here"))
                )
                continue
            spec = self.field_specs.get(key)
            if spec is None:
                if key not in self.model.model_fields:
                    issues.append(issue(key, "field.unknown", t("未知字段", "Unknown field")))
                    continue
                cleaned[key] = raw
                continue
            checked = spec.clean(raw)
            issues.extend(checked.issues)
            if checked.ok:
                cleaned[key] = checked.value
        for key, spec in self.field_specs.items():
            absent_on_create = current is None and key not in data
            blanked = key in cleaned and cleaned[key] in (None, "", [])
            if spec.required and (absent_on_create or blanked):
                issues.append(issue(key, "required", t("{f}为必填项", "{f} is required", f=spec.text())))
        if not any(i.is_error for i in issues):
            merged = {**(current.model_dump() if current is not None else {}), **cleaned}
            issues.extend(self.check(session, merged, current=current))
        return cleaned, _dedupe(issues)

    def check(self, session: Session, merged: dict[str, Any], *, current: T | None) -> builtins.list[Issue]:
        """Cross-field and cross-record rules; override per entity."""
        return []

    def derive(self, session: Session, obj: T) -> None:
        """Fill derived columns (search helpers) after the values are set; override per entity."""

    def after_write(self, session: Session, obj: T, *, created: bool) -> None:
        """Side effects inside the same transaction (child rows, status updates); override per entity."""

    # -- writing -----------------------------------------------------------------------------------

    def create(self, session: Session, data: Mapping[str, Any], *, accept_warnings: bool = False) -> T:
        cleaned, issues = self.clean(session, data, current=None)
        require(issues, accept_warnings=accept_warnings)
        obj = self.model(**self._column_values(cleaned))
        self._apply_extra(obj, cleaned)
        self.derive(session, obj)
        session.add(obj)
        session.flush()
        self.after_write(session, obj, created=True)
        session.flush()
        note_change(session, self.kind, obj.id)
        return obj

    def update(
        self, session: Session, ident: str, data: Mapping[str, Any], *, accept_warnings: bool = False
    ) -> T:
        obj = self.get(session, ident)
        cleaned, issues = self.clean(session, data, current=obj)
        require(issues, accept_warnings=accept_warnings)
        for key, value in self._column_values(cleaned).items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
        self._apply_extra(obj, cleaned)
        self.derive(session, obj)
        session.add(obj)
        session.flush()
        self.after_write(session, obj, created=False)
        session.flush()
        note_change(session, self.kind, obj.id)
        return obj

    def _column_values(self, cleaned: Mapping[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in cleaned.items() if k in self.model.model_fields}

    def _apply_extra(self, obj: T, cleaned: Mapping[str, Any]) -> None:
        """Non-column inputs (e.g. a technology's patents) are kept for :meth:`after_write`."""
        extra = {k: v for k, v in cleaned.items() if k not in self.model.model_fields}
        obj.__dict__.setdefault("_pending", {}).update(extra)

    @staticmethod
    def pending(obj: Record) -> dict[str, Any]:
        return dict(obj.__dict__.get("_pending", {}))

    def delete(self, session: Session, ids: Iterable[str]) -> Changes:
        """Soft delete; :meth:`restore` brings the records back (the UI's undo)."""
        now = utcnow()
        done = []
        for ident in ids:
            obj = self.get(session, ident)
            self.check_delete(session, obj)
            obj.deleted_at = now
            session.add(obj)
            done.append(ident)
        session.flush()
        note_change(session, self.kind, *done)
        return Changes(frozenset({self.kind}), tuple(done))

    def check_delete(self, session: Session, obj: T) -> None:
        """Refuse deletes that would break the provenance chain; override per entity."""

    def restore(self, session: Session, ids: Iterable[str]) -> Changes:
        done = []
        for ident in ids:
            obj = self.get(session, ident, include_deleted=True)
            if obj.deleted_at is not None:
                obj.deleted_at = None
                session.add(obj)
                done.append(ident)
        session.flush()
        note_change(session, self.kind, *done)
        return Changes(frozenset({self.kind}), tuple(done))


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[str, str]] = set()
    out = []
    for i in issues:
        if (i.field, i.code) not in seen:
            seen.add((i.field, i.code))
            out.append(i)
    return out


def escape_like(text: str) -> str:
    r"""Escape LIKE's wildcards so typed text matches literally; use with ``escape="\\"``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(text: str) -> str:
    r"""The LIKE pattern "contains ``text`` literally" (``col.ilike(contains_pattern(x), escape="\\")``)."""
    return f"%{escape_like(text)}%"


def normalize_query(text: str | None) -> str:
    """Trim, fold full-width to half-width and Traditional to Simplified, so queries match stored text."""
    if not text:
        return ""
    return normalize_text(text).strip()
