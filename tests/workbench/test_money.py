"""Tests for workbench.money: parsing, formatting, rounding, and 大写 amounts/dates per DOMAIN.md §4.4."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import ValidationError
from workbench.i18n import set_language
from workbench.money import (
    MAX_FEN,
    amount_in_words,
    date_in_capitals,
    format_yuan,
    from_decimal,
    parse_wan,
    parse_yuan,
    round_fen,
    to_decimal,
)

CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = {"拾": 10, "佰": 100, "仟": 1000}


@pytest.fixture
def zh() -> Iterator[None]:
    set_language("zh_CN")
    yield


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    try:
        yield
    finally:
        set_language("zh_CN")


def issue_code(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    assert len(exc.value.issues) == 1
    return exc.value.issues[0].code


def words_to_fen(words: str) -> int:
    """Read 大写 back into fen (an independent decoder, so the property tests check the value)."""
    assert words.startswith("人民币")
    text = words.removeprefix("人民币").removesuffix("整")
    integer, _, fraction = text.rpartition("元")
    yuan = section = digit = 0
    for ch in integer:
        if ch in CAPITAL_DIGITS:
            digit = CAPITAL_DIGITS.index(ch)
        elif ch in PLACES:
            section += digit * PLACES[ch]
            digit = 0
        elif ch in "万亿":
            yuan += (section + digit) * (10**4 if ch == "万" else 10**8)
            section = digit = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {words}")
    yuan += section + digit
    fraction_digits = fraction.replace("零", "")
    assert len(fraction_digits) % 2 == 0, words
    cents = sum(
        CAPITAL_DIGITS.index(d) * (10 if u == "角" else 1)
        for d, u in zip(fraction_digits[::2], fraction_digits[1::2], strict=True)
    )
    return yuan * 100 + cents


# --- parse_yuan / parse_wan ---


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("123456.78", 12345678),
        ("1,234.5", 123450),
        ("1,234,567", 123456700),
        ("１２３", 12300),
        ("１２３．４５", 12345),
        ("¥ 99.9", 9990),
        ("￥100", 10000),
        ("  42 元 ", 4200),
        ("0", 0),
        ("0.00", 0),
        ("-0", 0),
        (".5", 50),
        ("5.", 500),
        ("007.10", 710),
        ("1.230", 123),
        ("999999999999.99", MAX_FEN - 1),
    ],
)
def test_parse_yuan_accepts(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


def test_parse_yuan_accepts_decimal_and_int() -> None:
    assert parse_yuan(Decimal("1851.85")) == 185185
    assert parse_yuan(Decimal("1.50")) == 150
    assert parse_yuan(Decimal("1E+2")) == 10000
    assert parse_yuan(12) == 1200


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("¥", "required"),
        ("abc", "amount.invalid"),
        ("1.2.3", "amount.invalid"),
        ("NaN", "amount.invalid"),
        ("inf", "amount.invalid"),
        ("-inf", "amount.invalid"),
        ("1e5", "amount.invalid"),
        ("1E-2", "amount.invalid"),
        ("1,5", "amount.invalid"),
        ("12,34.5", "amount.invalid"),
        ("+5", "amount.invalid"),
        ("5万", "amount.invalid"),
        ("-0.01", "amount.negative"),
        ("-5", "amount.negative"),
        ("1.234", "amount.decimals"),
        ("0.001", "amount.decimals"),
        ("1000000000000", "amount.too_large"),
        ("999999999999.995", "amount.decimals"),
        ("9" * 5000, "amount.too_large"),
    ],
)
def test_parse_yuan_rejects(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan(text, field="contract_amount")
    assert issue_code(exc) == code
    assert exc.value.issues[0].field == "contract_amount"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("NaN"), "amount.invalid"),
        (Decimal("Infinity"), "amount.invalid"),
        (Decimal("-1"), "amount.negative"),
        (Decimal("0.001"), "amount.decimals"),
        (Decimal("1E+12"), "amount.too_large"),
        (Decimal("1E+999999"), "amount.too_large"),
        (-1, "amount.negative"),
        (10**12, "amount.too_large"),
    ],
)
def test_parse_yuan_rejects_decimal_and_int(value: Decimal | int, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan(value)
    assert issue_code(exc) == code


def test_parse_yuan_refuses_float_and_bool() -> None:
    with pytest.raises(TypeError):
        parse_yuan(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_yuan(True)


def test_parse_yuan_zero_can_be_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan("0.00", allow_zero=False)
    assert issue_code(exc) == "amount.zero"
    assert parse_yuan("0.01", allow_zero=False) == 1


def test_parse_yuan_messages_in_chinese(zh: None) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan("1.234")
    assert exc.value.issues[0].message == "最多两位小数"
    with pytest.raises(ValidationError) as exc:
        parse_yuan("-3")
    assert exc.value.issues[0].message == "金额不能为负数"


def test_parse_yuan_messages_in_english(english: None) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_yuan("1.234")
    assert exc.value.issues[0].message == "At most two decimal places"
    with pytest.raises(ValidationError) as exc:
        parse_yuan("x1")
    assert exc.value.issues[0].message == "'x1' is not a valid amount"
    with pytest.raises(ValidationError) as exc:
        parse_wan("1.1234567")
    assert exc.value.issues[0].message == "At most six decimal places"
    assert "amount: At most six decimal places" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("1", 1_000_000),
        ("12.5", 12_500_000),
        ("0.000001", 1),
        ("3.141592", 3_141_592),
        ("２０万元", 20_000_000),
        ("5万", 5_000_000),
        ("¥1,000", 1_000_000_000),
        ("99999999.999999", MAX_FEN - 1),
    ],
)
def test_parse_wan(text: str, fen: int) -> None:
    assert parse_wan(text) == fen


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0.0000001", "amount.decimals"),
        ("100000000", "amount.too_large"),
        ("-1", "amount.negative"),
        ("1e3", "amount.invalid"),
        ("", "required"),
    ],
)
def test_parse_wan_rejects(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_wan(text, field="own_funds")
    assert issue_code(exc) == code


def test_parse_wan_decimal() -> None:
    assert parse_wan(Decimal("0.5")) == 500_000
    assert parse_wan(3) == 3_000_000


# --- formatting and decimals ---


@pytest.mark.parametrize(
    ("fen", "plain", "grouped"),
    [
        (185185, "1851.85", "1,851.85"),
        (0, "0.00", "0.00"),
        (5, "0.05", "0.05"),
        (-1, "-0.01", "-0.01"),
        (-123456789, "-1234567.89", "-1,234,567.89"),
        (MAX_FEN - 1, "999999999999.99", "999,999,999,999.99"),
    ],
)
def test_format_yuan(fen: int, plain: str, grouped: str) -> None:
    assert format_yuan(fen) == plain
    assert format_yuan(fen, grouping=True) == grouped


def test_to_and_from_decimal() -> None:
    assert to_decimal(185185) == Decimal("1851.85")
    assert str(to_decimal(100)) == "1.00"
    assert str(to_decimal(-5)) == "-0.05"
    assert from_decimal(Decimal("1851.85")) == 185185
    assert from_decimal(Decimal("0.005")) == 1
    assert from_decimal(Decimal("0.0049")) == 0
    assert from_decimal(Decimal("0.019"), rounding=ROUND_DOWN) == 1
    with pytest.raises(ValueError):
        from_decimal(Decimal("NaN"))


@pytest.mark.parametrize(
    ("value", "mode", "fen"),
    [
        ("2.5", "half_up", 3),
        ("2.5", "half_even", 2),
        ("3.5", "half_even", 4),
        ("2.9", "down", 2),
        ("-2.5", "half_up", -3),
        ("-2.9", "down", -2),
        ("7", "down", 7),
        ("1851.849", "half_up", 1852),
    ],
)
def test_round_fen(value: str, mode: str, fen: int) -> None:
    assert round_fen(Decimal(value), mode) == fen


def test_round_fen_rejects_unknown_mode_and_nan() -> None:
    with pytest.raises(ValueError, match="rounding mode"):
        round_fen(Decimal(1), "ceiling")
    with pytest.raises(ValueError):
        round_fen(Decimal("NaN"))


# --- amounts in capitals ---


@pytest.mark.parametrize(
    ("yuan", "words"),
    [
        # DOMAIN.md §4.4, rule 4 (the optional-零 cases in their canonical form)
        ("1409.50", "人民币壹仟肆佰零玖元伍角"),
        ("6007.14", "人民币陆仟零柒元壹角肆分"),
        ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
        ("16409.02", "人民币壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "人民币叁佰贰拾伍元零肆分"),
        # rule 6: a leading ten is 壹拾
        ("100000", "人民币壹拾万元整"),
        ("150000", "人民币壹拾伍万元整"),
        ("300000", "人民币叁拾万元整"),
        ("1851.85", "人民币壹仟捌佰伍拾壹元捌角伍分"),
        ("0", "人民币零元整"),
        ("0.53", "人民币伍角叁分"),
        ("0.05", "人民币伍分"),
        ("0.50", "人民币伍角"),
        ("10", "人民币壹拾元整"),
        ("10.05", "人民币壹拾元零伍分"),
        ("1010", "人民币壹仟零壹拾元整"),
        ("1600.30", "人民币壹仟陆佰元零叁角"),
        ("1681.32", "人民币壹仟陆佰捌拾壹元叁角贰分"),
        ("110000", "人民币壹拾壹万元整"),
        ("10001000", "人民币壹仟万壹仟元整"),
        ("10000100", "人民币壹仟万零壹佰元整"),
        ("100000000", "人民币壹亿元整"),
        ("100010000", "人民币壹亿零壹万元整"),
        ("100001000", "人民币壹亿零壹仟元整"),
        ("1000000001", "人民币壹拾亿零壹元整"),
        ("1010101010.10", "人民币壹拾亿壹仟零壹拾万壹仟零壹拾元零壹角"),
        ("999999999999.99", "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amount_in_words(yuan: str, words: str) -> None:
    assert amount_in_words(parse_yuan(yuan)) == words


def test_amount_in_words_prefix() -> None:
    assert amount_in_words(15_000_000, prefix="") == "壹拾伍万元整"


def test_amount_in_words_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        amount_in_words(-1)
    with pytest.raises(ValueError):
        amount_in_words(MAX_FEN)


mostly_zero_amounts = st.lists(st.sampled_from("00000000123456789"), min_size=1, max_size=14).map(
    lambda digits: int("".join(digits))
)
amounts = st.one_of(st.integers(min_value=0, max_value=MAX_FEN - 1), mostly_zero_amounts)


@given(amounts)
def test_amount_in_words_properties(fen: int) -> None:
    words = amount_in_words(fen)
    assert words.startswith("人民币")
    assert words.endswith(("整", "分", "角"))
    assert not set(words) & set("一二三四五六七八九十毛另念廿0123456789")
    assert "零零" not in words
    for misplaced in ("零元", "零万", "零亿", "零整", "零角", "零分", "万亿"):
        if fen != 0:
            assert misplaced not in words
    assert words.endswith("整") == (fen % 100 == 0)
    assert words_to_fen(words) == fen


@given(amounts)
def test_format_then_parse_round_trips(fen: int) -> None:
    assert parse_yuan(format_yuan(fen)) == fen
    assert parse_yuan(format_yuan(fen, grouping=True)) == fen
    assert from_decimal(to_decimal(fen)) == fen


@given(st.integers(min_value=0, max_value=MAX_FEN - 1))
def test_wan_and_yuan_agree(fen: int) -> None:
    assert parse_wan(f"{to_decimal(fen) / 10_000:f}") == fen


# --- dates in capitals ---


@pytest.mark.parametrize(
    ("d", "words"),
    [
        (date(2026, 1, 15), "贰零贰陆年零壹月壹拾伍日"),
        (date(2026, 2, 1), "贰零贰陆年零贰月零壹日"),
        (date(2026, 3, 10), "贰零贰陆年叁月零壹拾日"),
        (date(2026, 10, 20), "贰零贰陆年零壹拾月零贰拾日"),
        (date(2025, 11, 30), "贰零贰伍年壹拾壹月零叁拾日"),
        (date(2025, 12, 31), "贰零贰伍年壹拾贰月叁拾壹日"),
        (date(2000, 9, 29), "贰零零零年玖月贰拾玖日"),
    ],
)
def test_date_in_capitals(d: date, words: str) -> None:
    assert date_in_capitals(d) == words
