"""Field validators shared by forms, importers and the CLI: each normalises one input and reports issues.

The field catalogue (``workbench.catalog``) wraps them as the cleaners of its fields. Patent numbers are
in ``validation.patents`` and the shared :class:`Checked` in ``validation._common``; both are re-exported
here, so ``from workbench.validation import check_patent_number`` keeps working.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from workbench import money
from workbench.errors import Issue, Severity, ValidationError
from workbench.i18n import t
from workbench.validation._common import (
    _SPACES_RE,
    Checked,
    _compact,
    _empty,
    _error,
    _failed,
    _is_blank,
    normalize_width,
)
from workbench.validation.patents import (
    PatentKind,
    PatentNumber,
    check_patent_number,
    check_patent_numbers,
    patent_check_char,
)

__all__ = [
    "Checked",
    "PatentKind",
    "PatentNumber",
    "check_amount",
    "check_date",
    "check_date_range",
    "check_email",
    "check_id_card",
    "check_keywords",
    "check_patent_number",
    "check_patent_numbers",
    "check_phone",
    "check_required_text",
    "check_text",
    "check_uscc",
    "id_card_check_char",
    "normalize_width",
    "patent_check_char",
    "uscc_check_char",
    "uscc_division",
]

# --- Unified Social Credit Code (GB 32100-2015) ---

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}", re.ASCII)


def uscc_check_char(first17: str) -> str:
    """Return the check character (18th) for the first 17 characters of a USCC."""
    code = _compact(first17)
    if len(code) != 17 or any(c not in _USCC_ALPHABET for c in code):
        raise ValueError(f"need 17 USCC characters, got {first17!r}")
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(code, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_division(code: str) -> str:
    """Return the registering authority's division code (positions 3–8), e.g. "330211" for 镇海.

    This is where the entity registered, which is not necessarily the district it operates in.
    """
    compact = _compact(code)
    division = compact[2:8]
    if len(division) != 6 or not division.isdigit():
        raise ValueError(f"no division code in {code!r}")
    return division


def check_uscc(raw: str | None, *, field: str = "uscc", required: bool = False) -> Checked[str]:
    """Check a Unified Social Credit Code; a wrong check character is only a warning (early pilot codes)."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    code = _compact(raw)
    if len(code) != 18:
        return _failed(
            field,
            "uscc.length",
            t(
                "统一社会信用代码应为18位，当前为{n}位",
                "A unified social credit code has 18 characters, not {n}",
                n=len(code),
            ),
        )
    if not _USCC_RE.fullmatch(code):
        bad = "".join(sorted({c for c in code if c not in _USCC_ALPHABET}))
        if bad:
            return _failed(
                field,
                "uscc.charset",
                t(
                    "含有不允许的字符：{chars}（只用数字和除 I、O、Z、S、V 以外的大写字母）",
                    "Contains characters that are not allowed: {chars} "
                    "(only digits and capital letters other than I, O, Z, S, V)",
                    chars=bad,
                ),
            )
        return _failed(
            field,
            "uscc.format",
            t("第3–8位应为行政区划代码（6位数字）", "Characters 3–8 must be a six-digit division code"),
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        warning = Issue(
            field,
            "uscc.checksum",
            t(
                "校验位应为 {expected}，而不是 {actual}。早期试点地区发放的代码可能不符合校验规则，"
                "如已核对营业执照无误，可以忽略此警告。",
                "The check character should be {expected}, not {actual}. Codes issued in early pilot "
                "regions may fail this check; if the code matches the business licence, you may override.",
                expected=expected,
                actual=code[17],
            ),
            Severity.WARNING,
        )
        return Checked(code, (warning,))
    return Checked(code)


# --- Phone numbers ---

_MOBILE_RE = re.compile(r"(?:\+86|0086|86)?(1[3-9][0-9]{9})", re.ASCII)
_SERVICE_RE = re.compile(r"([48]00)([0-9]{3})([0-9]{4})", re.ASCII)
_EXTENSION_RE = re.compile(r"(?:转|分机|EXT\.?|X|#)([0-9]{1,6})$", re.ASCII)
_PHONE_CHARS_RE = re.compile(r"[0-9\-]+", re.ASCII)


def _area_code_length(digits: str) -> int:
    """010 and 02x are three characters long, all other area codes four."""
    return 3 if digits.startswith(("010", "02")) else 4


def _landline(main: str, extension: str | None) -> str | None:
    """Normalise "area-local" (dash optional) plus an optional extension, or None if not a landline."""
    if not _PHONE_CHARS_RE.fullmatch(main):
        return None
    pieces = main.split("-")
    if extension is None and len(pieces) == 3:
        extension = pieces.pop()
    elif extension is None and len(pieces) == 2 and not pieces[0].startswith("0"):
        return None
    elif extension is None and len(pieces) == 2 and len(pieces[0]) > 4:
        # "057462722436-123": the dash separates the extension, not the area code.
        extension = pieces.pop()
    digits = "".join(pieces)
    if not digits.startswith("0") or any(not p for p in pieces):
        return None
    area_length = _area_code_length(digits)
    if len(pieces) == 2 and len(pieces[0]) != area_length:
        return None
    area, local = digits[:area_length], digits[area_length:]
    if not 7 <= len(local) <= 8 or extension == "" or (extension and len(extension) > 6):
        return None
    return f"{area}-{local}" + (f"-{extension}" if extension else "")


def check_phone(raw: str | None, *, field: str = "phone", required: bool = False) -> Checked[str]:
    """Check a mainland phone number and normalise it.

    Mobile → 11 digits ("13812345678"; +86/0086/86 dropped); landline → "0574-62722436" or
    "0574-62722436-123" with an extension (转/分机/ext/x/# or a second dash); 400/800 → "400-123-4567".
    """
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    text = re.sub(r"[\s()（）]+", "", normalize_width(raw)).upper()
    text = re.sub(r"[‐‑‒–—―]", "-", text)  # dashes typed with a Chinese input method
    compact = text.replace("-", "")
    if mobile := _MOBILE_RE.fullmatch(compact):
        return Checked(mobile[1])
    if service := _SERVICE_RE.fullmatch(compact):
        return Checked("-".join(service.groups()))
    main, extension = text, None
    if ext_match := _EXTENSION_RE.search(text):
        main, extension = text[: ext_match.start()].rstrip("-"), ext_match[1]
    for prefix in ("+86", "0086"):
        if main.startswith(prefix):
            # International form drops the area code's leading 0: +86 574 6272 2436.
            main = "0" + main[len(prefix) :].lstrip("-")
            break
    if (landline := _landline(main, extension)) is not None:
        return Checked(landline)
    return _failed(
        field,
        "phone.invalid",
        t(
            "不是有效的电话号码（手机号为11位；座机如 0574-62722436；也可填400/800号码）",
            "Not a valid phone number (mobile: 11 digits; landline e.g. 0574-62722436; or a 400/800 number)",
        ),
    )


# --- E-mail ---

_EMAIL_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL_LOCAL_RE = re.compile(rf"{_EMAIL_ATOM}(?:\.{_EMAIL_ATOM})*", re.ASCII)
_EMAIL_DOMAIN_RE = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}", re.ASCII)


