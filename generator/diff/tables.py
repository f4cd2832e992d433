"""The statutory tables of two views compared cell by cell, by row identity rather than position.

A row is known by its classification codes and its item name (the Chinese ordinal of 表1's
"三、事业收入" dropped, as it shifts when a fund appears), within its per-unit block for a
department with subordinate units (the block known by the unit's code, so renaming a school does
not move its rows). A row whose codes match exactly one row of the other side under another name
(a renamed project or unit in 表3-2, 表3-3) is the same row. A row of two sides (表1 and 表2 print
income and expenditure side by side) splits into one item per row header. A row on one side only is
compared with zeros, so a new function code shows as an added row with its amounts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from generator.diff.changes import AmountChange, RowChange, Status, TableChange
from generator.money import ZERO
from generator.tablemodel import Cell, Row, Table
from generator.view import View

ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


@dataclass
class Item:
    """One row item: where it is shown (block and row labels), what it is known by, its amounts."""

    codes: str
    name: str
    label: str
    block: str = ""  # the per-unit block's heading ("201002 示例区第一中学"), "" for the department's rows
    amounts: dict[str, Decimal] = field(default_factory=dict)


# (block key, row key) -> item; insertion order is the table's order.
Cells = dict[tuple[str, str], Item]


def compare_tables(old: View, new: View) -> tuple[TableChange, ...]:
    """Every table of `new` (and any only in `old`) with the rows whose amounts differ."""
    olds = {t.number: t for t in old.statutory_tables()}
    news = {t.number: t for t in new.statutory_tables()}
    out: list[TableChange] = []
    for number in [*news, *(n for n in olds if n not in news)]:
        o, n = olds.get(number), news.get(number)
        rows = compare_cells(cells(o) if o else {}, cells(n) if n else {})
        if rows:
            t = n or o
            assert t is not None
            out.append(TableChange(t.number, t.title, t.unit, rows))
    return tuple(out)


def compare_cells(old: Cells, new: Cells) -> tuple[RowChange, ...]:
    """Rows whose amounts differ, in the new table's order, then rows only the old table had."""
    old = _renamed(old, new)
    out: list[RowChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        item = new.get(key) or old[key]
        before = old[key].amounts if key in old else {}
        after = new[key].amounts if key in new else {}
        changes = tuple(AmountChange(c, before.get(c, ZERO), after.get(c, ZERO))
                        for c in [*after, *(c for c in before if c not in after)]
                        if before.get(c, ZERO) != after.get(c, ZERO))
        if not changes:
            continue
        status: Status = "added" if not _any(before) else "removed" if not _any(after) else "changed"
        out.append(RowChange(item.label, status, changes, item.block or None))
    return tuple(out)


def _renamed(old: Cells, new: Cells) -> Cells:
    """`old` with a row re-keyed to the new side's key where its codes match one unmatched row each."""
    def unmatched(side: Cells, other: Cells) -> dict[tuple[str, str], list[tuple[str, str]]]:
        groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for key, item in side.items():
            if key not in other and item.codes:
                groups[(key[0], item.codes)].append(key)
        return groups

    lost, found = unmatched(old, new), unmatched(new, old)
    moves = {keys[0]: found[group][0] for group, keys in lost.items()
             if len(keys) == 1 and len(found.get(group, ())) == 1}
    return {moves.get(k, k): v for k, v in old.items()} if moves else old


def _any(values: dict[str, Decimal]) -> bool:
    return any(v != 0 for v in values.values())


def cells(table: Table) -> Cells:
    """Each row item of the table with its amounts by column label."""
    out: Cells = {}
    seen: Counter[tuple[str, str]] = Counter()
    block, heading = "", ""
    for row in table.body:
        if row.kind == "unit":
            heading = _text(row.cells[0])
            block = heading.split(" ", 1)[0]
        for item in _items(row, table.column_labels):
            item.block = heading
            key = (block, f"{item.codes}|{ORDINAL.sub('', item.name)}")
            seen[key] += 1
            n = seen[key]
            if n > 1:
                key = (block, f"{key[1]}#{n}")
                item.label = f"{item.label}（第{n}处）"
            out[key] = item
    return out


def _items(row: Row, columns: tuple[str, ...]) -> list[Item]:
    """A row split at its row headers, each item with the amounts up to the next header."""
    items: list[Item] = []
    codes: list[str] = []
    col = 0
    for cell in row.cells:
        if cell.code:
            if _text(cell):
                codes.append(_text(cell))
        elif cell.header:
            text = _text(cell)
            if not text and items:  # a blank header continues the item before it (表2's 结转下年)
                col += cell.colspan
                continue
            if row.kind == "unit":
                text = "单位合计"
            items.append(Item("".join(codes), text, " ".join([*codes, text])))
            codes = []
        elif cell.value is not None:
            if not items:
                items.append(Item("", "合计", "合计"))
            items[-1].amounts[columns[col] if col < len(columns) else str(col)] = cell.value
        col += cell.colspan
    return items


def _text(cell: Cell) -> str:
    return str(cell.text).strip()
