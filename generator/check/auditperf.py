"""Rules of the audit of a published text beyond the statutory money tables: the data tables under
charts, 表6 and 表7 (code and unit pairs: auditunits.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from generator.check.compare import w, wan_gap
from generator.check.facts import BASIC, GENERAL, Measure, norm, same_name, scope_of
from generator.check.finding import ERROR, Finding, Rule, rule
from generator.check.subject import Subject
from generator.check.tablerows import AMOUNT
from generator.check.textfile import Row, TableSection
from generator.errors import Location
from generator.model import Indicator, ProjectPerformance
from generator.money import fmt
from generator.perftables import project_amount, t7_funding

FAMILY = "已公开文本核对（图表与绩效）"

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
CAPTION_PROJECT = re.compile(r"^表6-\d+\s*(.+?)绩效指标$")
PERCENT_CELL = re.compile(r"^(\d+(?:\.\d+)?)\s*[%％]$")
YEAR_LABEL = re.compile(r"^(\d{4})年$")
DATA_TABLE = "（数据表）"


def _indicator_index(s: Subject) -> dict[str, list[tuple[ProjectPerformance, Indicator]]]:
    """表6 indicators by normalised name, with the project each belongs to."""
    index = s.extra.get("indicator-index")
    if not isinstance(index, dict):
        index = {}
        for pp in s.d.project_performance:
            for x in pp.indicators:
                index.setdefault(norm(x.name), []).append((pp, x))
        s.extra["indicator-index"] = index
    return index


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "")) if re.fullmatch(r"\d+(?:\.\d+)?", text.replace(",", "")) else None
    except InvalidOperation:
        return None


# ---------------------------------------------------------------------------- chart data tables


@rule
class ChartTable(Rule):
    code = "chart-table"
    title = "图表数据表中的数字与数据不符"
    severity = ERROR
    description = ("图表下的数据表与正文一样要与数据一致：每行金额等于所列科目、项目或年度的数，占比等于金额除以合计；"
                   "请按数据改正。")
    example = "“支出预算：基本支出与项目支出（数据表）”中基本支出印作 471.00 万元，数据为 470.00 万元"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        for row in s.text.rows:
            if DATA_TABLE not in row.caption:
                continue
            title = row.caption.split(DATA_TABLE)[0]
            whole = s.facts.generic.get(norm(title.split("：")[0]))
            yield from self._row(s, row, title, whole)

    def _row(self, s: Subject, row: Row, title: str, whole: Measure | None) -> Iterator[Finding]:
        assert s.text is not None
        cells = [c for c in row.cells if c]
        at = next((i for i, c in enumerate(cells) if AMOUNT.match(c)), None)
        if at is None:
            return
        measure = self._measure(s, cells[:at], scope_of([title]), whole)
        where = Location(s.text.rel, row.line)
        if measure is None and cells[:at]:
            yield self.found(where, f"“{title}”数据表中的“{'、'.join(cells[:at])}”在数据中找不到对应的科目、项目或年度",
                             phrase=cells[0], figures=(("原表", cells[0]),))
        if measure is None or measure.value is None:
            return
        printed = Decimal(cells[at])
        severity = wan_gap(printed, measure.value)
        if severity:
            yield self.found(where, f"“{title}”数据表中{measure.label}印作 {w(printed)}，数据为 {w(measure.value)}",
                             severity=severity, figures=(("原表", fmt(printed)), ("数据", fmt(measure.value))))
        share = PERCENT_CELL.match(cells[at + 1]) if at + 1 < len(cells) else None
        if share and whole and whole.value:
            exact = measure.value * 100 / whole.value
            if abs(exact - Decimal(share[1])) >= Decimal("0.01"):
                yield self.found(where, f"“{title}”数据表中{measure.label}占比印作 {share[1]}%，按数据应为 "
                                 f"{exact.quantize(Decimal('0.01'))}%", figures=(("原表", f"{share[1]}%"),))

    @staticmethod
    def _measure(s: Subject, labels: list[str], scope: str, whole: Measure | None) -> Measure | None:
        """What a row of a chart's data table shows: the whole, a year of it, a code, or a named figure."""
        first = labels[0] if labels else ""
        if first == "合计":
            return whole
        year = YEAR_LABEL.match(first)
        if year and whole:
            if int(year[1]) == s.d.year:
                return whole
            last = int(year[1]) == s.d.year - 1
            return Measure(whole.key, f"{year[1]}年{whole.label}", whole.previous) if last else None
        if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", first):
            name = labels[1] if len(labels) > 1 else ""
            econ = same_name(name, s.names.econ(first)) and not same_name(name, s.names.function(first))
            if scope == BASIC or econ:
                return _econ_measure(s, first, general=scope in (BASIC, GENERAL))
            return s.facts.code_measure(first, scope)
        return s.facts.exact(first, scope)