def check_email(raw: str | None, *, field: str = "email", required: bool = False) -> Checked[str]:
    """Check an e-mail address for a plausible shape (local@domain.tld); the domain is lower-cased."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    text = normalize_width(raw).strip()
    local, at, domain = text.rpartition("@")
    if (
        not at
        or len(text) > 254
        or len(local) > 64
        or not _EMAIL_LOCAL_RE.fullmatch(local)
        or not _EMAIL_DOMAIN_RE.fullmatch(domain)
    ):
        return _failed(
            field,
            "email.invalid",
            t("不是有效的电子邮箱地址", "Not a valid e-mail address"),
        )
    return Checked(f"{local}@{domain.lower()}")


# --- Amounts ---


def check_amount(
    raw: str | Decimal | int | None,
    *,
    field: str = "amount",
    required: bool = False,
    allow_zero: bool = True,
) -> Checked[int]:
    """Check an amount in yuan (see ``money.parse_yuan``); the value is in fen."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    try:
        return Checked(money.parse_yuan(raw, field=field, allow_zero=allow_zero))
    except ValidationError as exc:
        return Checked(None, tuple(exc.issues))


# --- Dates ---

_DATE_RES = (
    re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?", re.ASCII),
    re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})", re.ASCII),
)


def check_date(raw: str | date | None, *, field: str = "date", required: bool = False) -> Checked[date]:
    """Check a date: "2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日" or "20260305"."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    if isinstance(raw, datetime):
        return Checked(raw.date())
    if isinstance(raw, date):
        return Checked(raw)
    text = _SPACES_RE.sub("", normalize_width(raw))
    for pattern in _DATE_RES:
        if match := pattern.fullmatch(text):
            year, month, day = (int(g) for g in match.groups())
            try:
                return Checked(date(year, month, day))
            except ValueError:
                return _failed(
                    field,
                    "date.invalid",
                    t("日期不存在：{text}", "No such date: {text}", text=raw.strip()),
                )
    return _failed(
        field,
        "date.format",
        t(
            "无法识别的日期“{text}”（请写成 2026-03-05）",
            "Cannot read the date '{text}' (write it as 2026-03-05)",
            text=raw.strip(),
        ),
    )


def check_date_range(
    start: date | None, end: date | None, *, field: str = "end"
) -> Checked[tuple[date, date]]:
    """Check that ``end`` is not before ``start``; the value is None unless both dates are given."""
    if start is None or end is None:
        return Checked(None)
    if end < start:
        message = t("结束日期早于开始日期", "The end date is before the start date")
        return _failed(field, "date.range", message)
    return Checked((start, end))


# --- Resident identity card (GB 11643) ---

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def id_card_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character of an 18-digit resident ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"need 17 digits, got {first17!r}")
    return _ID_CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def check_id_card(
    raw: str | None,
    *,
    field: str = "id_card",
    required: bool = False,
    today: date | None = None,
) -> Checked[str]:
    """Check an 18-character resident ID number: format, birth date and check character (all errors)."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    code = _compact(raw)
    if not _ID_RE.fullmatch(code):
        return _failed(
            field,
            "id_card.format",
            t(
                "身份证号应为18位（前17位为数字，最后一位为数字或X）",
                "A resident ID number has 18 characters: 17 digits and a digit or X",
            ),
        )
    try:
        birth = date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        birth = None
    if birth is None or not date(1900, 1, 1) <= birth <= (today or date.today()):
        return _failed(
            field,
            "id_card.birth_date",
            t(
                "身份证号中的出生日期 {text} 无效",
                "The birth date {text} in the ID number is not valid",
                text=code[6:14],
            ),
        )
    expected = id_card_check_char(code[:17])
    if code[17] != expected:
        return _failed(
            field,
            "id_card.checksum",
            t(
                "校验位应为 {expected}，而不是 {actual}，请核对号码",
                "The check character should be {expected}, not {actual}; please check the number",
                expected=expected,
                actual=code[17],
            ),
        )
    return Checked(code)


