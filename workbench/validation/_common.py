"""What every validator shares: the :class:`Checked` outcome and the small helpers that build it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Never, TypeVar

from workbench.errors import Issue, Severity, ValidationError
from workbench.i18n import t
from workbench.textnorm import fold_width

T_co = TypeVar("T_co", covariant=True)  # Checked is immutable, so a Checked[bool] is a Checked[object]

_SPACES_RE = re.compile(r"\s+")


def normalize_width(s: object) -> str:
    """Turn full-width ASCII forms (U+FF01–FF5E) and the ideographic space into their half-width forms.

    A non-text value (a number read from a spreadsheet cell) is checked as the text it prints as.
    """
    return fold_width(s if isinstance(s, str) else str(s))


@dataclass(frozen=True)
class Checked(Generic[T_co]):
    """Outcome of one validator: the normalised value (None if empty or invalid) and the issues found."""

    value: T_co | None
    issues: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings alone still count as ok)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    def raise_for_errors(self, *, accept_warnings: bool) -> T_co | None:
        """Return the value, or raise ``ValidationError`` on errors (or on warnings not accepted)."""
        if self.errors or (self.warnings and not accept_warnings):
            raise ValidationError(list(self.issues))
        return self.value


def _error(field: str, code: str, message: str) -> Issue:
    return Issue(field, code, message, Severity.ERROR)


def _failed(field: str, code: str, message: str) -> Checked[Never]:
    return Checked(None, (_error(field, code, message),))


def _empty(field: str, required: bool) -> Checked[Never]:
    """Accept an empty input when optional; report "required" otherwise."""
    if required:
        return _failed(field, "required", t("必填", "Required"))
    return Checked(None)


def _is_blank(raw: object) -> bool:
    return isinstance(raw, str) and not raw.strip()


def _compact(raw: object) -> str:
    """Half-width, upper-case, with every space removed: the form codes and numbers are compared in."""
    return _SPACES_RE.sub("", normalize_width(raw)).upper()
