"""A layout-neutral table: header rows and body rows of cells, rendered by one template.

Builders in `generator.tables` lay out each statutory table with these; the template
`partials/table.html.j2` turns any of them into an accessible HTML table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.escape import Safe
from generator.money import fmt, fmt_cell


@dataclass(frozen=True)
class Cell:
    text: str = ""
    header: bool = False  # a row header (th scope=row) in the body
    colspan: int = 1
    rowspan: int = 1
    num: bool = False  # right-aligned figure

    @property
    def scope(self) -> str:
        return "colgroup" if self.colspan > 1 else "col"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: str = "item"  # total, subtotal, item


@dataclass(frozen=True)
class Table:
    id: str
    number: str
    title: str
    unit: str
    head: tuple[tuple[Cell, ...], ...]
    body: tuple[Row, ...]
    empty_statement: str | None = None
    notes: tuple[str, ...] = ()


def h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A column header cell."""
    return Cell(text, colspan=colspan, rowspan=rowspan)


def label(text: str, colspan: int = 1) -> Cell:
    """A row header cell."""
    return Cell(text, header=True, colspan=colspan)


def code(text: str) -> Cell:
    return Cell(text)


def amount(value: Decimal, *, blank_zero: bool = True) -> Cell:
    return Cell(Safe(fmt_cell(value) if blank_zero else fmt(value)), num=True)


def amounts(*values: Decimal, blank_zero: bool = True) -> tuple[Cell, ...]:
    return tuple(amount(v, blank_zero=blank_zero) for v in values)
