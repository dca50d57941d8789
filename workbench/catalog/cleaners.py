"""Cleaners: one function per kind of input that normalises a raw value and reports what is wrong with it.

A cleaner takes what a person typed, an importer read or code passed, and returns a :class:`Checked`: the
normalised value plus issues. The issues carry a code (the message key) and no field name; the service
that runs the cleaner fills in the field, so the same cleaner serves every field of its kind.
The catalogue builds each field's cleaner from its kind and limits (see ``workbench.catalog.schema``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from workbench import enums
from workbench.errors import Issue, Severity
from workbench.i18n import t
from workbench.money import MAX_FEN
from workbench.validation import (
    Checked,
    check_amount,
    check_date,
    check_email,
    check_id_card,
    check_keywords,
    check_patent_numbers,
    check_phone,
    check_uscc,
)

Cleaner = Callable[[Any], Checked[Any]]

# What separates the items of a list typed on one line (or one per line): the catalogue's help says so too.
LIST_SEPARATORS = r"[,，、;；\n]+"


def _items(raw: Any, separators: str = LIST_SEPARATORS) -> list[Any]:
    """A list input as its items: text is split on the separators, a single non-text value is one item."""
    if raw is None or raw == "":
        return []
    if isinstance(raw, str):
        return re.split(separators, raw)
    if isinstance(raw, list | tuple | set | frozenset):
        return list(raw)
    return [raw]


def _ok(value: Any) -> Checked[Any]:
    return Checked(value=value, issues=())


def _err(code: str, message: str) -> Checked[Any]:
    return Checked(value=None, issues=(Issue("", code, message, Severity.ERROR),))


# The plain text cleaners made below, with their max_len: a big import checks a filled text cell against
# its limit without calling the cleaner and building its answer once per cell (a text cell, stripped and
# not empty, is its own cleaned value in both).
PLAIN_TEXT: dict[Cleaner, int] = {}


def text(max_len: int = 200) -> Cleaner:
    def clean(raw: Any) -> Checked[Any]:
        value = "" if raw is None else str(raw).strip()
        if len(value) > max_len:
            return _err(
                "text.too_long",
                t(
                    "不能超过 {n} 个字符（现有 {m} 个）",
                    "At most {n} characters ({m} given)",
                    n=max_len,
                    m=len(value),
                ),
            )
        return _ok(value)

    PLAIN_TEXT[clean] = max_len
    return clean


def optional_text(max_len: int = 200) -> Cleaner:
    """Text stored as NULL when blank (codes and numbers, where "" and "none" must not differ)."""
    base = text(max_len)

    def clean(raw: Any) -> Checked[Any]:
        checked = base(raw)
        return _ok(checked.value or None) if checked.ok else checked

    PLAIN_TEXT[clean] = max_len
    return clean


def reference(raw: Any) -> Checked[Any]:
    """The id of another record; whether it exists is the service's cross-record check."""
    value = "" if raw is None else str(raw).strip()
    return _ok(value or None)


def choice(enum: type[enums.LabelledEnum], *, optional: bool = True) -> Cleaner:
    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _ok(None) if optional else _err("required", t("必须选择一项", "Choose one"))
        try:
            return _ok(enum.parse(str(raw)).value)
        except ValueError:
            allowed = "、".join(m.label for m in enum)
            return _err(
                "choice.invalid",
                t("无效的选项“{v}”，可选：{a}", "Invalid choice “{v}”; allowed: {a}", v=raw, a=allowed),
            )

    return clean


def choices(enum: type[enums.LabelledEnum]) -> Cleaner:
    one = choice(enum)

    def clean(raw: Any) -> Checked[Any]:
        items = _items(raw, r"[,，、;；\s]+")
        out: list[str] = []
        for item in items:
            if not item:
                continue
            checked = one(item)
            if not checked.ok:
                return checked
            if checked.value not in out:
                out.append(str(checked.value))
        return _ok(out)

    return clean


def fen(*, optional: bool = False, positive: bool = False) -> Cleaner:
    """Money: an int is fen already (from forms and code); text is yuan as typed by a person."""

    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _ok(None) if optional else _err("required", t("请填写金额", "Enter an amount"))
        if isinstance(raw, bool):
            return _err("amount.invalid", t("金额无效", "Invalid amount"))
        if isinstance(raw, int):
            if raw < 0:
                return _err("amount.negative", t("金额不能为负数", "The amount cannot be negative"))
            if raw >= MAX_FEN:
                return _err("amount.too_large", t("金额过大", "The amount is too large"))
            value: int = raw
        else:
            checked = check_amount(str(raw), field="", required=True)
            if not checked.ok or checked.value is None:
                return checked
            value = checked.value
        if positive and value == 0:
            return _err("amount.zero", t("金额必须大于零", "The amount must be greater than zero"))
        return _ok(value)

    return clean


