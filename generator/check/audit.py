"""Rules that only a published text can break: its tables' figures and its itemised explanation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from generator.check.compare import rounding_note, w, wan_gap
from generator.check.facts import PATH
from generator.check.finding import ERROR, WARNING, Finding, Rule, Severity, rule
from generator.check.subject import Subject
from generator.check.tablerows import DEPT, ROW_TABLES, Expected, Key, layout, units
from generator.check.textfile import Row
from generator.errors import Location
from generator.money import fmt

FAMILY = "已公开文本核对"

AMOUNT = re.compile(r"^\d+\.\d{2}$")


def _numbers(cells: tuple[str, ...]) -> list[Decimal]:
    return [Decimal(x) for c in cells for x in c.split() if AMOUNT.match(x)]


@rule
class TableFigure(Rule):
    code = "table-figure"
    title = "表中数字与数据不符"
    severity = ERROR
    description = "已公开文本表格中每一行的金额都应等于数据中同一单位、同一科目或项目的金额；请核对数据录入或原表。"
    example = "原表3 中“事业单位医疗”印作 2.78 万元，数据为 2.87 万元"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        lay = layout(s)
        for section in s.text.tables:
            if section.id not in ROW_TABLES:
                continue
            matched = lay.match(section.id, [r.cells for r in section.rows])
            for row, (key, expected) in zip(section.rows, matched, strict=True):
                if key.what == "l:合计" and section.id in SUM_TOTAL_TABLES:
                    continue  # sum-total compares these with the sum of their rows
                gaps = self._gaps(s, section.id, row, key, expected)
                if gaps:
                    yield self._finding(s, section.id, row, key, gaps)

    def _gaps(self, s: Subject, table: str, row: Row, key: Key, expected: Expected | None) -> list[Gap]:
        """(column, printed, data, severity) of every figure of the row that differs from the data."""
        pairs: list[tuple[str, Decimal, Decimal]] = []
        if expected is not None and len(row.cells) == len(expected.cells):
            for i, numeric in enumerate(expected.numeric):
                printed = _amount(row.cells[i])
                if numeric and printed is not None:
                    pairs.append((expected.columns[i], printed, expected.value(i)))
        elif expected is not None:
            first, numbers = expected.first(), _numbers(row.cells)
            if first and numbers:
                pairs.append((first[0], numbers[0], first[1]))
        elif key.what[:2] in ("f:", "e:") and (numbers := _numbers(row.cells)):
            pairs.append(("合计", numbers[0], Decimal(0)))
        elif key.unit == DEPT and key.what.startswith("l:") and table in LEGACY_LABELS:
            pairs += self._labelled(s, row)
        return [(c, p, v, sev) for c, p, v in pairs if (sev := wan_gap(p, v))]

    @staticmethod
    def _labelled(s: Subject, row: Row) -> list[tuple[str, Decimal, Decimal]]:
        """A row laid out unlike the generator's: each label followed by an amount names a figure."""
        pairs = []
        for i, cell in enumerate(row.cells[:-1]):
            if cell and not AMOUNT.match(cell) and AMOUNT.match(row.cells[i + 1]):
                found = s.facts.exact(cell)
                if found and found.value is not None and not found.key.startswith("econ:"):
                    pairs.append((found.label, Decimal(row.cells[i + 1]), found.value))
        return pairs

    def _finding(self, s: Subject, table: str, row: Row, key: Key, gaps: list[Gap]) -> Finding:
        assert s.text is not None
        severity = ERROR if any(g[3] is ERROR for g in gaps) else WARNING
        said = "；".join(f"{column}印作 {fmt(p)}，数据为 {fmt(v)}" for column, p, v, _ in gaps)
        column, printed, value, _ = gaps[0]
        return self.found(Location(s.text.rel, row.line), f"{table}中{_row_label(s, key, row)}：{said}"
                          f"{rounding_note(severity)}", severity=severity,
                          figures=(("原表", fmt(printed)), ("数据", fmt(value)), ("列", column)))


Gap = tuple[str, Decimal, Decimal, Severity | None]
LEGACY_LABELS = ("表1", "表1-2", "表2")
SUM_TOTAL_TABLES = ("表1-2", "表3", "表3-1", "表3-2")


def _amount(cell: str) -> Decimal | None:
    """A table cell as an amount: blank is zero; anything that is not a number is not compared."""
    text = cell.replace(",", "").replace("，", "").strip()
    if not text:
        return Decimal(0)
    try:
        return Decimal(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None
    except InvalidOperation:
        return None


def _row_label(s: Subject, key: Key, row: Row) -> str:
    """How a message names a row: code and name, or its labels, and the unit whose block it is in."""
    known = units(s.d)
    if key.what.startswith("f:"):
        project = key.what.partition("|")[2]
        what = f"{key.code} {s.names.function(key.code)}" + (f"（{project}）" if project else "")
    elif key.what.startswith("e:"):
        what = f"{key.code} {s.names.econ(key.code)}"
    elif key.what == "u:":
        head = next((c for c in row.cells if c), "")
        return f"“{head}”行" if head[:1].isdigit() else f"{key.unit} {known.get(key.unit, '')}行"
    else:
        what = "、".join(c for c in row.cells if c and not AMOUNT.match(c)) or "合计"
    return f"{what}（{key.unit} {known.get(key.unit, '')}）" if key.unit else what


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


# The audit's rules for chart data tables, 表6/表7, code ↔ name rows and units register after these.
from generator.check import auditperf, auditunits  # noqa: E402, F401
