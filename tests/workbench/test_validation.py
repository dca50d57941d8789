"""Tests for workbench.validation: the field validators and their vectors from DOMAIN.md §4.1–4.3."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.errors import Issue, Severity, ValidationError
from workbench.i18n import set_language
from workbench.validation import (
    Checked,
    PatentKind,
    PatentNumber,
    check_amount,
    check_date,
    check_date_range,
    check_email,
    check_id_card,
    check_keywords,
    check_patent_number,
    check_patent_numbers,
    check_phone,
    check_required_text,
    check_text,
    check_uscc,
    id_card_check_char,
    normalize_width,
    patent_check_char,
    uscc_check_char,
    uscc_division,
)

TODAY = date(2026, 3, 5)


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


def codes(checked: Checked[object]) -> list[str]:
    return [i.code for i in checked.issues]


# --- Checked ---


def test_checked_properties_and_raise() -> None:
    error = Issue("f", "e", "bad")
    warning = Issue("f", "w", "hmm", Severity.WARNING)
    clean: Checked[int] = Checked(5)
    assert clean.ok and clean.raise_for_errors(accept_warnings=False) == 5

    warned: Checked[int] = Checked(5, (warning,))
    assert warned.ok
    assert warned.warnings == (warning,) and warned.errors == ()
    assert warned.raise_for_errors(accept_warnings=True) == 5
    with pytest.raises(ValidationError) as exc:
        warned.raise_for_errors(accept_warnings=False)
    assert exc.value.warnings == [warning]

    failed: Checked[int] = Checked(None, (error, warning))
    assert not failed.ok
    with pytest.raises(ValidationError) as exc:
        failed.raise_for_errors(accept_warnings=True)
    assert exc.value.issues == [error, warning]


# --- width ---


def test_normalize_width() -> None:
    assert normalize_width("ＺＬ２０１８．Ｘ") == "ZL2018.X"
    assert normalize_width("ａ，ｂ；\u3000！～") == "a,b; !~"
    assert normalize_width("中文、。") == "中文、。"


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E)))
def test_normalize_width_round_trip(ascii_text: str) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) for c in ascii_text)
    assert normalize_width(full) == ascii_text
    assert normalize_width(ascii_text) == ascii_text


@given(st.text())
def test_normalize_width_is_idempotent(text: str) -> None:
    once = normalize_width(text)
    assert normalize_width(once) == once
    assert len(once) == len(text)


# --- USCC ---


@pytest.mark.parametrize("code", ["914403001922038216", "91310110666007217T"])
def test_uscc_valid(code: str) -> None:
    checked = check_uscc(code)
    assert checked.value == code and checked.issues == ()


@pytest.mark.parametrize(("code", "expected"), [("91350211M00013FA1N", "3"), ("91410100779423456X", "B")])
def test_uscc_checksum_failure_is_a_warning(zh: None, code: str, expected: str) -> None:
    checked = check_uscc(code)
    assert checked.ok
    assert checked.value == code
    assert codes(checked) == ["uscc.checksum"]
    assert checked.warnings[0].severity is Severity.WARNING
    assert f"校验位应为 {expected}" in checked.warnings[0].message
    assert "试点" in checked.warnings[0].message
    assert checked.raise_for_errors(accept_warnings=True) == code
    with pytest.raises(ValidationError):
        checked.raise_for_errors(accept_warnings=False)


def test_uscc_warning_in_english(english: None) -> None:
    message = check_uscc("91410100779423456X").issues[0].message
    assert message.startswith("The check character should be B, not X.")
    assert "pilot" in message


@pytest.mark.parametrize(
    ("code", "issue"),
    [
        ("91330211ABC", "uscc.length"),
        ("9144030019220382161", "uscc.length"),
        ("91440300192203821I", "uscc.charset"),
        ("9144030019220382O6", "uscc.charset"),
        ("9144030019220382Z6", "uscc.charset"),
        ("914403001922038S16", "uscc.charset"),
        ("91440300192203V216", "uscc.charset"),
        ("9144030019220382-6", "uscc.charset"),
        ("91A403001922038216", "uscc.format"),
    ],
)
def test_uscc_errors(code: str, issue: str) -> None:
    checked = check_uscc(code)
    assert not checked.ok and checked.value is None
    assert codes(checked) == [issue]


def test_uscc_normalises_input() -> None:
    assert check_uscc(" ９１３１０１１０ 666007217t ").value == "91310110666007217T"


def test_uscc_empty() -> None:
    assert check_uscc("") == Checked(None)
    assert check_uscc(None) == Checked(None)
    assert codes(check_uscc("  ", required=True)) == ["required"]


def test_uscc_helpers() -> None:
    assert uscc_check_char("91440300192203821") == "6"
    assert uscc_check_char("91310110666007217") == "T"
    assert uscc_division("91330211MA2XXXX") == "330211"
    with pytest.raises(ValueError):
        uscc_check_char("9144")
    with pytest.raises(ValueError):
        uscc_division("91AB")


uscc_bodies = st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=2, max_size=2).flatmap(
    lambda head: st.tuples(
        st.just(head),
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=9, max_size=9),
    ).map("".join)
)


@given(uscc_bodies)
def test_uscc_with_computed_check_char_is_valid(body: str) -> None:
    code = body + uscc_check_char(body)
    assert check_uscc(code) == Checked(code)
    assert check_uscc(code.lower()).value == code


# --- patent numbers ---


@pytest.mark.parametrize(
    ("raw", "number", "year", "kind"),
    [
        ("ZL201811564288.X", "201811564288.X", 2018, PatentKind.INVENTION),
        ("ZL201910603565.1", "201910603565.1", 2019, PatentKind.INVENTION),
        ("ZL202110049384.6", "202110049384.6", 2021, PatentKind.INVENTION),
        ("ZL202210350401.4", "202210350401.4", 2022, PatentKind.INVENTION),
        ("202311059330.3", "202311059330.3", 2023, PatentKind.INVENTION),
        ("ZL202010566088.9", "202010566088.9", 2020, PatentKind.INVENTION),
        ("ZL200510096239.4", "200510096239.4", 2005, PatentKind.INVENTION),
        ("ZL201310699744.2", "201310699744.2", 2013, PatentKind.INVENTION),
    ],
)
def test_patent_number_domain_vectors(raw: str, number: str, year: int, kind: PatentKind) -> None:
    checked = check_patent_number(raw, today=TODAY)
    assert checked.issues == ()
    assert checked.value == PatentNumber(number, year, kind, old_format=False)


def test_patent_number_old_format() -> None:
    checked = check_patent_number("90101673.X", today=TODAY)
    assert checked.value == PatentNumber("90101673.X", 1990, PatentKind.INVENTION, old_format=True)


@pytest.mark.parametrize(
    "raw",
    [
        "zl201811564288.x",
        "ZL 2018 1 1564288.X",
        "ＺＬ２０１８１１５６４２８８．Ｘ",
        "CN201811564288.X",
        "cn 201811564288.X",
        "201811564288X",
        "ZL201811564288X",
        " 201811564288.X ",
    ],
)
def test_patent_number_accepted_variants(raw: str) -> None:
    assert check_patent_number(raw, today=TODAY).value == PatentNumber(
        "201811564288.X", 2018, PatentKind.INVENTION, old_format=False
    )


def test_patent_number_display() -> None:
    number = check_patent_number("201811564288.x", today=TODAY).value
    assert number is not None
    assert number.with_prefix() == "ZL201811564288.X"
    assert number.with_prefix("CN") == "CN201811564288.X"
    assert str(number) == "201811564288.X"
    assert number.check_char == "X"


@pytest.mark.parametrize(
    ("raw", "issue"),
    [
        ("ZL202310123456.7", "patent.checksum"),
        ("ZL202410123456.7", "patent.checksum"),
        ("ZL20181156428.X", "patent.format"),
        ("ZL2018115642880.X", "patent.format"),
        ("ZL201811564288.Y", "patent.format"),
        ("ZL2018-11564288.X", "patent.format"),
        ("专利201811564288.X", "patent.format"),
        ("201811564288", "patent.check_missing"),
        ("201811564288.", "patent.check_missing"),
        ("90101673", "patent.check_missing"),
        ("201841564288.X", "patent.kind"),
        ("98401673.X", "patent.kind"),
        ("202710000001.0", "patent.year"),
        ("198010000001.0", "patent.year"),
        ("05101673.X", "patent.year"),
    ],
)
def test_patent_number_errors(raw: str, issue: str) -> None:
    checked = check_patent_number(raw, today=TODAY)
    assert not checked.ok and checked.value is None
    assert issue in codes(checked)


def test_patent_checksum_message_names_expected_char(zh: None) -> None:
    checked = check_patent_number("ZL202310123456.7", today=TODAY)
    assert checked.issues[0].message == "校验位应为 6，而不是 7，请核对号码"
    assert checked.issues[0].severity is Severity.ERROR


def test_patent_messages_in_english(english: None) -> None:
    checked = check_patent_number("ZL202410123456.7", today=TODAY)
    assert checked.issues[0].message == ("The check character should be 0, not 7; please check the number")
    missing = check_patent_number("201811564288", today=TODAY)
    assert "should be .X" in missing.issues[0].message
    assert PatentKind.UTILITY_MODEL.label == "Utility model"  # one vocabulary: the label lists and forms show


def test_patent_kind_digits() -> None:
    base = {"1": PatentKind.INVENTION, "2": PatentKind.UTILITY_MODEL, "3": PatentKind.DESIGN}
    base |= {"8": PatentKind.PCT_INVENTION, "9": PatentKind.PCT_UTILITY_MODEL}
    for digit, kind in base.items():
        digits = f"2020{digit}0000001"
        checked = check_patent_number(f"{digits}.{patent_check_char(digits)}", today=TODAY)
        assert checked.value is not None and checked.value.kind is kind


def test_patent_check_char() -> None:
    assert patent_check_char("201811564288") == "X"
    assert patent_check_char("90101673") == "X"
    assert patent_check_char("202310123456") == "6"
    assert patent_check_char("202410123456") == "0"
    with pytest.raises(ValueError):
        patent_check_char("12345")
    for not_ascii in ("２０１８１１５６４２８８", "٢٠١٨١١٥٦", "2018115642８8"):  # digits, but not 0-9
        with pytest.raises(ValueError):
            patent_check_char(not_ascii)


@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12)
    | st.text(alphabet="0123456789", min_size=8, max_size=8)
)
def test_patent_check_char_is_the_weighted_sum_mod_11(digits: str) -> None:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    assert patent_check_char(digits) == ("X" if remainder == 10 else str(remainder))


def test_patent_year_uses_today() -> None:
    digits = "202610000001"
    number = f"{digits}.{patent_check_char(digits)}"
    assert check_patent_number(number, today=TODAY).ok
    assert codes(check_patent_number(number, today=date(2025, 12, 31))) == ["patent.year"]


def test_patent_empty() -> None:
    assert check_patent_number("") == Checked(None)
    assert codes(check_patent_number(None, required=True)) == ["required"]


@given(
    st.integers(min_value=1985, max_value=2026),
    st.sampled_from("12389"),
    st.integers(min_value=1, max_value=9_999_999),
)
def test_patent_computed_numbers_round_trip(year: int, kind: str, serial: int) -> None:
    digits = f"{year}{kind}{serial:07d}"
    number = f"{digits}.{patent_check_char(digits)}"
    checked = check_patent_number(f"ZL{number}", today=TODAY)
    assert checked.value is not None
    assert checked.value.application_number == number
    assert checked.value.year == year
    wrong = "0" if number[-1] != "0" else "1"
    assert "patent.checksum" in codes(check_patent_number(number[:-1] + wrong, today=TODAY))


def test_check_patent_numbers_splits_and_dedupes() -> None:
    raw = "ZL201811564288.X，ZL201910603565.1；202311059330.3、\nZL 2018 1156 4288.x;;"
    checked = check_patent_numbers(raw, today=TODAY)
    assert checked.ok
    assert checked.value is not None
    assert [n.application_number for n in checked.value] == [
        "201811564288.X",
        "201910603565.1",
        "202311059330.3",
    ]


def test_check_patent_numbers_reports_the_bad_item(zh: None) -> None:
    checked = check_patent_numbers("ZL201811564288.X, ZL202310123456.7", today=TODAY)
    assert checked.value is None
    assert codes(checked) == ["patent.checksum"]
    assert checked.issues[0].field == "patent_numbers"
    assert checked.issues[0].message.startswith("“ZL202310123456.7”：校验位应为 6")


def test_check_patent_numbers_empty() -> None:
    assert check_patent_numbers(" ,; ") == Checked([])
    assert check_patent_numbers(None) == Checked(None)
    assert codes(check_patent_numbers("", required=True)) == ["required"]


# --- phone ---


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("19212345678", "19212345678"),
        ("14512345678", "14512345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0574-62722436", "0574-62722436"),
        ("057462722436", "0574-62722436"),
        ("0574 6272 2436", "0574-62722436"),
        ("(0574)62722436", "0574-62722436"),
        ("（0574）62722436", "0574-62722436"),
        ("0574－62722436", "0574-62722436"),
        ("0574—62722436", "0574-62722436"),
        ("0574-6272243", "0574-6272243"),
        ("0574-62722436-123", "0574-62722436-123"),
        ("057462722436-123", "0574-62722436-123"),
        ("0574-62722436转123", "0574-62722436-123"),
        ("0574-62722436 ext. 12", "0574-62722436-12"),
        ("0574-62722436x8", "0574-62722436-8"),
        ("+86 574 62722436", "0574-62722436"),
        ("010-12345678", "010-12345678"),
        ("01012345678", "010-12345678"),
        ("021 1234 5678", "021-12345678"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("800 123 4567", "800-123-4567"),
    ],
)
def test_phone_valid(raw: str, normalised: str) -> None:
    checked = check_phone(raw)
    assert checked.issues == ()
    assert checked.value == normalised


@pytest.mark.parametrize(
    "raw",
    [
        "12345",
        "12812345678",
        "1381234567",
        "138123456789",
        "057-462722436",
        "0574-123456",
        "0574-123456789",
        "0574-62722436-1234567",
        "0574-62722436-",
        "574-62722436",
        "500-123-4567",
        "phone",
        "0574-6272243a",
    ],
)
def test_phone_invalid(raw: str) -> None:
    checked = check_phone(raw, field="contact_phone")
    assert checked.value is None
    assert codes(checked) == ["phone.invalid"]
    assert checked.issues[0].field == "contact_phone"


def test_phone_empty_and_english(english: None) -> None:
    assert check_phone("") == Checked(None)
    assert check_phone("", required=True).issues[0].message == "Required"
    assert check_phone("12").issues[0].message.startswith("Not a valid phone number")


# --- e-mail ---


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("broker@example.com", "broker@example.com"),
        (" Zhang.San+work@Mail.NBU.edu.CN ", "Zhang.San+work@mail.nbu.edu.cn"),
        ("ｌｉ＠ｅｘａｍｐｌｅ．ｃｎ", "li@example.cn"),
    ],
)
def test_email_valid(raw: str, normalised: str) -> None:
    assert check_email(raw) == Checked(normalised)


@pytest.mark.parametrize(
    "raw",
    ["plain", "a@b", "@example.com", "a..b@example.com", "a@-example.com", "a b@example.com", "a@example.c"],
)
def test_email_invalid(raw: str) -> None:
    assert codes(check_email(raw)) == ["email.invalid"]


# --- amounts ---


def test_check_amount() -> None:
    assert check_amount("1,851.85") == Checked(185185)
    assert check_amount(Decimal("10")) == Checked(1000)
    assert check_amount(0) == Checked(0)
    assert check_amount("") == Checked(None)
    assert check_amount(None) == Checked(None)
    assert codes(check_amount("  ", required=True)) == ["required"]
    assert codes(check_amount("1.234", field="fee")) == ["amount.decimals"]
    assert check_amount("1.234", field="fee").issues[0].field == "fee"
    assert codes(check_amount("0", allow_zero=False)) == ["amount.zero"]


def test_check_amount_english(english: None) -> None:
    assert check_amount("-1").issues[0].message == "The amount cannot be negative"


# --- dates ---


@pytest.mark.parametrize(
    "raw",
    [
        "2026-03-05",
        "2026/3/5",
        "2026年3月5日",
        "20260305",
        "2026.3.5",
        "２０２６－０３－０５",
        " 2026 年 3 月 5 日 ",
    ],
)
def test_date_formats(raw: str) -> None:
    assert check_date(raw) == Checked(date(2026, 3, 5))


def test_date_objects() -> None:
    assert check_date(date(2026, 3, 5)) == Checked(date(2026, 3, 5))
    assert check_date(datetime(2026, 3, 5, 14, 30)) == Checked(date(2026, 3, 5))
    assert check_date(None) == Checked(None)
    assert codes(check_date("", required=True)) == ["required"]


@pytest.mark.parametrize(
    ("raw", "issue"),
    [
        ("2026-02-30", "date.invalid"),
        ("2026-13-01", "date.invalid"),
        ("20250229", "date.invalid"),
        ("3/5/2026", "date.format"),
        ("yesterday", "date.format"),
        ("2026-3", "date.format"),
    ],
)
def test_date_errors(raw: str, issue: str) -> None:
    checked = check_date(raw, field="signed_on")
    assert codes(checked) == [issue]
    assert checked.issues[0].field == "signed_on"


def test_date_messages(english: None) -> None:
    assert check_date("2026-02-30").issues[0].message == "No such date: 2026-02-30"


def test_date_range(zh: None) -> None:
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert check_date_range(start, end) == Checked((start, end))
    assert check_date_range(start, start) == Checked((start, start))
    assert check_date_range(None, end) == Checked(None)
    checked = check_date_range(end, start)
    assert codes(checked) == ["date.range"]
    assert checked.issues[0].field == "end"
    assert checked.issues[0].message == "结束日期早于开始日期"


# --- resident ID ---


def test_id_card_valid() -> None:
    assert check_id_card("11010519491231002X") == Checked("11010519491231002X")
    assert check_id_card("11010519491231002x") == Checked("11010519491231002X")
    # Computed by hand: Σ digit×weight = 171, 171 mod 11 = 6 → "10X98765432"[6] = "6".
    assert check_id_card("330211199001011236") == Checked("330211199001011236")


@pytest.mark.parametrize(
    ("raw", "issue"),
    [
        ("330211199001011235", "id_card.checksum"),
        ("110105194912310021", "id_card.checksum"),
        ("33021119900101123", "id_card.format"),
        ("330211900101123", "id_card.format"),
        ("33021119900101123Y", "id_card.format"),
        ("330211199002301236", "id_card.birth_date"),
        ("330211189001011236", "id_card.birth_date"),
        ("330211209001011236", "id_card.birth_date"),
    ],
)
def test_id_card_errors(raw: str, issue: str) -> None:
    checked = check_id_card(raw, today=TODAY)
    assert codes(checked) == [issue]
    assert checked.issues[0].is_error


def test_id_card_check_char() -> None:
    assert id_card_check_char("11010519491231002") == "X"
    assert id_card_check_char("33021119900101123") == "6"
    with pytest.raises(ValueError):
        id_card_check_char("123")


# --- keywords ---


@pytest.mark.parametrize(
    ("raw", "keywords"),
    [
        ("新材料,储能，电池", ["新材料", "储能", "电池"]),
        ("新材料、储能；电池;AI  机器人", ["新材料", "储能", "电池", "AI", "机器人"]),
        ("AI, ai, Ａｉ, 储能", ["AI", "储能"]),
        ("储能\u3000电池", ["储能", "电池"]),
        (["储能", " 氢能 ", "储能", ""], ["储能", "氢能"]),
        (["AI chip"], ["AI chip"]),
    ],
)
def test_keywords(raw: str | list[str], keywords: list[str]) -> None:
    assert check_keywords(raw) == Checked(keywords)


def test_keywords_errors(zh: None) -> None:
    assert codes(check_keywords("a,b,c,d,e,f")) == ["keywords.too_many"]
    too_long = check_keywords("储能,高性能锂离子电池正极材料制备")
    assert codes(too_long) == ["keywords.too_long"]
    assert "高性能锂离子电池正极材料制备" in too_long.issues[0].message
    assert codes(check_keywords("")) == ["required"]
    assert codes(check_keywords(None)) == ["required"]
    assert codes(check_keywords("a", min_count=2)) == ["keywords.too_few"]
    assert check_keywords("", min_count=0) == Checked([])
    assert check_keywords("a,b,c,d,e,f", max_count=6).ok
    assert codes(check_keywords("abc", max_len=2)) == ["keywords.too_long"]


def test_keywords_english(english: None) -> None:
    assert check_keywords("a,b,c,d,e,f").issues[0].message == "At most 5 keywords, not 6"


# --- text ---


def test_text() -> None:
    assert check_required_text("  项目名称：储能  ", "name") == Checked("项目名称：储能")
    assert codes(check_required_text("  ", "name")) == ["required"]
    assert codes(check_required_text(None, "name")) == ["required"]
    assert codes(check_required_text("abcdef", "name", max_len=5)) == ["text.too_long"]
    assert check_required_text("abcde", "name", max_len=5).ok
    assert check_text("", field="note") == Checked(None)
    assert codes(check_text("", field="note", required=True)) == ["required"]


def test_text_messages(zh: None) -> None:
    assert check_required_text("abcdef", "name", max_len=5).issues[0].message == "最多5个字，当前6个字"
