"""Totals as printed against the sums of their parts.

The data never holds a total: every total is computed from the lines. A published document does
print totals, and `stated_totals:` (or an audited text) keeps them, so each is compared with the
figure the generator computes for the same table, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from generator.check.compare import rounding_note, w, wan_gap
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.subject import Subject
from generator.derive import project_lines
from generator.errors import Location
from generator.money import fmt, total
from generator.tablemodel import Cell, Table

FAMILY = "合计与尾差"
NUMERAL = re.compile(r"^[一二三四五六七八九十]+、")


def leaf_labels(table: Table) -> list[str]:
    """The lowest header text above each column (rowspan and colspan expanded)."""
    return list(table.leaf_labels)


def positions(cells: tuple[Cell, ...]) -> list[tuple[int, Cell]]:
    out, c = [], 0
    for cell in cells:
        out.append((c, cell))
        c += cell.colspan
    return out


def _row_start(cells: list[tuple[int, Cell]], key: str) -> int | None:
    """Column just after the label naming this row, or None."""
    m = re.match(r"^(\d+)\s*(.*)$", key)
    if m:
        codes = "".join(cell.text for _, cell in cells if not cell.header and not cell.num)
        first = next(((c, cell) for c, cell in cells if cell.header), None)
        return first[0] + first[1].colspan if first and codes == m[1] else None
    for c, cell in cells:
        if cell.header and NUMERAL.sub("", cell.text).replace(" ", "") == key.replace(" ", ""):
            return c + cell.colspan
    return None


def lookup(table: Table, row: str, column: str) -> Decimal | None:
    labels = leaf_labels(table)
    for body in table.body:
        cells = positions(body.cells)
        start = _row_start(cells, row)
        if start is None:
            continue
        for c, cell in cells:
            if c >= start and cell.num and c < len(labels) and labels[c] == column:
                return cell.value
    return None


def tables(s: Subject) -> dict[str, Table]:
    cache: dict[str, Table] = s.extra.setdefault("tables", {})
    if not cache:
        v = s.derived
        cache.update({t.number: t for t in (*v.tables, v.t6)})
    return cache


@rule
class SumTotal(Rule):
    code = "sum-total"
    title = "合计数不等于明细之和"
    severity = ERROR
    description = "每个合计都应等于各明细相加，精确到分。"
    rounding = "差额在 0.01 万元以内为尾差警告，也须把尾差调入某一明细。"
    example = "表3-1 人员经费合计印作 66.45 万元，301 各款相加为 66.44 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for i, st in enumerate(s.d.stated_totals):
            table = tables(s).get(st.table)
            got = lookup(table, st.row, st.column) if table else None
            if got is None:
                continue
            severity = wan_gap(st.amount, got)
            if severity:
                path = f"stated_totals[{i}]"
                yield self.found(s.at(path), f"{st.table}“{st.row}”行“{st.column}”：原文 {w(st.amount)}，"
                                 f"明细相加为 {w(got)}{rounding_note(severity)}", severity=severity, field=path,
                                 figures=(("原文", fmt(st.amount)), ("明细之和", fmt(got)),
                                          ("差额", fmt(st.amount - got))))
        if s.text:
            yield from self._printed_totals(s)

    def _printed_totals(self, s: Subject) -> Iterator[Finding]:
        assert s.text is not None
        f = s.fig
        econ = [x for x in s.d.basic_econ if x.fund == "一般公共预算"]
        expected = {
            "表1-2": (("合计", f.total.total), ("基本支出", f.total.basic), ("项目支出", f.total.project)),
            "表3": (("合计", f.general.total), ("当年财政拨款安排", f.general.current),
                    ("上年结转安排", f.general.carryover)),
            "表3-1": (("合计", total([x.amount for x in econ])), ("人员经费", f.personnel), ("公用经费", f.public)),
            "表3-2": (("合计", total([pl.part.amount for pl in project_lines(s.d)
                                      if pl.part.fund == "一般公共预算"])),),
        }
        for section in s.text.tables:
            for row in section.rows:
                if section.id not in expected or not any(c.replace(" ", "") == "合计" for c in row.cells):
                    continue
                numbers = [Decimal(x) for c in row.cells for x in re.findall(r"\d+\.\d{2}", c)]
                columns = _total_columns(s, section.id) if len(row.cells) == len(_total_cells(s, section.id)) else None
                gaps = [(label, n, want, wan_gap(n, want))
                        for (label, want), n in zip(columns or expected[section.id], numbers, strict=False)]
                bad = [g for g in gaps if g[3]]
                if numbers:
                    if bad:
                        severity = ERROR if any(g[3] is ERROR for g in bad) else WARNING
                        text = "；".join(f"{label}印作 {fmt(n)}，明细相加为 {fmt(want)}" for label, n, want, _ in bad)
                        yield self.found(Location(s.text.rel, row.line), f"{section.id}合计行：{text}"
                                         f"{rounding_note(severity)}", severity=severity,
                                         figures=tuple((label, f"{fmt(n)}≠{fmt(want)}") for label, n, want, _ in bad))
                    break


def _total_cells(s: Subject, number: str) -> tuple[Cell, ...]:
    """The cells of a table's 合计 row as the generator lays it out (none for another table)."""
    table = tables(s).get(number)
    return next((r.cells for r in table.body if r.kind == "total"), ()) if table else ()


