"""Money as the screens show it: yuan with grouping, 万元 exact or rounded; Decimal only, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QCoreApplication

from workbench.i18n import language
from workbench.money import FEN_PER_WAN, yuan_cell

translate = QCoreApplication.translate

yuan = yuan_cell  # fen as yuan with grouping: 12345678 → "123,456.78"; None → ""


def wan(fen: int | None) -> str:
    """Fen as 万元 for lists, exact: 500000000 → "500", 12345678 → "12.345678"; None → ""."""
    if fen is None:
        return ""
    value = (Decimal(fen) / FEN_PER_WAN).normalize()
    return f"{value:,f}"


def wan_rounded(fen: int) -> str:
    """Fen as 万元 with two decimals and grouping (12,345,678 fen → "12.35"), for big figures."""
    value = (Decimal(fen) / Decimal(FEN_PER_WAN)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:,.2f}"


def amount_text(fen: int | None) -> str:
    """An amount in running text: “430 万元” in Chinese; “4,300,000 yuan” in English, which has no 万."""
    if fen is None:
        return ""
    if language() == "en":
        return translate("Money", "%1 元").replace("%1", yuan(fen).removesuffix(".00"))
    return translate("Money", "%1 万元").replace("%1", wan(fen))


def big_amount(fen: int) -> tuple[str, str]:
    """A big figure and its unit: (“5,931.40”, “万元”) in Chinese, (“59.31”, “million yuan”) in English."""
    if language() == "en":
        millions = (Decimal(fen) / Decimal(100_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{millions:,.2f}", translate("Money", "百万元")
    return wan_rounded(fen), translate("Money", "万元")
