"""Each chart's data as a real table (caption, column and row headers), one click away from the chart."""

from __future__ import annotations

from generator.charts.figure import Bar
from generator.escape import Safe
from generator.money import fmt, total
from generator.tablemodel import Cell, Row, Table, amount, h, label


def _cells(row: Bar, *, codes: bool, groups: bool, shares: bool) -> tuple[Cell, ...]:
    cells: list[Cell] = [Cell(row.code or "")] if codes else []
    cells.append(label(row.label))
    if groups:
        cells.append(Cell(row.group or ""))
    cells.append(amount(row.amount, blank_zero=False))
    if shares:
        cells.append(Cell(Safe(f"{fmt(row.share)}%") if row.share is not None else "", num=True))
    return tuple(cells)


def bars_table(table_id: str, title: str, rows: list[Bar], *, name: str = "项目", with_total: bool = True) -> Table:
    """Rows (and their children, indented under them) with amount and share; a 合计 row first."""
    every = [*rows, *(c for r in rows for c in r.children)]
    flags = {"codes": any(r.code for r in every), "groups": any(r.group for r in every),
             "shares": any(r.share is not None for r in every)}
    head = [h("科目编码")] if flags["codes"] else []
    head += [h(name), *([h("类别")] if flags["groups"] else []), h("金额"), *([h("占比")] if flags["shares"] else [])]
    nested = any(r.children for r in rows)
    body: list[Row] = []
    if with_total:
        width = len(head) - 1 - flags["shares"]
        shares = total([r.share for r in rows if r.share is not None])
        share = [Cell(Safe(f"{fmt(shares)}%"), num=True)] if flags["shares"] else []
        body.append(Row((label("合计", colspan=width), amount(total([r.amount for r in rows]), blank_zero=False),
                         *share), "total"))
    for row in rows:
        body.append(Row(_cells(row, **flags), "class" if nested else "item"))
        body += [Row(_cells(c, **flags), "item") for c in row.children]
    return Table(table_id, "", f"{title}（数据表）", "万元", (tuple(head),), tuple(body))