# --- Keywords and free text ---

_KEYWORD_SPLIT_RE = re.compile(r"[,;、\s]+")


def check_keywords(
    raw: str | Iterable[str] | None,
    *,
    field: str = "keywords",
    min_count: int = 1,
    max_count: int = 5,
    max_len: int = 10,
) -> Checked[list[str]]:
    """Check keywords given as text (split on commas, 、, semicolons and spaces) or as a list.

    Keywords are stripped and de-duplicated (ignoring case and width); too few, too many or too long
    keywords are errors.
    """
    if raw is None:
        items: list[str] = []
    elif isinstance(raw, str):
        items = _KEYWORD_SPLIT_RE.split(normalize_width(raw))
    elif isinstance(raw, Iterable):
        items = [normalize_width(item) for item in raw]
    else:
        items = [normalize_width(raw)]
    keywords: list[str] = []
    seen: set[str] = set()
    for item in items:
        keyword = item.strip()
        if keyword and keyword.casefold() not in seen:
            seen.add(keyword.casefold())
            keywords.append(keyword)
    issues: list[Issue] = []
    if len(keywords) < min_count:
        issues.append(
            _error(
                field,
                "required" if not keywords else "keywords.too_few",
                t("至少填写{n}个关键词", "Enter at least {n} keyword(s)", n=min_count),
            )
        )
    if len(keywords) > max_count:
        issues.append(
            _error(
                field,
                "keywords.too_many",
                t(
                    "关键词最多{max}个，当前{n}个",
                    "At most {max} keywords, not {n}",
                    max=max_count,
                    n=len(keywords),
                ),
            )
        )
    long_ones = [k for k in keywords if len(k) > max_len]
    if long_ones:
        issues.append(
            _error(
                field,
                "keywords.too_long",
                t(
                    "每个关键词最多{max}个字：{keywords}",
                    "Each keyword may have at most {max} characters: {keywords}",
                    max=max_len,
                    keywords=t("、", ", ").join(long_ones),
                ),
            )
        )
    if issues:
        return Checked(None, tuple(issues))
    return Checked(keywords)


def check_text(
    raw: str | None,
    *,
    field: str,
    max_len: int | None = None,
    required: bool = False,
) -> Checked[str]:
    """Check free text: stripped (full-width punctuation is kept, it is normal in Chinese), length limit."""
    if raw is None or _is_blank(raw):
        return _empty(field, required)
    text = raw.strip()
    if max_len is not None and len(text) > max_len:
        return _failed(
            field,
            "text.too_long",
            t(
                "最多{max}个字，当前{n}个字",
                "At most {max} characters, not {n}",
                max=max_len,
                n=len(text),
            ),
        )
    return Checked(text)


def check_required_text(raw: str | None, field: str, max_len: int | None = None) -> Checked[str]:
    """Like ``check_text`` but empty input is an error."""
    return check_text(raw, field=field, max_len=max_len, required=True)
