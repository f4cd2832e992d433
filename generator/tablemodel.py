"""A layout-neutral table: header rows and body rows of cells, rendered by one template.

Builders in `generator.tables` lay out each statutory table with these; the template
`partials/table.html.j2` turns any of them into an accessible HTML table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property, lru_cache

from generator.escape import Safe
from generator.money import fmt, fmt_cell


@dataclass(frozen=True)
class Cell:
    text: str = ""
    header: bool = False  # a row header (th scope=row) in the body
    colspan: int = 1
    rowspan: int = 1
    num: bool = False  # right-aligned figure
    code: bool = False  # a classification or unit code (类, 款, 项, 单位代码)
    value: Decimal | None = None  # an amount cell's figure: checks read it, never the printed text

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

    @cached_property
    def _grid(self) -> list[list[Cell]]:
        return _header_grid(self.head)

    @cached_property
    def leaf_labels(self) -> tuple[str, ...]:
        """The lowest header text above each column (rowspan and colspan expanded)."""
        return tuple(str(column[-1].text) if column else "" for column in self._grid)

    @cached_property
    def column_labels(self) -> tuple[str, ...]:
        """One label per column for narrow screens, where each cell is shown with its label: the
        header texts above the column, top to bottom (收入 预算数, 基本支出 人员经费). A group
        header spanning every column that has any group at all (科目编码 in 表1-1, 当年财政拨款
        预算安排 in 表3-3) tells no column apart and is left out."""
        grid = self._grid
        depth = len(self.head)
        grouped = {c for c, column in enumerate(grid) if not (len(column) == 1 and column[0].rowspan >= depth)}
        covers: dict[int, set[int]] = {}
        for c, column in enumerate(grid):
            for cell in column:
                covers.setdefault(id(cell), set()).add(c)
        return tuple(" ".join(str(cell.text) for cell in column
                              if not (cell.colspan > 1 and covers[id(cell)] >= grouped))
                     for column in grid)

    def labelled(self, row: Row) -> list[tuple[Cell, str]]:
        """A body row's cells, each with the label of the column it starts in. A code cell gets
        only its column's own name (类, 款, 项): it is shown inline beside the other codes."""
        leaves = [str(column[-1].text) if column else "" for column in self._grid]
        out, c = [], 0
        for cell in row.cells:
            if c < len(leaves):
                out.append((cell, leaves[c] if cell.code else self.column_labels[c]))
            else:
                out.append((cell, ""))
            c += cell.colspan
        return out

    def trimmed(self) -> Table:
        """The table without an optional column that is blank in every row (OPTIONAL_COLUMNS)."""
        if len(self.head) != 1 or any(len(r.cells) != len(self.head[0]) or any(c.colspan > 1 for c in r.cells)
                                      for r in self.body):
            return self
        drop = {i for i, h in enumerate(self.head[0])
                if h.text in OPTIONAL_COLUMNS and all(not str(r.cells[i].text) for r in self.body)}
        if not drop:
            return self
        return replace(self, head=(tuple(h for i, h in enumerate(self.head[0]) if i not in drop),),
                       body=tuple(replace(r, cells=tuple(c for i, c in enumerate(r.cells) if i not in drop))
                                  for r in self.body))


# Columns of the official forms that many disclosures leave blank in every row: not printed then.
OPTIONAL_COLUMNS = frozenset({"指标方向性"})


def header_places(head: tuple[tuple[Cell, ...], ...]) -> Iterator[tuple[int, int, Cell]]:
    """Each header cell with the 0-based row and column of its top-left corner, as HTML lays out
    rowspan and colspan (a cell starts at the first column the rows above have not taken)."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(head):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            yield r, c, cell
            c += cell.colspan


def _header_grid(head: tuple[tuple[Cell, ...], ...]) -> list[list[Cell]]:
    """For each column, the header cells above it from top to bottom (rowspan and colspan expanded)."""
    taken: dict[tuple[int, int], Cell] = {}
    for r, c, cell in header_places(head):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                taken[(r + dr, c + dc)] = cell
    width = max((c for _, c in taken), default=-1) + 1
    columns: list[list[Cell]] = [[] for _ in range(width)]
    for r in range(len(head)):
        for c in range(width):
            above = taken.get((r, c))
            if above is not None and (not columns[c] or columns[c][-1] is not above):
                columns[c].append(above)
    return columns


def h(text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    """A column header cell."""
    return Cell(text, colspan=colspan, rowspan=rowspan)


def label(text: str, colspan: int = 1) -> Cell:
    """A row header cell."""
    return Cell(text, header=True, colspan=colspan)


def code(text: str) -> Cell:
    return Cell(text, code=True)


def amount(value: Decimal, *, blank_zero: bool = True) -> Cell:
    # By the amount's exact text, not the Decimal: 1.0 == 1.00, but they print differently.
    return _amount(str(value), blank_zero)


@lru_cache(maxsize=200_000)
def _amount(text: str, blank_zero: bool) -> Cell:
    """A district's tables hold ~330,000 amount cells but far fewer distinct amounts (zeros above
    all), and a Cell is frozen: one is shared."""
    value = Decimal(text)
    return Cell(Safe(fmt_cell(value) if blank_zero else fmt(value)), num=True, value=value)


def amounts(*values: Decimal, blank_zero: bool = True) -> tuple[Cell, ...]:
    return tuple(amount(v, blank_zero=blank_zero) for v in values)
