"""The import and export view of the field catalogue: which columns a file may fill and an export writes.

The facts about every field (labels, column headings and aliases, kind, enum, natural key, whether it is
imported or exported) are declared once, in the field catalogue (``workbench.catalog``). This module only
adapts them to files, which differ from forms in three ways:

- a reference is named, not picked: a contact, need or visit names its enterprise by name *or* USCC
  (two columns, ``enterprise_name`` and ``enterprise_uscc``), a technology its owner by name
  (``institution_name``); the planner resolves them to ids;
- a cell is *read* before it is cleaned (:mod:`workbench.io.cells`): a code keeps its digits, a place or
  an industry may be given by name (``workbench.taxonomy``), an amount may say 万元 — :data:`TEXT`,
  :data:`CODE`, … below say which reading a field gets, derived from its catalogue kind and cleaner;
- every file row may carry the record id our own exports write, so a list exported and imported back
  finds exactly its records.

Validation is not here: values go through the services' field cleaners (the catalogue's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from workbench import catalog
from workbench.catalog import schema as cs
from workbench.catalog.schema import Field
from workbench.enums import LabelledEnum
from workbench.i18n import t
from workbench.taxonomy import division_code, division_name, industry_code, industry_name

# How a cell becomes the value a cleaner expects.
TEXT = "text"  # free text (numbers written back without ".0")
CODE = "code"  # digits that must be kept as typed: USCC, ID card, phone, patent number
DATE = "date"
DATETIME = "datetime"
MONEY = "money"  # yuan, with 万元 and thousands separators understood; the cleaner gets fen
FLAG = "flag"
CHOICE = "choice"  # a labelled enum: value or label
LIST = "list"  # comma/、-separated list
DIVISION = "division"  # administrative division: code or name (北仑区 → 330206)
INDUSTRY = "industry"  # GB/T 4754: code or name (化学原料和化学制品制造业 → C26)
ENTERPRISE = "enterprise"  # a reference to an enterprise by name or USCC
INSTITUTION = "institution"  # a reference to an institution (technology owner) by name

IMPORT_KINDS: Final = ("enterprise", "contact", "institution", "technology", "need", "visit")

__all__ = [
    "IMPORT_KINDS",
    "ExportColumn",
    "ImportField",
    "choice_enum",
    "division_code",
    "division_name",
    "export_columns",
    "import_fields",
    "industry_code",
    "industry_name",
    "natural_key",
]


@dataclass(frozen=True)
class ImportField:
    """One column a file may fill: the field (or reference column) name, how its cells are read, headings.

    ``source`` is the catalogue field it comes from (None only for the record-id column).
    """

    name: str
    zh: str
    en: str
    value: str = TEXT
    aliases: tuple[str, ...] = ()
    required: bool = False
    source: Field | None = None

    @property
    def label(self) -> str:
        return t(self.zh, self.en)

    def headings(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for h in (self.zh, self.en, self.name, *self.aliases):
            seen.setdefault(h, None)
        return tuple(seen)


@dataclass(frozen=True)
class ExportColumn:
    """One exported column: the name it is imported back as, its heading, how cells are typed."""

    name: str
    zh: str
    en: str
    value: str = TEXT
    source: Field | None = None

    @property
    def label(self) -> str:
        """The heading in the current language, with the unit (意向价格（元）) where the field has one."""
        if self.source is not None and self.name == self.source.name:
            return self.source.heading()
        return t(self.zh, self.en)


# Exports end with the record's id, so a list exported and imported back finds exactly its records even
# where the natural key is ambiguous (two technologies of one owner with one title and no patent).
RECORD_ID: Final = ImportField("id", "记录编号", "Record ID", CODE, ("record id", "id"))

# Fields whose stored code may be given by name in a file (the taxonomy that names them).
_TAXONOMY: Final = {"division_code": DIVISION, "industry_code": INDUSTRY}
# Cleaners of plain text: a field with another cleaner holds a code (USCC, phone, ID card, digits).
_TEXT_CLEANERS: Final = ("text.", "optional_text.")


def value_kind(f: Field) -> str:
    """How a cell of catalogue field ``f`` is read (one of the value kinds above)."""
    if f.name in _TAXONOMY:
        return _TAXONOMY[f.name]
    kind = f.kind
    if kind in (cs.TEXT, cs.MULTILINE):
        name = getattr(f.cleaner, "__qualname__", "text.")
        return TEXT if f.cleaner is None or name.startswith(_TEXT_CLEANERS) else CODE
    if kind == cs.PATENTS:
        return CODE
    if kind in (cs.LIST, cs.KEYWORDS, cs.MULTICHOICE, cs.REFERENCES):
        return LIST
    return {
        cs.MONEY: MONEY,
        cs.DATE: DATE,
        cs.DATETIME: DATETIME,
        cs.FLAG: FLAG,
        cs.CHOICE: CHOICE,
    }.get(kind, TEXT)


def _enterprise_uscc(ref: Field) -> ImportField:
    """The USCC column that names a record's enterprise: the enterprise's own USCC headings."""
    uscc = catalog.entity("enterprise").field("uscc")
    zh, en = uscc.label
    return ImportField(
        "enterprise_uscc", f"{ref.label[0]}{zh}", f"{ref.label[1]} {en}", CODE, uscc.headings(), source=uscc
    )


def _columns(f: Field) -> list[ImportField]:
    """The file columns of one catalogue field (a reference becomes the columns that name the record)."""
    zh, en = f.label
    if f.kind == cs.REFERENCE and f.reference == "enterprise":
        return [
            ImportField("enterprise_name", zh, en, ENTERPRISE, (f.name, *f.aliases), source=f),
            _enterprise_uscc(f),
        ]
    if f.kind == cs.REFERENCE and f.reference == "institution":
        return [ImportField("institution_name", zh, en, INSTITUTION, (f.name, *f.aliases), source=f)]
    if f.kind in (cs.REFERENCE, cs.REFERENCES):
        return []  # other references are set by forms, never named in a file
    return [ImportField(f.name, zh, en, value_kind(f), f.aliases, f.required, f)]


def import_fields(kind: str) -> list[ImportField]:
    """The columns a file may fill for ``kind``, in the catalogue's (form) order, then the record id."""
    if kind not in IMPORT_KINDS:
        raise KeyError(kind)
    out = [c for f in catalog.entity(kind).for_import() for c in _columns(f)]
    return [*out, RECORD_ID]


