"""Money as the screens show it: yuan with grouping, 万元 exact or rounded; Decimal only, never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from workbench.money import FEN_PER_WAN, yuan_cell

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
