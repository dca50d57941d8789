"""Text normalisation shared by search, matching and storage: widths, Traditional→Simplified, pinyin."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_width(text: str) -> str:
    """Full-width ASCII forms and the ideographic space become their half-width equivalents."""
    return text.translate(WIDTH_TABLE)


_T2S = opencc.OpenCC("t2s")


def normalize_text(text: str) -> str:
    """The form both an index and a query are reduced to: NFKC, Simplified Chinese, lower case."""
    folded = unicodedata.normalize("NFKC", fold_width(text))
    return str(_T2S.convert(folded)).lower()


@lru_cache(maxsize=4096)
def pinyin_initials(text: str) -> str:
    """First letters of each character's pinyin (宁波材料 → nbcl); letters and digits kept as they are."""
    # Imported on first use: pypinyin's dictionaries take ~0.3 s to load, which the first screen can skip.
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for part in letters for ch in part.lower() if ch.isalnum())


def escape_like(text: str) -> str:
    r"""Escape LIKE's wildcards so typed text matches literally; use with ``escape="\\"``."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(text: str) -> str:
    r"""The LIKE pattern "contains ``text`` literally" (``col.ilike(contains_pattern(x), escape="\\")``)."""
    return f"%{escape_like(text)}%"
