"""Money as integer fen (分): parsing user input, formatting, rounding and amounts in capitals (大写金额).

Amounts are ``int`` fen everywhere in the core; ``Decimal`` appears only at the edges (user input,
policy rates, reports) and ``float`` never does, so sums and shares are exact.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from workbench.errors import Issue, ValidationError
from workbench.i18n import t
from workbench.textnorm import fold_width

Fen = int
"""An amount in fen (1 yuan = 100 fen)."""

MAX_FEN: Fen = 10**14
"""Exclusive upper bound: every amount must be below 1万亿 yuan, so 大写 needs at most 亿 sections."""

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000

# validation.py imports this module, so the width table is kept here too rather than imported from there.
_YUAN_SIGNS = ("¥", "￥")
_NUMBER_RE = re.compile(r"(?P<sign>-?)(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?", re.ASCII)
# Commas are only accepted as thousands separators; "1,5" (a European decimal comma) must not become 15.
_GROUPED_RE = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)
_MAX_INT_DIGITS = 20  # far above MAX_FEN; guards int() against absurdly long inputs
_DECIMALS_ZH = {2: "两", 6: "六"}
_DECIMALS_EN = {2: "two", 6: "six"}

_ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "half_even": ROUND_HALF_EVEN}

_DIGIT_CAPITALS = "零壹贰叁肆伍陆柒捌玖"
_SECTION_PLACES = ("仟", "佰", "拾", "")


def _issue(field: str, code: str, message: str) -> ValidationError:
    return ValidationError([Issue(field, code, message)])


def _too_large(field: str) -> ValidationError:
    return _issue(
        field,
        "amount.too_large",
        t("金额过大（须小于1万亿元）", "The amount is too large (it must be below 1 trillion yuan)"),
    )


def _parse_scaled(
    value: str | Decimal | int,
    *,
    field: str,
    decimals: int,
    suffixes: tuple[str, ...],
    allow_zero: bool,
) -> Fen:
    """Parse ``value`` in a unit worth ``10**decimals`` fen, allowing at most ``decimals`` decimal places."""
    if isinstance(value, bool) or not isinstance(value, str | Decimal | int):
        # A float here is a programming error: its binary value is not the amount the user typed.
        raise TypeError(f"amount must be str, Decimal or int, not {type(value).__name__}")
    if isinstance(value, str):
        fen = _parse_text(value, field=field, decimals=decimals, suffixes=suffixes)
    elif isinstance(value, Decimal):
        fen = _parse_decimal(value, field=field, decimals=decimals)
    else:
        if value < 0:
            raise _negative(field)
        scale: int = 10**decimals
        fen = value * scale
    if fen >= MAX_FEN:
        raise _too_large(field)
    if fen == 0 and not allow_zero:
        raise _issue(field, "amount.zero", t("金额必须大于零", "The amount must be greater than zero"))
    return fen


def _negative(field: str) -> ValidationError:
    return _issue(field, "amount.negative", t("金额不能为负数", "The amount cannot be negative"))


def _too_many_decimals(field: str, decimals: int) -> ValidationError:
    return _issue(
        field,
        "amount.decimals",
        t(
            "最多{zh}位小数",
            "At most {en} decimal places",
            zh=_DECIMALS_ZH.get(decimals, str(decimals)),
            en=_DECIMALS_EN.get(decimals, str(decimals)),
        ),
    )


def _parse_text(text: str, *, field: str, decimals: int, suffixes: tuple[str, ...]) -> Fen:
    cleaned = fold_width(text).strip()
    for sign in _YUAN_SIGNS:
        if cleaned.startswith(sign):
            cleaned = cleaned[len(sign) :].lstrip()
            break
    for suffix in suffixes:
        if cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].rstrip()
            break
    if not cleaned:
        raise _issue(field, "required", t("必填", "Required"))
    if "," in cleaned:
        if not _GROUPED_RE.fullmatch(cleaned):
            raise _invalid(field, text)
        cleaned = cleaned.replace(",", "")
    match = _NUMBER_RE.fullmatch(cleaned)
    if match is None or not (match["int"] or match["frac"]):
        raise _invalid(field, text)
    int_part: str = match["int"].lstrip("0")
    frac_part: str = (match["frac"] or "").rstrip("0")
    if match["sign"] and (int_part or frac_part):
        raise _negative(field)
    if len(frac_part) > decimals:
        raise _too_many_decimals(field, decimals)
    if len(int_part) > _MAX_INT_DIGITS:
        raise _too_large(field)
    scale: int = 10**decimals
    return int(int_part or "0") * scale + int(frac_part.ljust(decimals, "0") or "0")


def _parse_decimal(value: Decimal, *, field: str, decimals: int) -> Fen:
    if not value.is_finite():
        raise _invalid(field, str(value))
    if value < 0:
        raise _negative(field)
    if value.adjusted() > _MAX_INT_DIGITS:
        raise _too_large(field)
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise _too_many_decimals(field, decimals)
    return int(scaled)


def _invalid(field: str, text: str) -> ValidationError:
    return _issue(
        field,
        "amount.invalid",
        t("“{text}”不是有效的金额", "'{text}' is not a valid amount", text=text.strip()),
    )


def parse_yuan(text: str | Decimal | int, *, field: str = "amount", allow_zero: bool = True) -> Fen:
    """Parse an amount in yuan into fen.

    Accepts "123456.78", "1,234.5" (thousands separators must be well placed), full-width digits,
    a leading ¥/￥, a trailing 元 and surrounding spaces; extra trailing zeros ("1.230") are fine.
    Raises ``ValidationError`` when empty, not a plain decimal number (NaN, inf, exponents), negative,
    with more than two significant decimals, zero when ``allow_zero`` is false, or not below ``MAX_FEN``.
    An ``int`` is taken as whole yuan.
    """
    return _parse_scaled(text, field=field, decimals=2, suffixes=("元",), allow_zero=allow_zero)


def parse_wan(text: str | Decimal | int, *, field: str = "amount", allow_zero: bool = True) -> Fen:
    """Parse an amount in 万元 (ten thousand yuan) into fen; up to six decimals, so the result is exact.

    Same input forms and errors as ``parse_yuan``, with an optional trailing 万元 or 万.
    """
    return _parse_scaled(text, field=field, decimals=6, suffixes=("万元", "万"), allow_zero=allow_zero)


def format_yuan(fen: Fen, *, grouping: bool = False) -> str:
    """Format fen as yuan with exactly two decimals: 185185 → "1851.85" (grouping: "1,851.85")."""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), FEN_PER_YUAN)
    whole = f"{yuan:,}" if grouping else str(yuan)
    return f"{sign}{whole}.{cents:02d}"


def yuan_cell(fen: Fen | None) -> str:
    """A table cell headed （元）: yuan with grouping ("123,456.78"); no amount → an empty cell."""
    return "" if fen is None else format_yuan(int(fen), grouping=True)


def to_decimal(fen: Fen) -> Decimal:
    """Fen → yuan as an exact ``Decimal`` with two places (185185 → Decimal("1851.85"))."""
    return Decimal(fen).scaleb(-2)


def from_decimal(amount: Decimal, rounding: str = ROUND_HALF_UP) -> Fen:
    """Yuan as ``Decimal`` → fen, rounding sub-fen digits with a ``decimal`` rounding constant."""
    if not amount.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    return int(amount.scaleb(2).quantize(Decimal(1), rounding=rounding))


def round_fen(value: Decimal, mode: str = "half_up") -> Fen:
    """Round an exact amount in fen (e.g. base × rate) to whole fen; mode is half_up, down or half_even.

    "down" rounds toward zero, which never pays out more than the exact amount.
    """
    try:
        rounding = _ROUNDING_MODES[mode]
    except KeyError:
        raise ValueError(f"unknown rounding mode {mode!r}; use one of {sorted(_ROUNDING_MODES)}") from None
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {value}")
    try:
        return int(value.quantize(Decimal(1), rounding=rounding))
    except InvalidOperation as exc:  # quantize exceeds the context precision
        raise ValueError(f"amount out of range: {value}") from exc


def _section_words(section: int) -> str:
    """Capitals for 1..9999 without leading or trailing 零; inner zero runs become one 零."""
    words: list[str] = []
    pending_zero = False
    for digit, place in zip(f"{section:04d}", _SECTION_PLACES, strict=True):
        if digit == "0":
            pending_zero = bool(words)
            continue
        if pending_zero:
            words.append("零")
            pending_zero = False
        words.append(_DIGIT_CAPITALS[int(digit)] + place)
    return "".join(words)


def _integer_words(yuan: int) -> str:
    sections = ((yuan // 10**8, "亿"), (yuan // 10**4 % 10**4, "万"), (yuan % 10**4, ""))
    words: list[str] = []
    skipped_section = False
    for value, unit in sections:
        if value == 0:
            skipped_section = bool(words)
            continue
        # 零 when the lower section starts with zeros or a whole section was skipped; not when the only
        # zeros are the trailing ones of the higher section (107000 → 壹拾万柒仟, PBoC's optional case).
        if words and (value < 1000 or skipped_section):
            words.append("零")
        words.append(_section_words(value) + unit)
        skipped_section = False
    return "".join(words)


def amount_in_words(fen: Fen, *, prefix: str = "人民币") -> str:
    """Write an amount in capitals (大写金额) per the PBoC rules for bills and settlement vouchers.

    Canonical choices where the rules allow two forms:

    * 元 position zero (or 角 zero) before non-zero 角/分: **write** 零 after 元
      (1680.32 → 壹仟陆佰捌拾元零叁角贰分; 16409.02 → 壹万陆仟肆佰零玖元零贰分, where it is required).
    * 万/亿 position zero with the next 仟 non-zero: **no** 零, so a zero run gets exactly one 零
      (107000.53 → 壹拾万柒仟元零伍角叁分, 10001000 → 壹仟万壹仟元整). A lower section starting with
      zeros, or a whole zero section, does take 零 (100010000 → 壹亿零壹万元整, 1000000001 → 壹拾亿零壹元整).
    * 整 only after 元; none after 角 (1409.50 → 壹仟肆佰零玖元伍角) or 分.
    * A leading ten is written 壹拾 (150000 → 壹拾伍万元整).
    * Zero is 零元整; below one yuan there is no 元 part (0.53 → 伍角叁分).

    Raises ``ValueError`` for negative amounts or amounts not below ``MAX_FEN``.
    """
    if fen < 0:
        raise ValueError(f"amount in words needs a non-negative amount, got {fen} fen")
    if fen >= MAX_FEN:
        raise ValueError(f"amount in words supports amounts below 1万亿 yuan, got {fen} fen")
    yuan, cents = divmod(fen, FEN_PER_YUAN)
    jiao, fen_digit = divmod(cents, 10)
    parts = [prefix]
    if yuan:
        parts += [_integer_words(yuan), "元"]
    elif not cents:
        parts.append("零元")
    if not cents:
        parts.append("整")
        return "".join(parts)
    if yuan and (yuan % 10 == 0 or jiao == 0):
        parts.append("零")
    if jiao:
        parts.append(_DIGIT_CAPITALS[jiao] + "角")
    if fen_digit:
        parts.append(_DIGIT_CAPITALS[fen_digit] + "分")
    return "".join(parts)


def _date_part(number: int, *, leading_zero: bool) -> str:
    tens, ones = divmod(number, 10)
    words = (_DIGIT_CAPITALS[tens] + "拾" if tens else "") + (_DIGIT_CAPITALS[ones] if ones else "")
    return ("零" if leading_zero else "") + words


def date_in_capitals(d: date) -> str:
    """Write a date as on bills: 2026-01-15 → 贰零贰陆年零壹月壹拾伍日.

    Months 1, 2, 10 and days 1–10, 20, 30 take a leading 零 (so they cannot be altered); 11–19 read 壹拾….
    """
    year = "".join(_DIGIT_CAPITALS[int(c)] for c in f"{d.year:04d}")
    month = _date_part(d.month, leading_zero=d.month in (1, 2, 10))
    day = _date_part(d.day, leading_zero=d.day <= 10 or d.day in (20, 30))
    return f"{year}年{month}月{day}日"
