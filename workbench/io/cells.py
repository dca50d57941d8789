"""Turning a spreadsheet cell into the input a service's field cleaner expects.

A cell arrives as text, a number, a date or a boolean, depending on who typed it and which program saved
it. This module only *reads* the cell the way a person meant it (an Excel date serial is a date, 12.5万元
is 125,000 yuan, a USCC that Excel turned into 9.13302E+17 has lost its digits); the services' cleaners
then validate the result. Problems found here are returned as messages, never raised.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from workbench import money, taxonomy
from workbench.errors import ValidationError
from workbench.i18n import t
from workbench.io import fieldmap as fm
from workbench.textnorm import fold_width

EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
MAX_SERIAL = 2958465  # 9999-12-31
_SCIENTIFIC = re.compile(r"^[+-]?\d(\.\d+)?[eE][+]?\d+$")
_SERIAL = re.compile(r"^\d{4,5}(\.\d+)?$")
_DATETIME_TEXT = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]*(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})秒?)?分?)?$"
)
# Digits beyond this a double cannot hold exactly: such a code stored as a number has lost digits.
MAX_EXACT_DIGITS = 15


class CellError(ValueError):
    """A cell that cannot be read as meant; the message is in the user's language."""


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number_text(value: float | int) -> str:
    """A number as a person would write it: 12.0 → "12", 0.1 → "0.1"."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text that a spreadsheet would take for a formula gets a leading apostrophe (OWASP's advice)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_text(value: Any) -> str:
    if isinstance(value, str):
        if value.startswith("'") and value[1:2] and value[1] in "=+-@\t\r":
            return value[1:].strip()  # our own exports' neutralised text, read back as it was
        return value.strip()
    if isinstance(value, bool):
        return t("是", "yes") if value else t("否", "no")
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    return str(value).strip()


def as_code(value: Any) -> str:
    """A code of digits and letters; refuses one that Excel stored as a number and so rounded."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(
                t(
                    "此单元格是数字 {v}，不是代码；请把该列设为“文本”格式后重新填写",
                    "This cell holds the number {v}, not a code; format the column as Text and re-enter it",
                    v=value,
                )
            )
        digits = str(int(value))
        if len(digits) > MAX_EXACT_DIGITS:
            raise CellError(_lost_digits(f"{value:.5E}"))
        return digits
    text = as_text(value)
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise CellError(_lost_digits(text))
    return text


def _lost_digits(shown: str) -> str:
    return t(
        "“{v}”是被 Excel 转成科学计数法的数字，后几位已经丢失；请把该列设为“文本”格式，重新输入完整代码",
        "“{v}” is a number Excel turned into scientific notation and its last digits are lost; "
        "format the column as Text and re-enter the full code",
        v=shown,
    )


def serial_to_datetime(serial: float) -> datetime:
    if not 1 <= serial <= MAX_SERIAL:
        raise CellError(t("{v} 不是有效的日期序号", "{v} is not a valid date serial", v=serial))
    return EXCEL_EPOCH + timedelta(days=serial)


def as_date(value: Any) -> date | str:
    """A date from a date cell, an Excel serial number (as number or text), or text the cleaner reads."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float | int) and not isinstance(value, bool):
        return serial_to_datetime(float(value)).date()
    text = fold_width(as_text(value)).strip()
    if _SERIAL.match(text) and not re.fullmatch(r"\d{8}", text):
        return serial_to_datetime(float(text)).date()
    return text  # 2026-03-05, 2026/3/5, 2026年3月5日, 20260305: check_date reads them


def as_datetime(value: Any) -> datetime | str:
    """A local date and time (a date alone is midnight); text the cleaner cannot read is passed on."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, float | int) and not isinstance(value, bool):
        return serial_to_datetime(float(value)).replace(microsecond=0)
    text = fold_width(as_text(value)).strip()
    if _SERIAL.match(text) and not re.fullmatch(r"\d{8}", text):
        return serial_to_datetime(float(text)).replace(microsecond=0)
    if m := _DATETIME_TEXT.match(text):
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(y, mo, d, h, mi, s)
        except ValueError:
            raise CellError(t("日期时间不存在：{v}", "No such date or time: {v}", v=text)) from None
    return text


def as_money(value: Any) -> int | str:
    """Yuan for the cleaner: a number cell becomes its exact decimal text; 12.5万元 becomes fen (an int)."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        try:
            amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise CellError(t("金额无效：{v}", "Invalid amount: {v}", v=value)) from None
        return format(amount, "f")
    text = fold_width(as_text(value)).replace(" ", "")
    if text.endswith(("万元", "万")):
        try:
            return money.parse_wan(text.replace(",", ""))
        except ValidationError as exc:
            raise CellError(exc.message) from None
    return text


def as_division(value: Any) -> str:
    text = as_code(value)
    code = taxonomy.division_code(text)
    if code is None:
        raise CellError(
            t(
                "无法识别的地区“{v}”；请填写 6 位行政区划代码或区县名称（如 北仑区）",
                "Unknown place “{v}”; give a 6-digit division code or a district name (e.g. 北仑区)",
                v=text,
            )
        )
    return code


def as_industry(value: Any) -> str:
    text = as_code(value)
    code = taxonomy.industry_code(text)
    if code is None:
        raise CellError(
            t(
                "无法识别的行业“{v}”；请填写国民经济行业代码（如 C2614）或门类、大类名称",
                "Unknown industry “{v}”; give a GB/T 4754 code (e.g. C2614) or a section or division name",
                v=text,
            )
        )
    return code


def as_flag(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, bool | int) else as_text(value)


def _as_name(value: Any) -> str:
    return fold_width(as_text(value))


_READERS: dict[str, Any] = {
    fm.CODE: as_code,
    fm.DATE: as_date,
    fm.DATETIME: as_datetime,
    fm.MONEY: as_money,
    fm.FLAG: as_flag,
    fm.DIVISION: as_division,
    fm.INDUSTRY: as_industry,
    fm.ENTERPRISE: _as_name,
    fm.INSTITUTION: _as_name,
}


def reader_for(kind: str) -> Any:
    """The reader of non-blank cells of value kind ``kind`` (what :func:`read_cell` applies)."""
    return _READERS.get(kind, as_text)


def read_cell(value: Any, kind: str) -> Any:
    """The cleaner input for one non-blank cell of value kind ``kind`` (see ``fieldmap``)."""
    if type(value) is str and kind == fm.TEXT:  # the common case of a big list, without a lookup
        return as_text(value)
    return _READERS.get(kind, as_text)(value)
