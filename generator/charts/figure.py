"""What a chart is made of: rows in (label, Decimal amount), a figure out (caption, summary, SVG, table).

Rows know nothing about a disclosure, so the same charts can later be drawn for a district.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.escape import Safe
from generator.tablemodel import Table


@dataclass(frozen=True)
class Bar:
    """One bar: a label, an amount in 万元, and optionally its share of the whole (in %)."""

    label: str
    amount: Decimal
    share: Decimal | None = None
    group: str | None = None  # colour group, e.g. 人员经费 / 公用经费
    code: str | None = None  # classification code, shown in the data table
    children: tuple[Bar, ...] = ()  # shown in the data table under this row (e.g. 项 under 类)


@dataclass(frozen=True)
class Figure:
    """A chart ready for the page: escaped by the template except `svg`, which render.py vouches for."""

    id: str
    title: str
    summary: Safe  # escaped when built (summaries.py), like the prose
    svg: Safe
    table: Table


def nonzero(rows: list[Bar]) -> list[Bar]:
    return [r for r in rows if r.amount]


def ranked(rows: list[Bar]) -> list[Bar]:
    """Largest first; equal amounts keep their given order, so the output is stable."""
    return sorted(rows, key=lambda r: -r.amount)
