"""What the catalogue says about one field and one entity: the types behind ``workbench.catalog``.

A :class:`Field` is declared once, with its kind and limits; its cleaner (validation), its help text
("不超过 500 字") and its display text are derived from them, so a limit changed here changes the check,
the form's tooltip and the import template together. An :class:`Entity` is the ordered list of fields of
one table plus its natural key (how an importer or a sync recognises a record it has seen before).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from workbench.catalog import cleaners
from workbench.catalog.cleaners import Cleaner
from workbench.enums import LabelledEnum
from workbench.errors import Issue
from workbench.i18n import t
from workbench.money import format_yuan
from workbench.textnorm import fold_width
from workbench.validation import Checked

# The kinds of field. The kind decides the default cleaner, the editor a form uses and how a value is
# written as text in a list or an export.
TEXT = "text"  # one line
MULTILINE = "multiline"  # paragraphs
MONEY = "money"  # integer fen; typed and shown as yuan
DATE = "date"
DATETIME = "datetime"  # aware; typed and shown in local time
CHOICE = "choice"  # one member of ``enum``
MULTICHOICE = "multichoice"  # several members of ``enum``
FLAG = "flag"  # yes / no
REFERENCE = "reference"  # the id of a record of ``reference``
REFERENCES = "references"  # ids of several records of ``reference`` (a visit's brokers)
LIST = "list"  # short texts (inventors, IPC codes)
KEYWORDS = "keywords"
PATENTS = "patents"  # (application number, patent kind) pairs
INT = "int"
NUMBER = "number"  # a float that is not money (a ranking score)
PERCENT = "percent"  # integer hundredths of a percent (10000 = 100 %)

KINDS = frozenset(
    {
        TEXT,
        MULTILINE,
        MONEY,
        DATE,
        DATETIME,
        CHOICE,
        MULTICHOICE,
        FLAG,
        REFERENCE,
        REFERENCES,
        LIST,
        KEYWORDS,
        PATENTS,
        INT,
        NUMBER,
        PERCENT,
    }
)

Label = tuple[str, str]  # (中文, English)


@dataclass(frozen=True)
class Field:
    """One field of an entity: everything the services, forms, importers, exporters and sync need."""

    name: str
    kind: str
    label: Label
    required: bool = False  # must be given when a record is created, and cannot be blanked
    nullable: bool = False  # blank is stored as NULL; for a choice, blank is allowed at all
    cleaner: Cleaner | None = None
    max_len: int | None = None  # characters, for text
    min_items: int | None = None  # for lists and keywords
    max_items: int | None = None
    enum: type[LabelledEnum] | None = None  # for choice and multichoice
    reference: str | None = None  # the entity a reference points to
    natural_key: bool = False  # part of the entity's natural key (see Entity.natural_key)
    aliases: tuple[str, ...] = ()  # other column headings an import accepts for this field
    importable: bool = True
    exportable: bool = True
    synced: bool = True  # pushed and pulled field by field by the district sync
    readonly: bool = False  # derived or changed only through an operation (a status), never by a form
    help: Label | None = None  # what the limits cannot say (e.g. how a code is checked)
    example: str | Label = ""  # a sample value, for placeholders and import templates
    display: Callable[[Any], str] | None = None  # overrides the kind-based text of a value
    width_hint: int | None = None  # characters a list column or an editor should make room for

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown field kind {self.kind!r}")
        if self.kind in {CHOICE, MULTICHOICE} and self.enum is None:
            raise ValueError(f"{self.name}: a {self.kind} field needs its enum")
        if self.kind in {REFERENCE, REFERENCES} and not self.reference:
            raise ValueError(f"{self.name}: a {self.kind} field names the entity it refers to")

    # -- words ------------------------------------------------------------------------------------

    def text(self) -> str:
        """The label in the current language."""
        return t(*self.label)

    def heading(self) -> str:
        """The label with its unit, as a form row or a spreadsheet column shows it: 合同成交额（元）."""
        if self.kind == MONEY:
            return t("{l}（元）", "{l} (yuan)", l=self.text())
        if self.kind == PERCENT:
            return t("{l}（%）", "{l} (%)", l=self.text())
        return self.text()

    def help_text(self) -> str:
        """The field's own help followed by its limits, in the current language."""
        parts = [t(*self.help)] if self.help else []
        parts += self.limit_texts()
        return t("；", "; ").join(parts)

    def limit_texts(self) -> list[str]:
        """The limits a person must respect, generated from the declaration so they never drift."""
        found: list[str] = []
        if self.max_len is not None and self.kind in {TEXT, MULTILINE}:
            found.append(t("不超过 {n} 字", "at most {n} characters", n=self.max_len))
        if self.kind in {LIST, KEYWORDS, MULTICHOICE}:
            low, high = self.min_items or 0, self.max_items
            if high is not None and low:
                found.append(t("{a}–{b} 个", "{a}–{b} items", a=low, b=high))
            elif high is not None:
                found.append(t("最多 {n} 个", "at most {n} items", n=high))
        if self.kind in {LIST, KEYWORDS, PATENTS}:
            found.append(
                t("用逗号、顿号或换行分开", "separate with commas or new lines")
                if self.kind != KEYWORDS
                else t("用逗号、顿号或空格分开", "separate with commas or spaces")
            )
        if self.kind == MONEY:
            found.append(t("单位：元", "in yuan"))
        return found

    def example_text(self) -> str:
        return self.example if isinstance(self.example, str) else t(*self.example)

    def headings(self) -> tuple[str, ...]:
        """Every column heading an import recognises as this field: both labels, the name and aliases."""
        seen: dict[str, None] = {}
        for name in (*self.label, self.name, *self.aliases):
            seen.setdefault(name, None)
        return tuple(seen)

    # -- values -----------------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return not self.readonly

    @property
    def must_fill(self) -> bool:
        """A form marks the field with an asterisk: required, or a choice that cannot be left blank."""
        return self.required or (self.kind == CHOICE and not self.nullable)

    def clean(self, raw: Any) -> Checked[Any]:
        """Run the field's cleaner; issues come back with this field's name on them."""
        if self.cleaner is None:
            return Checked(value=raw.strip() if isinstance(raw, str) else raw, issues=())
        checked = self.cleaner(raw)
        if all(i.field == self.name for i in checked.issues):
            return checked
        relabelled = tuple(Issue(self.name, i.code, i.message, i.severity) for i in checked.issues)
        return Checked(value=checked.value, issues=relabelled)

    def format(self, value: Any) -> str:
        """A stored value as text for lists and exports: yuan, labels, ISO dates, lists joined."""
        if self.display is not None:
            return self.display(value)
        return format_value(self.kind, value, self.enum)


