"""The statutory tables of two views compared cell by cell, by row identity rather than position.

A row is known by its classification codes and its item name (the Chinese ordinal of 表1's
"三、事业收入" dropped, as it shifts when a fund appears), within its per-unit block for a
department with subordinate units. A row of two sides (表1 and 表2 print income and expenditure
side by side) splits into one item per row header. A row on one side only is compared with zeros,
so a new function code shows as an added row with its amounts.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from decimal import Decimal

from generator.diff.changes import AmountChange, RowChange, Status, TableChange
from generator.money import ZERO
from generator.tablemodel import Row, Table
from generator.view import View

ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")

# (block, row key) -> (display label, {column label: amount}); insertion order is the table's order.
Cells = dict[tuple[str, str], tuple[str, dict[str, Decimal]]]


def compare_tables(old: View, new: View) -> tuple[TableChange, ...]:
    """Every table of `new` (and any only in `old`) with the rows whose amounts differ."""
    olds = {t.number: t for t in (*old.tables, old.t6)}
    news = {t.number: t for t in (*new.tables, new.t6)}
    out: list[TableChange] = []
    for number in [*news, *(n for n in olds if n not in news)]:
        o, n = olds.get(number), news.get(number)
        rows = compare_cells(cells(o) if o else {}, cells(n) if n else {})
        if rows:
            t = n or o
            assert t is not None
            out.append(TableChange(t.number, t.title, t.unit, rows))
    rows = compare_cells(funding(old), funding(new))
    if rows:
        out.append(TableChange("表7", "部门整体支出绩效目标表·总体资金情况", "元", rows))
    return tuple(out)


def funding(v: View) -> Cells:
    """表7's funding block (in 元, typed in the data rather than derived): one row, its six amounts."""
    up = v.d.unit_performance
    if up is None:
        return {}
    fund = up.funding
    labels = {f.name: str(f.metadata.get("label", f.name)) for f in dataclasses.fields(fund)}
    return {("", "|总体资金情况"): ("总体资金情况", {labels[k]: getattr(fund, k) for k in labels})}


def compare_cells(old: Cells, new: Cells) -> tuple[RowChange, ...]:
    """Rows whose amounts differ, in the new table's order, then rows only the old table had."""
    out: list[RowChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        label = (new.get(key) or old[key])[0]
        before = old[key][1] if key in old else {}
        after = new[key][1] if key in new else {}
        changes = tuple(AmountChange(c, before.get(c, ZERO), after.get(c, ZERO))
                        for c in [*after, *(c for c in before if c not in after)]
                        if before.get(c, ZERO) != after.get(c, ZERO))
        if not changes:
            continue
        status: Status = "added" if not _any(before) else "removed" if not _any(after) else "changed"
        out.append(RowChange(label, status, changes, key[0] or None))
    return tuple(out)


def _any(values: dict[str, Decimal]) -> bool:
    return any(v != 0 for v in values.values())


def cells(table: Table) -> Cells:
    """Each row item of the table with its amounts by column label."""
    out: Cells = {}
    seen: Counter[tuple[str, str]] = Counter()
    block = ""
    columns = table.column_labels
    for row in table.body:
        if row.kind == "unit":
            block = _text(row.cells[0])
        for key, label, amounts in _items(row, columns, block):
            seen[(block, key)] += 1
            n = seen[(block, key)]
            ident = (block, key if n == 1 else f"{key}#{n}")
            out[ident] = (label if n == 1 else f"{label}（第{n}处）", amounts)
    return out


def _items(row: Row, columns: tuple[str, ...], block: str) -> list[tuple[str, str, dict[str, Decimal]]]:
    """A row split at its row headers: (key, display label, amounts by column) per item."""
    items: list[tuple[str, str, dict[str, Decimal]]] = []
    codes: list[str] = []
    col = 0
    for cell in row.cells:
        if cell.code:
            if str(cell.text):
                codes.append(str(cell.text))
        elif cell.header:
            text = _text(cell)
            if not text and items:  # a blank header continues the item before it (表2's 结转下年)
                continue
            if row.kind == "unit":
                text = "单位合计"
            label = " ".join([*codes, text]) if codes else text
            items.append(("".join(codes) + "|" + ORDINAL.sub("", text), label, {}))
            codes = []
        elif cell.value is not None:
            if not items:
                items.append(("", block or "合计", {}))
            column = columns[col] if col < len(columns) else str(col)
            items[-1][2][column] = cell.value
        col += cell.colspan
    return items


def _text(cell: object) -> str:
    return str(getattr(cell, "text", "")).strip()