def _total_columns(s: Subject, number: str) -> list[tuple[str, Decimal]]:
    """(column, sum) of a printed 合计 row laid out like the generator's: every column by its header."""
    labels = leaf_labels(tables(s)[number])
    return [(labels[c] if c < len(labels) else "", cell.value)
            for c, cell in positions(_total_cells(s, number)) if cell.num and cell.value is not None]


@rule
class StatedTotalUnknown(Rule):
    code = "stated-total-unknown"
    title = "原文合计数找不到对应的表格单元"
    severity = WARNING
    description = ("stated_totals 的表号、行、列应与本站生成的表格一致（行写科目名称或“编码 名称”，列写表头）；"
                   "否则无法核对。")
    example = "stated_totals 写了 {table: 表3-1, row: 合计, column: 人员}，表头是“人员经费”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for i, st in enumerate(s.d.stated_totals):
            table = tables(s).get(st.table)
            if table is None or lookup(table, st.row, st.column) is None:
                where = "没有这张表" if table is None else f"找不到“{st.row}”行“{st.column}”列"
                yield self.found(s.at(f"stated_totals[{i}]"), f"{st.table}：{where}", field=f"stated_totals[{i}]")


BALANCES = (("表1", ("收入总计", "预算数"), ("支出总计", "预算数")),
            ("表1", ("本年收入合计", "预算数"), ("本年支出合计", "预算数")),
            ("表2", ("本年收入", "预算数"), ("本年支出", "合计")),
            ("表2", ("收入总计", "预算数"), ("支出总计", "合计")))


@rule
class IncomeEqualsSpending(Rule):
    code = "income-equals-spending"
    title = "收入总计不等于支出总计"
    severity = ERROR
    description = "部门预算收支平衡：表1、表2 的收入总计应等于支出总计；请核对收入或支出。"
    example = "表1 收入总计印作 133.05 万元，支出总计印作 133.50 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        stated = {(st.table, st.row, st.column): (i, st.amount) for i, st in enumerate(s.d.stated_totals)}
        for table, income, spending in BALANCES:
            a, b = stated.get((table, *income)), stated.get((table, *spending))
            if a and b and a[1] != b[1]:
                yield self.found(s.at(f"stated_totals[{b[0]}]"),
                                 f"{table}：{income[0]} {w(a[1])}，{spending[0]} {w(b[1])}",
                                 field=f"stated_totals[{b[0]}]",
                                 figures=((income[0], fmt(a[1])), (spending[0], fmt(b[1]))))