def format_value(kind: str, value: Any, enum: type[LabelledEnum] | None = None) -> str:
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return format_yuan(int(value))
    if kind == PERCENT:  # hundredths of a percent: 3350 → "33.5"
        return format(Decimal(int(value)).scaleb(-2).normalize(), "f")
    if kind == FLAG:
        return t("是", "yes") if value else t("否", "no")
    if kind == CHOICE and enum is not None:
        return _enum_label(enum, str(value))
    if kind == MULTICHOICE and enum is not None:
        return t("、", ", ").join(_enum_label(enum, str(v)) for v in value)
    if kind == DATETIME and isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if kind == DATE and isinstance(value, date):
        return value.isoformat()
    if kind == PATENTS:
        return "、".join(str(v[0]) if isinstance(v, list | tuple) else str(v) for v in value)
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _enum_label(enum: type[LabelledEnum], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value  # a value from a newer version: shown as stored rather than hidden


def _default_cleaner(f: Field) -> Cleaner | None:
    """The cleaner a kind and its limits imply; a field may name a more specific one instead."""
    kind = f.kind
    if kind in {TEXT, MULTILINE}:
        limit = f.max_len or 200
        return cleaners.optional_text(limit) if f.nullable else cleaners.text(limit)
    if kind == MONEY:
        return cleaners.fen(optional=not f.required)
    if kind == DATE:
        return cleaners.a_date(required=f.required)
    if kind == DATETIME:
        return cleaners.a_datetime(required=f.required)
    if kind == CHOICE:
        assert f.enum is not None
        return cleaners.choice(f.enum, optional=f.nullable)
    if kind == MULTICHOICE:
        assert f.enum is not None
        return cleaners.choices(f.enum)
    if kind == FLAG:
        return cleaners.flag
    if kind == REFERENCE:
        return cleaners.reference
    if kind == REFERENCES:
        return cleaners.ids
    if kind == LIST:
        return cleaners.string_list(f.max_items or 50)
    if kind == KEYWORDS:
        return cleaners.keywords(max_count=f.max_items or 5, min_count=f.min_items or 0)
    if kind == PATENTS:
        return cleaners.patents
    if kind == NUMBER:
        return cleaners.number
    return None


def field(
    name: str,
    kind: str,
    label: Label,
    *,
    nullable: bool | None = None,
    **options: Any,
) -> Field:
    """Declare a field; its cleaner follows from kind and limits unless ``cleaner=`` names one.

    ``nullable`` (text and choice): a blank value is stored as NULL, and for a choice, blank is allowed.
    It defaults to "not required" for choices and to False for text (text columns default to "").
    """
    if nullable is None:
        nullable = kind == CHOICE and not options.get("required", False)
    declared = Field(name, kind, label, nullable=nullable, **options)
    if declared.cleaner is not None or declared.readonly:
        return declared
    return Field(name, kind, label, nullable=nullable, **{**options, "cleaner": _default_cleaner(declared)})


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one entry per entity
class Entity:
    """One kind of record: its table, its label and its fields in form order.

    ``natural_key`` names the fields that identify a record outside the database's ids, so an import or a
    sync can tell "the same enterprise" from "a new one". ``normalise_key`` turns a record's values into
    the comparable key (e.g. a patent number in its canonical form); without it the cleaned values are
    compared as they are.
    """

    name: str
    model: type[Any]
    label: Label
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    natural_key_note: Label | None = None
    _by_name: dict[str, Field] = dc_field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for f in self.fields:
            if f.name in self._by_name:
                raise ValueError(f"{self.name}: field {f.name} declared twice")
            self._by_name[f.name] = f
        for key in self.natural_key:
            if key not in self._by_name:
                raise ValueError(f"{self.name}: natural key {key} is not a field")

    def text(self) -> str:
        return t(*self.label)

    def field(self, name: str) -> Field:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def editable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.readonly)

    def readonly(self) -> frozenset[str]:
        return frozenset(f.name for f in self.fields if f.readonly)

    def for_import(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.importable and not f.readonly)

    def for_export(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.exportable)

    def synced_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.synced)

    def key_fields(self) -> tuple[Field, ...]:
        return tuple(self._by_name[k] for k in self.natural_key)

    def match_heading(self, heading: str) -> Field | None:
        """The importable field a spreadsheet column heading names (labels, name or an alias)."""
        wanted = _fold(heading)
        for f in self.for_import():
            if any(_fold(h) == wanted for h in f.headings()):
                return f
        return None

    def map_headings(self, headings: Sequence[str]) -> HeadingMap:
        """Which field each column of a spreadsheet's heading row fills, for an import's preview.

        A column no field claims is listed in ``unknown``; a field claimed by a second column keeps the
        first and lists the others in ``repeated`` (the preview asks the person which one is meant).
        """
        columns: dict[int, Field] = {}
        unknown: list[int] = []
        repeated: list[int] = []
        taken: set[str] = set()
        for index, heading in enumerate(headings):
            found = self.match_heading(heading) if heading and heading.strip() else None
            if found is None:
                unknown.append(index)
            elif found.name in taken:
                repeated.append(index)
            else:
                taken.add(found.name)
                columns[index] = found
        missing = tuple(f.name for f in self.for_import() if f.required and f.name not in taken)
        return HeadingMap(columns, tuple(unknown), tuple(repeated), missing)

    def key_of(self, cleaned: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The natural key of a record from its *cleaned* values; None when a part of it is blank.

        A list-valued part (a technology's patents) is keyed by its first item, and a patent by its
        canonical application number, so the same technology typed with or without "ZL" keys alike.
        """
        parts: list[Any] = []
        for name in self.natural_key:
            value = cleaned.get(name)
            if isinstance(value, list | tuple):
                value = value[0] if value else None
                if isinstance(value, list | tuple):  # a (number, kind) pair
                    value = value[0]
            if value is None or value == "":
                return None
            parts.append(value)
        return tuple(parts) if parts else None

    def row(self, record: Any, fields: Iterable[Field] | None = None) -> dict[str, str]:
        """A record as display text per field (an export row or a list row)."""
        return {f.name: f.format(getattr(record, f.name, None)) for f in (fields or self.for_export())}


@dataclass(frozen=True)
class HeadingMap:
    """The outcome of :meth:`Entity.map_headings`: column index → field, and what did not fit."""

    columns: dict[int, Field]
    unknown: tuple[int, ...]  # columns no field claims (ignored by an import, shown in its preview)
    repeated: tuple[int, ...]  # columns naming a field an earlier column already fills
    missing: tuple[str, ...]  # required fields no column fills


def _fold(heading: str) -> str:
    """Headings compare without case, spaces, full-width forms or a unit suffix such as （元）."""
    folded = fold_width(heading).strip().lower().replace(" ", "")
    for unit in ("(元)", "(yuan)", "(%)"):
        folded = folded.removesuffix(unit)
    return folded