def _econ_measure(s: Subject, code: str, general: bool) -> Measure:
    lines = [x for x in s.d.basic_econ if x.code.startswith(code) and (x.fund == "一般公共预算" or not general)]
    return Measure(f"econ:{code}", f"{code} {s.names.econ(code)}", sum((x.amount for x in lines), Decimal(0)))


# ---------------------------------------------------------------------------- 表6 and 表7


@dataclass
class _Block:
    """The rows under one project of 表6: the project, the line that names it, indicators of others."""

    pp: ProjectPerformance
    line: int
    strays: list[tuple[str, str]] = field(default_factory=list)  # (indicator, the project it belongs to)


@rule
class PerformanceText(Rule):
    code = "perf-table-text"
    title = "表6、表7 与数据不符"
    severity = ERROR
    description = ("已公开文本的表6、表7 中每个项目的预算数、指标数、各指标的权重，以及每个指标所属的项目，"
                   "都应与数据一致；请核对。")
    example = "表6 把“群众满意度”列在另一个项目下，或把权重 50 印作 51"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        for section in s.text.tables:
            if section.id == "表6":
                yield from self._t6(s, section)
            elif section.id == "表7":
                yield from self._t7(s, section.rows)

    # -------------------------------------------------------------- 表6

    def _t6(self, s: Subject, section: TableSection) -> Iterator[Finding]:
        """Each project's row and the indicators listed under it; indicators that are another project's
        are reported once per project, where the text names the project."""
        assert s.text is not None
        entries = {norm(pp.project): pp for pp in s.d.project_performance}
        yield from self._unknown_titles(s, section, entries)
        block: _Block | None = None
        seen: dict[tuple[int, str], int] = {}
        for row in section.rows:
            named = self._project_cell(s, row)
            unknown = None if named else self._unknown_project(s, row)
            if unknown:
                yield from self._strays(s, block)
                block = None
                yield self._unknown(Location(s.text.rel, row.line), unknown)
                continue
            here = (entries.get(norm(named)), row.line) if named else self._around(s, row, entries)
            if here[0] is not None and (block is None or here[0] is not block.pp):
                yield from self._strays(s, block)
                block = _Block(here[0], here[1])
            if named:
                yield from self._project_row(s, row, named)
            elif row.cells and row.cells[0] == "合计":
                yield from self._t6_total(s, row)
            if block is not None:
                yield from self._indicators(s, row, block, seen)
        yield from self._strays(s, block)

    def _strays(self, s: Subject, block: _Block | None) -> Iterator[Finding]:
        assert s.text is not None
        if block is None or not block.strays:
            return
        owners = list(dict.fromkeys(owner for _, owner in block.strays))
        names = "、".join(f"“{name}”" for name, _ in block.strays[:3]) + ("等" if len(block.strays) > 3 else "")
        count = len(block.strays)
        yield self.found(Location(s.text.rel, block.line), f"表6 项目“{block.pp.project}”下列有 {count} 个指标"
                         f"（{names}），数据中属于项目“{'”“'.join(owners)}”", phrase=block.pp.project,
                         figures=(("原表", block.pp.project), ("数据", "、".join(owners))))

    def _unknown_titles(self, s: Subject, section: TableSection,
                        entries: dict[str, ProjectPerformance]) -> Iterator[Finding]:
        """Headings and captions under 表6 that name a project the data does not have."""
        assert s.text is not None
        end = min((t.line for t in s.text.tables if t.line > section.line), default=10**9)
        titles = [(h.line, h.text) for h in s.text.headings if section.line < h.line < end and h.level >= 2]
        captions = [p for p in s.passages if p.kind == "caption" and section.line < (p.at().line or 0) < end]
        titles += [(p.at().line or 0, m[1]) for p in captions for m in [CAPTION_PROJECT.match(p.text)] if m]
        known = set(entries) | {norm(p.name) for p in s.d.projects}
        for line, title in titles:
            if norm(title) not in known:
                yield self._unknown(Location(s.text.rel, line), title)

    def _unknown(self, where: Location, name: str) -> Finding:
        return self.found(where, f"表6 的项目“{name}”在数据中没有（表3-2、表6 都没有这个名称）", phrase=name,
                          figures=(("原表", name),))

    @staticmethod
    def _project_cell(s: Subject, row: Row) -> str | None:
        names = {norm(pp.project): pp.project for pp in s.d.project_performance}
        names.update({norm(p.name): p.name for p in s.d.projects})
        return next((names[norm(c)] for c in row.cells if c and norm(c) in names), None)

    @staticmethod
    def _unknown_project(s: Subject, row: Row) -> str | None:
        """A cell that names a project (…项目) the data does not have, not an indicator's name."""
        indicators = {norm(x.name) for pp in s.d.project_performance for x in pp.indicators}
        return next((c for c in row.cells if len(c) >= 6 and c.endswith("项目") and norm(c) not in indicators), None)

    @staticmethod
    def _around(s: Subject, row: Row, entries: dict[str, ProjectPerformance]) -> tuple[ProjectPerformance | None, int]:
        """The project a row's caption (表6-1 某项目绩效指标) or heading names, and that line."""
        assert s.text is not None
        heading = max((h for h in s.text.headings if h.line <= row.line), key=lambda h: h.line, default=None)
        places = [(row.caption, row.caption_line)] + ([(heading.text, heading.line)] if heading else [])
        for text, line in places:
            hits = [pp for key, pp in entries.items() if key and key in norm(text)]
            if hits:
                return max(hits, key=lambda pp: len(pp.project)), line
        return None, 0

    def _project_row(self, s: Subject, row: Row, name: str) -> Iterator[Finding]:
        assert s.text is not None
        pp = next((x for x in s.d.project_performance if norm(x.project) == norm(name)), None)
        known = project_amount(s.d, pp) if pp else next((p.amount for p in s.d.projects if p.name == name), None)
        at = [c for c in row.cells if c].index(next(c for c in row.cells if c and norm(c) == norm(name)))
        rest = [c for c in row.cells if c][at + 1:]
        amount = next((Decimal(c) for c in rest if AMOUNT.match(c)), None)
        where = Location(s.text.rel, row.line)
        if amount is not None and isinstance(known, Decimal) and (severity := wan_gap(amount, known)):
            yield self.found(where, f"表6 项目“{name}”预算数印作 {w(amount)}，数据为 {w(known)}", severity=severity,
                             figures=(("原表", fmt(amount)), ("数据", fmt(known))))
        if pp and len(rest) == 2 and AMOUNT.match(rest[0]) and rest[1].isdigit() and int(rest[1]) != len(pp.indicators):
            yield self.found(where, f"表6 项目“{name}”绩效指标数印作 {rest[1]}，数据中有 {len(pp.indicators)} 个",
                             figures=(("原表", rest[1]), ("数据", str(len(pp.indicators)))))

    def _t6_total(self, s: Subject, row: Row) -> Iterator[Finding]:
        assert s.text is not None
        printed = next((Decimal(c) for c in row.cells if AMOUNT.match(c)), None)
        want = s.derived.performance_total
        if printed is not None and (severity := wan_gap(printed, want)):
            yield self.found(Location(s.text.rel, row.line), f"表6 合计印作 {w(printed)}，各项目预算数相加为 {w(want)}",
                             severity=severity, figures=(("原表", fmt(printed)), ("数据", fmt(want))))

    def _indicators(self, s: Subject, row: Row, block: _Block, seen: dict[tuple[int, str], int]) -> Iterator[Finding]:
        assert s.text is not None
        pp, index = block.pp, _indicator_index(s)
        for i, cell in enumerate(row.cells):
            key = norm(cell)
            owners = index.get(key, []) if key else []
            mine = [x for owner, x in owners if owner is pp]
            if mine:
                n = seen.get((id(pp), key), 0)
                seen[(id(pp), key)] = n + 1
                where = Location(s.text.rel, row.line)
                yield from self._weight(where, f"表6 项目“{pp.project}”", row.cells, i, mine[min(n, len(mine) - 1)])
                return
            others = [owner.project for owner, _ in owners]
            if others:
                block.strays.append((cell, others[0]))
                return
        yield from self._unknown_indicator(s, row, f"表6 项目“{pp.project}”")

    def _unknown_indicator(self, s: Subject, row: Row, owner: str) -> Iterator[Finding]:
        """An indicator row (一级指标, 二级指标, 三级指标 …) whose 三级指标 is nobody's in the data."""
        assert s.text is not None
        at = next((i for i, c in enumerate(row.cells) if c in LEVEL1), None)
        name = row.cells[at + 2] if at is not None and at + 2 < len(row.cells) else ""
        if name:
            yield self.found(Location(s.text.rel, row.line), f"{owner}的指标“{name}”在数据中没有",
                             phrase=name, figures=(("原表", name),))

    def _weight(self, where: Location, owner: str, cells: tuple[str, ...], i: int,
                indicator: Indicator) -> Iterator[Finding]:
        value = cells[i + 2] if i + 2 < len(cells) else ""
        if value and norm(value) != norm(indicator.value):
            yield self.found(where, f"{owner}指标“{indicator.name}”的指标值印作“{value}”，数据为“{indicator.value}”",
                             phrase=indicator.name, figures=(("原表", value), ("数据", indicator.value)))
        printed = _decimal(cells[i + 4]) if i + 4 < len(cells) else None
        want = Decimal(str(indicator.weight))
        if printed is not None and printed != want:
            yield self.found(where, f"{owner}指标“{indicator.name}”权重印作 {printed:f}，数据为 {want:f}",
                             phrase=indicator.name, figures=(("原表", f"{printed:f}"), ("数据", f"{want:f}")))

    # -------------------------------------------------------------- 表7

    def _t7(self, s: Subject, rows: list[Row]) -> Iterator[Finding]:
        assert s.text is not None
        up = s.d.unit_performance
        if up is None:
            return
        funding = t7_funding(s.d)
        expected = [str(c.text) for c in funding.body[0].cells] if funding else []
        seen: dict[str, int] = {}
        for row in rows:
            where = Location(s.text.rel, row.line)
            if len(row.cells) == len(expected) and sum(bool(AMOUNT.match(c)) for c in row.cells) >= 2:
                yield from self._funding(where, row.cells, expected)
                continue
            for i, cell in enumerate(row.cells):
                mine = [x for x in up.indicators if cell and norm(x.name) == norm(cell)]
                if mine:
                    n = seen.get(norm(cell), 0)
                    seen[norm(cell)] = n + 1
                    yield from self._weight(where, "表7 ", row.cells, i, mine[min(n, len(mine) - 1)])
                    break
            else:
                yield from self._unknown_indicator(s, row, "表7 ")

    def _funding(self, where: Location, cells: tuple[str, ...], expected: list[str]) -> Iterator[Finding]:
        for printed_text, want_text in zip(cells, expected, strict=True):
            printed, want = _decimal(printed_text or "0"), _decimal(want_text or "0")
            if printed is None or want is None or not re.fullmatch(r"[\d.,]*", want_text):
                continue
            if printed != want:  # both in 元, to the fen
                yield self.found(where, f"表7 总体资金情况印作 {fmt(printed)} 元，数据为 {fmt(want)} 元",
                                 figures=(("原表", fmt(printed)), ("数据", fmt(want))))
                return
