"""Language of the core's user-facing messages (Simplified Chinese by default, English second).

The core cannot use Qt's translator, so every message is written in both languages where it is raised,
and the language is chosen once per process (the desktop app sets it from its own language setting).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

SUPPORTED = ("zh_CN", "en")
_language = "zh_CN"


def set_language(lang: str) -> None:
    """Select the language of messages created from now on; unknown codes fall back to Chinese."""
    global _language  # noqa: PLW0603 - one process-wide setting, like Qt's installed translator
    _language = "en" if lang.lower().startswith("en") else "zh_CN"


def language() -> str:
    return _language


def t(zh: str, en: str, /, **params: Any) -> str:
    """Return the message in the current language, formatted with ``params``."""
    template = en if _language == "en" else zh
    return template.format(**params) if params else template


def join_list(items: Iterable[str]) -> str:
    """Items of a short list in running text: 转让、作价入股 in Chinese, "Transfer, Equity" in English."""
    return t("、", ", ").join(items)
