"""Cleaning an import's rows as the entity services do, fast enough for a 100,000-row list.

:class:`RowCleaner` reads and cleans a sheet column by column, each distinct value once (a :class:`Cell`
the rows holding it share), and is ``EntityService.clean`` for a row assembled from its cells;
:func:`patents_checked` is the catalogue's patents cleaner with a shortcut for the usual canonical number.
All give exactly the service's results (``tests/workbench/test_io_bulk.py`` and
``tests/workbench/test_io_preview.py`` hold them to it).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, cast

from sqlmodel import Session

from workbench.catalog.cleaners import PLAIN_TEXT
from workbench.catalog.cleaners import patents as clean_patents
from workbench.errors import Issue
from workbench.i18n import t
from workbench.io import fieldmap as fm
from workbench.io.cells import CellError, as_text, reader_for
from workbench.io.mapping import Layout
from workbench.services.base import _dedupe, issue
from workbench.validation import Checked
from workbench.validation.patents import _FIRST_PATENT_YEAR as FIRST_PATENT_YEAR
from workbench.validation.patents import _PATENT_KINDS as PATENT_KINDS
from workbench.validation.patents import _PATENT_WEIGHTS as PATENT_WEIGHTS

# One patent number in its usual canonical shape (ZL201811564288.X): the cell a district list holds.
_ONE_CANONICAL = re.compile(r"(?:ZL|CN)?([0-9]{4})([0-9]{8})\.([0-9X])", re.ASCII)


def canonical_patent(raw: str, this_year: int | None = None) -> list[tuple[str, str]] | None:
    """The cleaned value of a cell holding one number already in canonical form (with a possible year, a
    known type digit and the right check character), else None: then only the general parser can say.
    """
    m = _ONE_CANONICAL.fullmatch(raw)
    if m is None:
        return None
    year, rest, check = m.groups()
    kind = _KIND_TEXT.get(rest[0])
    if kind is None or not FIRST_PATENT_YEAR <= int(year) <= (this_year or date.today().year):
        return None
    digits = year + rest
    # patent_check_char's sum, without its checks of what the pattern has matched already
    if _CHECK_CHARS[(sum(map(operator.mul, digits.encode("ascii"), PATENT_WEIGHTS)) - _ZEROS) % 11] != check:
        return None
    return [(f"{digits}.{check}", kind)]


_KIND_TEXT = {digit: str(kind) for digit, kind in PATENT_KINDS.items()}
_CHECK_CHARS = "0123456789X"  # by remainder
EMPTY_VALUES: tuple[Any, ...] = (None, "", [])  # cleaned values a required field must not have
_ZEROS = ord("0") * sum(PATENT_WEIGHTS)  # what the weighted ASCII codes of twelve digits add over the digits


@functools.cache
def patents_checked(raw: str) -> Checked[Any]:
    """The catalogue's patents cleaner, once per distinct cell.

    A cell holding one number already in canonical form is accepted without the general parser (half the
    preview's time in a 100,000-row list, :func:`canonical_patent`); anything else — and every problem,
    with its message — goes through the cleaner. A test holds the two together.
    """
    pairs = canonical_patent(raw)
    if pairs is not None:
        return Checked(value=pairs, issues=())
    return clean_patents(raw)


class Cell:
    """One distinct value of a column as read and cleaned; the rows that hold the same value share it.

    ``error`` is why the cell cannot be read (then nothing else is set); otherwise ``raw`` is the
    cleaner's input, and for a field the service cleans, ``issues``, ``value`` and ``kept`` are the field
    cleaner's answer (``kept``: the value goes into the cleaned row, as ``service.clean`` keeps it).
    A row's problems are made from these with the row's own number (:mod:`workbench.io.plan`).
    """

    __slots__ = ("error", "issues", "kept", "raw", "value")

    def __init__(
        self,
        raw: Any,
        error: str | None = None,
        issues: tuple[Issue, ...] = (),
        value: Any = None,
        kept: bool = False,
    ) -> None:
        self.raw, self.error, self.issues, self.value, self.kept = raw, error, issues, value, kept


Worker = Callable[[Any], "Cell | None"]


class _Cells(dict[Any, "Cell | None"]):
    """The cells of one column by value: a value looked up for the first time is worked out."""

    def __init__(self, work: Worker) -> None:
        super().__init__()
        self.work = work

    def __missing__(self, value: Any) -> Cell | None:
        cell = self.work(value)
        if type(value) is not str or len(value) <= RowCleaner.MAX_KEY_CHARS:
            self[value] = cell  # long texts (abstracts) are rarely repeated: not worth keeping
        return cell


class RowCleaner:
    """``service.clean`` for new rows, with each field's cleaner run once per distinct value of the file.

    A district list repeats most values (owners, fields, IPC codes, inventors, prices), and a patent cell
    is needed twice (for the natural key, then for the row): so the sheet is read and cleaned column by
    column (:meth:`column`), each distinct value once, and a row is assembled from its columns' answers.
    The result is the service's own: the same field cleaners, the same required-field rule, the same
    cross-record ``check`` (memoised for technologies, whose check only asks whether the owner exists).
    Updates and anything unusual (a read-only or unknown key) go through ``service.clean`` itself.
    """

    MAX_KEY_CHARS = 64  # longer texts (titles aside, abstracts) are rarely repeated: not worth keeping

    def __init__(self, session: Session, service: Any, kind: str) -> None:
        self.session, self.service, self.kind = session, service, kind
        self.specs = service.field_specs
        self.required = [(k, spec) for k, spec in self.specs.items() if spec.required]
        self.blocked = service.system_fields | service.readonly_fields
        self.memo: dict[tuple[str, Any], Checked[Any]] = {}
        self.checks: dict[Any, list[Issue]] = {}
        # By column: the cells that cannot be read, have issues or are empty once cleaned (the others are
        # plain: read and cleaned without a word, holding a value).
        self.notable: dict[str, list[Cell]] = {}
        self._readers: list[tuple[int, str, Callable[[Any], Any]]] | None = None

    def readers(
        self, layout: Layout, fields: dict[str, fm.ImportField]
    ) -> list[tuple[int, str, Callable[[Any], Any]]]:
        """(column, field, cell reader) of the mapped columns, worked out once per sheet."""
        if self._readers is None:
            self._readers = [(c, n, reader_for(fields[n].value)) for c, n in layout.mapping.items()]
        return self._readers

    def column(self, rows: Sequence[Sequence[Any]], col: int, name: str, read: Any) -> list[Cell | None]:
        """Column ``col`` of ``rows``, read and (for a service field) cleaned: None for a blank cell, else
        the :class:`Cell` of its value.
        """
        if rows and min(map(len, rows)) > col:  # a workbook's rows are all as wide as its widest
            values = [r[col] for r in rows]
        else:
            values = [r[col] if col < len(r) else None for r in rows]
        work = self._worker(name, read)
        kinds = set(map(type, values))
        if any(k.__hash__ is None for k in kinds):
            return [work(v) for v in values]  # not from a reader of files; kept correct anyway
        if len(set(values[:1000])) > 900:  # titles, numbers, abstracts: a memo would only cost
            texts = self._plain_texts(name, read, values, kinds)
            return texts if texts is not None else [work(v) for v in values]
        if len(kinds & {bool, int, float}) <= 1:
            cells = _Cells(work)
            return [cells[v] for v in values]  # one lookup per cell; a value not seen yet is worked out
        # 1, 1.0 and True are one dict key but read differently (1, 1, 是): here the type keeps them apart.
        typed: dict[Any, Cell | None] = {}
        out: list[Cell | None] = []
        for v in values:
            key = (type(v), v)
            if key not in typed:
                typed[key] = work(v)
            out.append(typed[key])
        return out

    def _plain_texts(
        self, name: str, read: Any, values: list[Any], kinds: set[type]
    ) -> list[Cell | None] | None:
        """A column of filled text cells of a plain text field, all within its limit, read and cleaned at
        once as the text worker would one by one (None when any cell needs more).
        """
        spec = self.specs.get(name)
        if read is not as_text or kinds != {str} or spec is None or name in self.blocked:
            return None
        max_len = PLAIN_TEXT.get(spec.cleaner)
        if max_len is None or any(map(operator.methodcaller("startswith", "'"), values)):
            return None  # an apostrophe may be our exports' neutralising one: as_text reads those
        texts = list(map(str.strip, values))
        if not all(texts) or max(map(len, texts), default=0) > max_len:
            return None
        return [Cell(text, None, (), text, True) for text in texts]

    def _worker(self, name: str, read: Any) -> Worker:
        """What turns one cell of column ``name`` into its :class:`Cell` (None when blank): the field's
        cleaner, with the usual cells of a big list (short plain text, a canonical patent number) checked
        by the cleaner's own rule without building its answer each time.
        """
        spec = self.specs.get(name)
        notable = self.notable.setdefault(name, [])

        def general(value: Any) -> Cell | None:
            if value is None or (type(value) is str and not value.strip()):
                return None
            try:
                raw = read(value)
            except CellError as exc:
                notable.append(cell := Cell(None, str(exc)))
                return cell
            if spec is None or name in self.blocked:
                return Cell(raw)  # a reference column (resolved by the planner) or the record id
            checked = self.field(name, raw)
            cell = Cell(raw, None, checked.issues, checked.value, checked.ok)
            if checked.issues or checked.value in EMPTY_VALUES:
                notable.append(cell)
            return cell

        if spec is None or name in self.blocked:
            return general
        max_len = PLAIN_TEXT.get(spec.cleaner)
        if max_len is not None:

            def text(value: Any) -> Cell | None:
                if type(value) is str:
                    if read is as_text and value[:1] != "'":
                        raw = value.strip()  # as_text's reading of such a cell
                        if raw and len(raw) <= max_len:
                            return Cell(raw, None, (), raw, True)
                        return general(value)
                    with contextlib.suppress(CellError):  # the general way reports it
                        raw = read(value)
                        if type(raw) is str:
                            text = raw.strip()  # the text cleaner's rule (see cleaners.text)
                            if text and len(text) <= max_len:
                                return Cell(raw, None, (), text, True)
                return general(value)

            return text
        if spec.cleaner is clean_patents:
            this_year = date.today().year

            def patents(value: Any) -> Cell | None:
                # A canonical number is its own reading (as_code changes nothing in it).
                pairs = canonical_patent(value, this_year) if type(value) is str else None
                return Cell(value, None, (), pairs, True) if pairs is not None else general(value)

            return patents
        return general

    def field(self, name: str, raw: Any) -> Checked[Any]:
        if name != "patents" and isinstance(raw, str) and len(raw) > self.MAX_KEY_CHARS:
            return cast("Checked[Any]", self.specs[name].clean(raw))
        key = (name, raw)
        found = self.memo.get(key)
        if found is None:
            spec = self.specs[name]
            if spec.cleaner is clean_patents and isinstance(raw, str):
                found = patents_checked(raw)
                if any(i.field != name for i in found.issues):  # named as Field.clean names them
                    found = Checked(
                        value=found.value,
                        issues=tuple(Issue(name, i.code, i.message, i.severity) for i in found.issues),
                    )
            else:
                found = spec.clean(raw)
            self.memo[key] = found
        return found

    def clean(
        self, raw: dict[str, Any], *, current: Any, cells: dict[str, Cell | None] | None = None
    ) -> tuple[dict[str, Any], list[Issue]]:
        """``service.clean(raw)``; ``cells`` are the row's column answers (by field), used where they
        hold the row's value.
        """
        if current is not None or any(k in self.blocked or k not in self.specs for k in raw):
            return cast(
                "tuple[dict[str, Any], list[Issue]]", self.service.clean(self.session, raw, current=current)
            )
        issues: list[Issue] = []
        cleaned: dict[str, Any] = {}
        for key, value in raw.items():
            cell = cells.get(key) if cells is not None else None
            if cell is not None and cell.raw is value:
                if cell.issues:
                    issues.extend(cell.issues)
                if cell.kept:
                    v = cell.value
                    cleaned[key] = v.copy() if type(v) is list else v  # rows never share a list
                continue
            checked = self.field(key, value)
            if checked.issues:
                issues.extend(checked.issues)
            if not checked.issues or checked.ok:
                v = checked.value
                cleaned[key] = list(v) if isinstance(v, list) else v
        for key, spec in self.required:
            if key not in raw or (key in cleaned and cleaned[key] in (None, "", [])):
                issues.append(issue(key, "required", t("{f}为必填项", "{f} is required", f=spec.text())))
        if not any(i.is_error for i in issues):
            issues.extend(self.cross_check(cleaned))
        return cleaned, _dedupe(issues)

    def cross_check(self, merged: dict[str, Any]) -> list[Issue]:
        """The service's cross-record ``check`` of a new record's cleaned values."""
        if self.kind != "technology":
            return list(self.service.check(self.session, merged, current=None))
        owner = merged.get("institution_id")
        if owner not in self.checks:
            self.checks[owner] = list(self.service.check(self.session, merged, current=None))
        return self.checks[owner]
