"""Rules that only a published text can break: its tables' figures and its itemised explanation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from generator.check.compare import rounding_note, w, wan_gap
from generator.check.facts import PATH, Measure
from generator.check.finding import ERROR, Finding, Rule, rule
from generator.check.subject import Subject
from generator.check.textfile import Row
from generator.errors import Location
from generator.money import fmt, total

FAMILY = "已公开文本核对"

AMOUNT = re.compile(r"^\d+\.\d{2}$")
FUNCTION_ROW = re.compile(r"^(\d{3})\t(\d{2})\t(\d{2})\t")
ECON_ROW = re.compile(r"^(\d{3})\t(\d{2})\t(\d{5})(?!\d)")
ECON_CLASS_ROW = re.compile(r"^\t*(\d{3})\t[^\t\d]")
LABEL_TABLES = ("表1", "表1-2", "表2")


def _numbers(cells: tuple[str, ...]) -> list[Decimal]:
    return [Decimal(x) for c in cells for x in c.split() if AMOUNT.match(x)]


@rule
class TableFigure(Rule):
    code = "table-figure"
    title = "表中数字与数据不符"
    severity = ERROR
    description = "已公开文本表格中每一行的金额都应等于数据中同一科目、项目的金额；请核对数据录入或原表。"
    example = "原表3 中“事业单位医疗”印作 2.78 万元，数据为 2.87 万元"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        for row in s.text.rows:
            if row.table in ("表6", "表7"):
                continue
            for target, printed in self._pairs(s, row):
                value = target.value
                severity = wan_gap(printed, value) if value is not None else None
                if severity and value is not None:
                    yield self.found(Location(s.text.rel, row.line), f"{row.table}中{target.label}印作 {w(printed)}，"
                                     f"数据为 {w(value)}{rounding_note(severity)}", severity=severity,
                                     figures=(("原表", fmt(printed)), ("数据", fmt(value))))

    def _pairs(self, s: Subject, row: Row) -> list[tuple[Measure, Decimal]]:
        """(figure of the data, number printed for it) for one table row."""
        line, numbers = "\t".join(row.cells), _numbers(row.cells)
        general = row.table.startswith("表3")
        econ = [x for x in s.d.basic_econ if x.fund == "一般公共预算"]
        target: Measure | None = None
        project = next((p for p in s.d.projects if p.name in row.cells), None)
        if project and row.table == "表3-2":
            target = Measure(f"project:{project.name}", f"项目“{project.name}”", project.amount)
        elif (m := FUNCTION_ROW.match(line)):
            code = m[1] + m[2] + m[3]
            lines = [x for x in s.d.spending if x.code == code and (x.fund == "一般公共预算" or not general)]
            target = Measure(f"item:{code}", f"{code} {s.names.function(code)}", total([x.basic + x.project for x in lines]))
        elif (m := ECON_ROW.match(line)):
            target = Measure(f"econ:{m[3]}", f"{m[3]} {s.names.econ(m[3])}", total([x.amount for x in econ if x.code == m[3]]))
        elif row.table == "表3-1" and (m := ECON_CLASS_ROW.match(line)):
            target = Measure(f"econ:{m[1]}", f"{m[1]} {s.names.econ(m[1])}",
                             total([x.amount for x in econ if x.code.startswith(m[1])]))
        if target is not None:
            return [(target, numbers[0])] if numbers else []
        if row.table not in LABEL_TABLES:
            return []
        pairs = []
        for i, cell in enumerate(row.cells[:-1]):
            if cell and not AMOUNT.match(cell) and AMOUNT.match(row.cells[i + 1]):
                found = s.facts.exact(cell)
                if found and not found.key.startswith("econ:"):
                    pairs.append((found, Decimal(row.cells[i + 1])))
        return pairs


@rule
class TextMissingItem(Rule):
    code = "text-missing-item"
    title = "具体使用情况漏说了科目"
    severity = ERROR
    description = "“一般公共预算当年拨款具体使用情况”应逐项说明每个有支出的功能分类项级科目；请补上漏掉的科目。"
    example = "表3 有“其他社会保障和就业支出 0.45 万元”，说明中没有这一项"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        for heading in (h for h in s.text.headings if "具体使用情况" in h.text):
            described = set()
            for p in s.text.section_passages(heading):
                for m in PATH.finditer(p.text):
                    ref = s.facts.resolve(m)
                    if ref and ref.line:
                        described.add(ref.line.code)
            for x in s.d.spending:
                if x.fund == "一般公共预算" and x.basic + x.project and x.code not in described:
                    yield self.found(Location(s.text.rel, heading.line), f"没有说明 {x.code} {s.names.function(x.code)}"
                                     f"（{w(x.basic + x.project)}）", figures=(("科目", x.code),))
