"""Tolerances, stated once: exact agreement is silent, a difference within rounding is a warning,
anything larger is an error. Never silence for a difference, however small."""

from __future__ import annotations

from decimal import Decimal

from generator.check.finding import ERROR, WARNING, Severity
from generator.money import fmt, yuan_to_wan

ROUNDING_WAN = Decimal("0.01")   # 万元: one cent of the printed unit
ROUNDING_YUAN = Decimal("100")   # 元 compared with 万元
TEN_THOUSAND = Decimal(10000)


def wan_gap(printed: Decimal, computed: Decimal) -> Severity | None:
    """Two amounts in 万元: None when equal, a rounding warning within 0.01, else an error."""
    diff = abs(printed - computed)
    if diff == 0:
        return None
    return WARNING if diff <= ROUNDING_WAN else ERROR


def yuan_wan_gap(yuan: Decimal, wan: Decimal) -> Severity | None:
    """An amount in 元 against one in 万元: equal when the 元 figure rounds to the 万元 one."""
    if yuan_to_wan(yuan) == wan:
        return None
    return WARNING if abs(yuan - wan * TEN_THOUSAND) <= ROUNDING_YUAN else ERROR


def rounding_note(severity: Severity | None) -> str:
    return "（在 0.01 万元以内，属尾差）" if severity is WARNING else ""


def w(amount: Decimal) -> str:
    """An amount in 万元 for a message."""
    return f"{fmt(amount)} 万元"


def num(value: Decimal) -> str:
    """A number as written, without trailing zeros (5.60 → 5.6, 10.00 → 10)."""
    text = f"{value.normalize():f}"
    return text
