"""Money: Decimal from YAML to page, never a float.

Tables are in 万元 with two decimals; the unit-wide performance table (表7) is in 元 to the fen.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("1e12")  # far beyond any department budget, in either unit


class AmountError(ValueError):
    """The value cannot be an amount; the message says why, in Chinese."""


def parse_amount(raw: object, *, places: int = 2) -> Decimal:
    """Turn a YAML scalar (already Decimal/int/str, never float) into an exact, non-negative amount."""
    if isinstance(raw, bool) or raw is None:
        raise AmountError("应为金额数字")
    if isinstance(raw, float):  # the YAML loader never produces floats; guard the invariant
        raise AmountError("金额不能以浮点数传入")
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise AmountError(f"应为金额数字，实际为“{raw}”") from None
    else:
        raise AmountError("应为金额数字")
    if not value.is_finite():
        raise AmountError("金额必须是有限数字")
    if value < 0:
        raise AmountError(f"金额不能为负数，实际为 {value}")
    if value >= MAX_AMOUNT:
        raise AmountError(f"金额 {value} 超出合理范围")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > places:
        raise AmountError(f"金额最多保留 {places} 位小数，实际为 {value}")
    return value.quantize(CENT)


def fmt(amount: Decimal) -> str:
    """The one formatting of an amount: two decimals, no thousands separator (as the statutory tables)."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):f}"


def fmt_cell(amount: Decimal) -> str:
    """A table cell: the official tables leave zero cells blank."""
    return "" if amount == 0 else fmt(amount)


def yuan_to_wan(amount: Decimal) -> Decimal:
    """元 to 万元, rounded half up to the cent of 万元."""
    return (amount / Decimal(10000)).quantize(CENT, rounding=ROUND_HALF_UP)


def total(values: list[Decimal] | tuple[Decimal, ...]) -> Decimal:
    """Exact sum with a Decimal start, so an empty sum is 0.00 and never the int 0."""
    return sum(values, ZERO)
