"""The one way percentages are read and written: policy rates, co-broker shares, the settings editor.

A rate is kept as a fraction (``Decimal("0.015")``) and shown as a percentage ("1.5%"); what people type
is a percentage ("1.5", "1.5%", "1.5 ％"), or, in a policy file, a fraction written without a sign.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Literal

from workbench.errors import Issue, ValidationError
from workbench.i18n import t

__all__ = ["decimal_text", "format_percent", "parse_percent"]


def decimal_text(value: Decimal) -> str:
    """Plain notation without trailing zeros, so equal rates always serialise (and fingerprint) the same."""
    return format(value.normalize(), "f")


def format_percent(rate: Decimal, *, sign: bool = True) -> str:
    """A fraction as a percentage: 0.015 → "1.5%" (``sign=False``: "1.5", for an editor beside a "%")."""
    return decimal_text(rate.scaleb(2)) + ("%" if sign else "")


def parse_percent(
    raw: object,
    *,
    field: str = "percent",
    bare: Literal["percent", "fraction"] = "percent",
    places: int | None = None,
) -> Decimal:
    """Read a percentage and return it in percent points: "1.5%", "1.5 ％" and "1.5" all give 1.5.

    ``bare`` says what a number without a sign means: a percentage (what people type in a form) or a
    fraction (a policy file's ``rate = 0.015``). ``places`` limits the decimals of the percentage.
    Raises ``ValidationError`` on ``field`` for empty or unreadable text, or too many decimals.
    """
    value: Decimal | None = None
    is_percent = bare == "percent"
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, str):
        text = raw.strip().replace("％", "%")
        if not text:
            raise ValidationError(
                [Issue(field, "percent.empty", t("请填写比例，如 1.5%", "Enter a percentage such as 1.5%"))]
            )
        if text.endswith("%"):
            text, is_percent = text[:-1].strip(), True
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        raise ValidationError(
            [
                Issue(
                    field,
                    "percent.invalid",
                    t("比例应为数字，如 1.5 或 1.5%", "A percentage is a number such as 1.5 or 1.5%"),
                )
            ]
        )
    points = value if is_percent else value.scaleb(2)
    exponent = points.as_tuple().exponent
    if places is not None and isinstance(exponent, int) and exponent < -places:
        raise ValidationError(
            [
                Issue(
                    field,
                    "percent.precision",
                    t("比例最多 {n} 位小数", "At most {n} decimals", n=places),
                )
            ]
        )
    return points
