"""Exceptions the core raises for user errors: data first (a code, the field it concerns), then a message.

Errors are data: an :class:`Issue` and every :class:`WorkbenchError` carry a ``code`` (a stable message
key such as ``"uscc.checksum"`` or ``"need.no_filing_no"``) and, where one field is at fault, its
``field`` path (``"uscc"``, ``"tiers[2].rate"``). A screen marks the field from ``field`` and may pick
its own words from ``code``; nobody parses ``message``, which is only for showing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from workbench.i18n import t


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem with one field: an error refuses the input, a warning can be overridden."""

    field: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class WorkbenchError(Exception):
    """A failure the user can understand and act on (shown without a traceback).

    ``code`` is the message key, ``field`` the field path at fault ("" when the whole operation is).
    """

    def __init__(self, message: str, *, code: str = "", field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class ValidationError(WorkbenchError):
    """Input refused: one or more field errors, or warnings that were not overridden."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = list(issues)
        lines = [f"{i.field}: {i.message}" if i.field else i.message for i in self.issues]
        first = self.issues[0] if self.issues else None
        super().__init__(
            "\n".join(lines) or t("输入无效", "Invalid input"),
            code=first.code if first else "invalid",
            field=first.field if first else "",
        )

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]


class NotFoundError(WorkbenchError):
    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(
            t("找不到{kind}：{ident}", "No {kind} with id {ident}", kind=kind, ident=ident), code="not_found"
        )
        self.kind = kind
        self.ident = ident


class TransitionError(WorkbenchError):
    """A stage or status change the workflow does not allow; the message says why."""


@dataclass(frozen=True)
class PolicyProblem:
    """One problem with one key of a policy: where (``path``), what (``code``) and the translated message.

    ``path`` follows the TOML schema, tier and attachment numbers counted from 1:
    ``("rate", "tiers", 2, "rate")`` is written ``rate.tiers[2].rate``.
    """

    path: tuple[str | int, ...]
    code: str
    message: str

    @property
    def key(self) -> str:
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


class PolicyError(WorkbenchError):
    """A reward policy that cannot be loaded or applied; ``problems`` name the keys at fault, if known."""

    def __init__(self, message: str, problems: Sequence[PolicyProblem] = ()) -> None:
        first = problems[0] if problems else None
        super().__init__(message, code=first.code if first else "", field=first.key if first else "")
        self.problems = tuple(problems)


class StoreError(WorkbenchError):
    """The database cannot be opened, migrated, backed up or restored."""


class DocumentError(WorkbenchError):
    """A document (a claim form) that cannot be laid out or written."""