def natural_key(kind: str) -> tuple[str, ...]:
    """The fields (after resolving references) that identify an existing record of ``kind``."""
    return catalog.entity(kind).natural_key


def export_columns(kind: str) -> list[ExportColumn]:
    """The columns an export of ``kind`` writes: the catalogue's exported fields, headed as an import
    recognises them (references by name and USCC), then the record id, so files round-trip.
    """
    out: list[ExportColumn] = []
    for f in catalog.entity(kind).for_export():
        if f.kind in (cs.REFERENCE, cs.REFERENCES) and f.reference not in ("enterprise", "institution"):
            continue  # an id of a visit or a match says nothing in a spreadsheet
        if f.kind == cs.REFERENCES:
            continue
        cols = _columns(f) if f.kind == cs.REFERENCE else [ImportField(f.name, *f.label, value_kind(f))]
        out += [ExportColumn(c.name, c.zh, c.en, c.value, c.source or f) for c in cols]
    if kind in catalog.CATALOG:
        out.append(ExportColumn(RECORD_ID.name, RECORD_ID.zh, RECORD_ID.en, RECORD_ID.value))
    return out


def choice_enum(kind: str, field_name: str) -> type[LabelledEnum] | None:
    """The labelled enum of a coded choice field (exports write its label; imports accept either)."""
    ent = catalog.CATALOG.get(kind)
    if ent is None or field_name not in ent:
        return None
    return ent.field(field_name).enum
