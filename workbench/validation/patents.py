"""Chinese patent application and patent numbers: the check character, the kind, the canonical form."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from datetime import date

from workbench import enums
from workbench.errors import Issue
from workbench.i18n import t
from workbench.validation._common import (
    Checked,
    _compact,
    _empty,
    _error,
    _failed,
    _is_blank,
    normalize_width,
)

# --- Chinese patent application / patent numbers ---


# The patent kinds are the domain's vocabulary (labels included): one definition in workbench.enums.
PatentKind = enums.PatentKind


_PATENT_KINDS = {
    "1": PatentKind.INVENTION,
    "2": PatentKind.UTILITY_MODEL,
    "3": PatentKind.DESIGN,
    "8": PatentKind.PCT_INVENTION,
    "9": PatentKind.PCT_UTILITY_MODEL,
}
_PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_WEIGHT_SUMS = {8: sum(_PATENT_WEIGHTS[:8]), 12: sum(_PATENT_WEIGHTS)}
_PATENT_RE = re.compile(r"(?P<digits>[0-9]{12}|[0-9]{8})(?P<dot>\.?)(?P<check>[0-9X]?)", re.ASCII)
_PATENT_PREFIXES = ("ZL", "CN")
_FIRST_PATENT_YEAR = 1985  # China's Patent Law took effect on 1985-04-01
_LAST_OLD_FORMAT_YEAR = 2003  # 8-digit numbers were replaced by 12-digit ones on 2003-10-01
_LIST_SPLIT_RE = re.compile(r"[,;、\n\r]+")


@dataclass(frozen=True)
class PatentNumber:
    """A checked Chinese patent application number; for a granted patent it is also the patent number."""

    application_number: str
    """Canonical form: "201811564288.X" (12 digits) or "90101673.X" (8 digits, before 2003-10-01)."""
    year: int
    kind: PatentKind
    old_format: bool

    @property
    def check_char(self) -> str:
        return self.application_number[-1]

    def with_prefix(self, prefix: str = "ZL") -> str:
        """Return the number with a prefix: "ZL201811564288.X" (granted patent) or "CN…"."""
        return f"{prefix}{self.application_number}"

    def __str__(self) -> str:
        return self.application_number


def patent_check_char(digits: str) -> str:
    """Return the check character for 12 (or, before 2003-10-01, 8) application-number digits."""
    if len(digits) not in (8, 12) or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"need 8 or 12 digits, got {digits!r}")
    # The digits' ASCII codes weighted, less 48 ("0") times the weights: a 100,000-row list checks each.
    weighted = sum(map(operator.mul, digits.encode("ascii"), _PATENT_WEIGHTS))
    remainder = (weighted - 48 * _WEIGHT_SUMS[len(digits)]) % 11
    return "X" if remainder == 10 else str(remainder)


def _strip_patent_prefixes(code: str) -> str:
    for _ in _PATENT_PREFIXES:  # at most one of each, in either order
        for prefix in _PATENT_PREFIXES:
            if code.startswith(prefix):
                code = code[len(prefix) :]
    return code


def check_patent_number(
    raw: str | None,
    *,
    field: str = "patent_number",
    required: bool = False,
    today: date | None = None,
) -> Checked[PatentNumber]:
    """Check a patent (application) number such as "ZL201811564288.X".

    Accepts ZL/CN prefixes in any case, spaces, full-width characters, a lower-case x and a missing dot
    before the check character. Wrong format, unknown type digit, impossible year and a wrong check
    character are errors (a wrong check character is almost always a typo).
    """
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    code = _strip_patent_prefixes(_compact(raw))
    match = _PATENT_RE.fullmatch(code)
    if match is None:
        return _failed(
            field,
            "patent.format",
            t(
                "专利号格式不正确：应为12位数字、“.”和校验位（如 ZL201811564288.X），"
                "2003年10月以前为8位数字、“.”和校验位",
                "Not a valid patent number: expected 12 digits, '.' and a check character "
                "(e.g. ZL201811564288.X), or 8 digits before October 2003",
            ),
        )
    digits = match["digits"]
    old_format = len(digits) == 8
    issues: list[Issue] = []
    expected = patent_check_char(digits)
    if not match["check"]:
        issues.append(
            _error(
                field,
                "patent.check_missing",
                t(
                    "缺少校验位（按号码计算应为 .{expected}）",
                    "The check character is missing (from the digits it should be .{expected})",
                    expected=expected,
                ),
            )
        )
    kind_digit = digits[2] if old_format else digits[4]
    kind = _PATENT_KINDS.get(kind_digit)
    if kind is None:
        issues.append(
            _error(
                field,
                "patent.kind",
                t(
                    "专利类型位“{digit}”无效（1 发明、2 实用新型、3 外观设计、8/9 PCT）",
                    "Unknown patent type digit '{digit}' (1 invention, 2 utility model, 3 design, 8/9 PCT)",
                    digit=kind_digit,
                ),
            )
        )
    if old_format:
        yy = int(digits[:2])
        year = 1900 + yy if yy >= 85 else 2000 + yy
    else:
        year = int(digits[:4])
    this_year = (today or date.today()).year
    if old_format and year > _LAST_OLD_FORMAT_YEAR:
        issues.append(
            _error(
                field,
                "patent.year",
                t(
                    "8位申请号只用于2003年10月以前，{year}年的号码应为12位",
                    "8-digit numbers were used only before October 2003; a {year} number has 12 digits",
                    year=year,
                ),
            )
        )
    elif not _FIRST_PATENT_YEAR <= year <= this_year:
        issues.append(
            _error(
                field,
                "patent.year",
                t(
                    "申请年份{year}不可能（应在1985年至{this_year}年之间）",
                    "Application year {year} is impossible (must be 1985–{this_year})",
                    year=year,
                    this_year=this_year,
                ),
            )
        )
    if match["check"] and match["check"] != expected:
        issues.append(
            _error(
                field,
                "patent.checksum",
                t(
                    "校验位应为 {expected}，而不是 {actual}，请核对号码",
                    "The check character should be {expected}, not {actual}; please check the number",
                    expected=expected,
                    actual=match["check"],
                ),
            )
        )
    if issues or kind is None:
        return Checked(None, tuple(issues))
    return Checked(PatentNumber(f"{digits}.{expected}", year, kind, old_format))


def check_patent_numbers(
    raw: str | None,
    *,
    field: str = "patent_numbers",
    required: bool = False,
    today: date | None = None,
) -> Checked[list[PatentNumber]]:
    """Check a field holding several patent numbers separated by commas, semicolons, 、 or new lines.

    Duplicates are dropped; the value is None when any number has an error.
    """
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    numbers: list[PatentNumber] = []
    issues: list[Issue] = []
    for piece in _LIST_SPLIT_RE.split(normalize_width(raw)):
        item = piece.strip()
        if not item:
            continue
        checked = check_patent_number(item, field=field, today=today)
        for i in checked.issues:
            message = t("“{item}”：{message}", "'{item}': {message}", item=item, message=i.message)
            issues.append(Issue(i.field, i.code, message, i.severity))
        if checked.value is not None and checked.value not in numbers:
            numbers.append(checked.value)
    if any(i.is_error for i in issues):
        return Checked(None, tuple(issues))
    return Checked(numbers, tuple(issues))