def a_date(*, required: bool = False) -> Cleaner:
    return lambda raw: check_date(raw, field="", required=required)


def a_datetime(*, required: bool = False) -> Cleaner:
    def clean(raw: Any) -> Checked[Any]:
        if raw is None or raw == "":
            return _err("required", t("请填写时间", "Enter a time")) if required else _ok(None)
        if isinstance(raw, datetime):
            value = raw
        else:
            try:
                value = datetime.fromisoformat(str(raw).strip())
            except ValueError:
                return _err(
                    "datetime.invalid",
                    t("时间格式无效，例如 2026-03-05 14:30", "Invalid time; for example 2026-03-05 14:30"),
                )
        if value.tzinfo is None:
            value = value.astimezone()  # a time typed by a person is local time
        return _ok(value)

    return clean


def flag(raw: Any) -> Checked[Any]:
    if isinstance(raw, bool):
        return _ok(raw)
    if isinstance(raw, int) and raw in (0, 1):
        return _ok(bool(raw))
    text_value = "" if raw is None else str(raw).strip().lower()
    if text_value in {"1", "true", "yes", "y", "是", "有"}:
        return _ok(True)
    if text_value in {"0", "false", "no", "n", "否", "无", ""}:
        return _ok(False)
    return _err("flag.invalid", t("请填写“是”或“否”", "Enter yes or no"))


def digits(length: int, *, optional: bool = True) -> Cleaner:
    def clean(raw: Any) -> Checked[Any]:
        value = "" if raw is None else str(raw).strip()
        if not value:
            return _ok(None) if optional else _err("required", t("必填", "Required"))
        if not re.fullmatch(rf"\d{{{length}}}", value):
            return _err("digits.invalid", t("应为 {n} 位数字", "Must be {n} digits", n=length))
        return _ok(value)

    return clean


def industry_code(raw: Any) -> Checked[Any]:
    """GB/T 4754-2017: a section letter, optionally followed by a 2-, 3- or 4-digit class (C, C26, C2614)."""
    value = "" if raw is None else str(raw).strip().upper()
    if not value:
        return _ok(None)
    if re.fullmatch(r"\d{2,4}", value):
        return _ok(value)
    if re.fullmatch(r"[A-T](\d{2}|\d{3}|\d{4})?", value):
        return _ok(value)
    return _err(
        "industry.invalid",
        t("国民经济行业代码格式应如 C2614 或 26", "An industry code looks like C2614 or 26 (GB/T 4754)"),
    )


def uscc(raw: Any) -> Checked[Any]:
    return check_uscc(raw, field="")


def phone(raw: Any) -> Checked[Any]:
    return check_phone(raw, field="")


def email(raw: Any) -> Checked[Any]:
    return check_email(raw, field="")


def id_card(raw: Any) -> Checked[Any]:
    return check_id_card(raw, field="")


def keywords(*, max_count: int = 5, min_count: int = 1) -> Cleaner:
    return lambda raw: check_keywords(raw, field="", min_count=min_count, max_count=max_count)


def string_list(max_items: int = 50) -> Cleaner:
    def clean(raw: Any) -> Checked[Any]:
        items = _items(raw)
        out = []
        for item in items:
            value = str(item).strip()
            if value and value not in out:
                out.append(value)
        if len(out) > max_items:
            return _err("list.too_long", t("最多 {n} 项", "At most {n} items", n=max_items))
        return _ok(out)

    return clean


def patents(raw: Any) -> Checked[Any]:
    """Patent numbers as (canonical application number, kind) pairs, each checked and de-duplicated.

    Each problem names its number: a technology often lists several, and the user must see which is wrong.
    """
    checked = check_patent_numbers("\n".join(str(item) for item in _items(raw)), field="")
    if not checked.ok or checked.value is None:
        return Checked(value=None if not checked.ok else [], issues=checked.issues)
    pairs = list(dict.fromkeys((n.application_number, str(n.kind)) for n in checked.value))
    return Checked(value=pairs, issues=checked.issues)


def ids(raw: Any) -> Checked[Any]:
    items = [str(i) for i in _items(raw)]
    return _ok(list(dict.fromkeys(items)))


def number(raw: Any) -> Checked[Any]:
    """A plain number (a ranking score): int or float as given, or parsed from text."""
    if raw is None or raw == "":
        return _ok(None)
    if isinstance(raw, bool):
        return _err("number.invalid", t("数值无效", "Invalid number"))
    if isinstance(raw, int | float):
        return _ok(raw)
    try:
        return _ok(float(str(raw).strip()))
    except ValueError:
        return _err("number.invalid", t("数值无效", "Invalid number"))
