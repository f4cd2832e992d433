"""A unit over the years: this year's figures against last year's own data, row by row, and every
year's headline series for the unit's history page.

Everything is read from the derived views (view.py) of both years, so a comparison shows the
same Decimals the two years' statutory tables print. The figures entered under `previous_year`
are not used here: they stay what the prose quotes (the check rule previous-year-vs-data warns
when they differ from last year's data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.catalogue import Names
from generator.derive import HUNDRED, Split, three_public_total
from generator.escape import Safe
from generator.model import ThreePublic
from generator.money import ZERO, fmt, total
from generator.tablemodel import Cell, Row, Table, amount, code, h, label
from generator.tables import INCOME_ROWS
from generator.view import Key, View

TENTH = Decimal("0.1")
NEW = "本年新增"
DROPPED = "本年未列"
DASH = "—"


@dataclass(frozen=True)
class Delta:
    """One row compared: None for a year that does not have the row at all."""

    label: str
    current: Decimal | None
    previous: Decimal | None
    code: str = ""
    kind: str = "item"  # total, class, subclass, item (the table row's style)

    @property
    def change(self) -> Decimal:
        """This year − last year, a missing year counting as zero."""
        return (self.current or ZERO) - (self.previous or ZERO)

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of last year's, to one decimal; None when last year's is 0 or absent."""
        if not self.previous:
            return None
        return (self.change * HUNDRED / self.previous).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def status(self) -> str:
        if self.previous is None and self.current is not None:
            return NEW
        if self.current is None and self.previous is not None:
            return DROPPED
        return ""


def signed(value: Decimal, text: str) -> str:
    return f"+{text}" if value > 0 else f"−{text.lstrip('-')}" if value < 0 else text


def change_text(x: Delta) -> str:
    return signed(x.change, fmt(x.change))


def percent_text(x: Delta) -> str:
    p = x.percent
    if p is None:
        return DASH
    return "0.0%" if p == 0 else signed(p, f"{p:f}") + "%"  # never "−0.0%" for a change under 0.05%


@dataclass(frozen=True)
class Comparison:
    """A disclosure against the same unit's disclosure of the year before."""

    year: int
    previous_year: int
    income: tuple[Delta, ...]
    split: tuple[Delta, ...]
    functions: tuple[Delta, ...]
    three_public: tuple[Delta, ...]
    operating: tuple[Delta, ...]

    def tables(self) -> list[Table]:
        return [
            self._table("cmp-income", "收入预算（按资金来源）", self.income),
            self._table("cmp-split", "支出预算（基本支出和项目支出）", self.split),
            self._table("cmp-functions", "支出预算（按支出功能分类科目，类、款）", self.functions, codes=True),
            self._table("cmp-three-public", "一般公共预算“三公”经费", self.three_public),
            *([self._table("cmp-operating", "机关运行经费", self.operating)] if self.operating else []),
        ]

    def _table(self, tid: str, title: str, rows: tuple[Delta, ...], *, codes: bool = False) -> Table:
        head = ((*((h("科目编码"),) if codes else ()), h("科目名称" if codes else "项目"), h(f"{self.year}年"),
                 h(f"{self.previous_year}年"), h("增减额"), h("增减率"), h("说明")),)
        body = []
        for x in rows:
            cells = [*((code(x.code),) if codes else ()), label(x.label),
                     _amount_or_dash(x.current), _amount_or_dash(x.previous),
                     Cell(Safe(change_text(x)), num=True, value=x.change),
                     Cell(Safe(percent_text(x)), num=True), Cell(x.status)]
            if codes and x.kind == "total":
                cells = [label(x.label, colspan=2), *cells[2:]]
            body.append(Row(tuple(cells), x.kind))
        return Table(tid, "", f"{title}：{self.year}年与{self.previous_year}年对比", "万元", head, tuple(body))


def _amount_or_dash(value: Decimal | None) -> Cell:
    return amount(value, blank_zero=False) if value is not None else Cell(DASH, num=True)


def _keyed(label_of: Callable[[str], str], now: dict[str, Decimal], before: dict[str, Decimal],
           kinds: dict[int, str] | None = None) -> list[Delta]:
    """One row per key of either year, in key order."""
    return [Delta(label_of(k), now.get(k), before.get(k), k if kinds else "", kinds[len(k)] if kinds else "item")
            for k in sorted(set(now) | set(before))]


def _income(v: View) -> dict[str, Decimal]:
    """本年收入 by fund, as 表1-1 prints it (the part of each fund not carried over)."""
    return {f: s.current for f, s in v.fig.by_fund.items()}


def _three_public_items(t: ThreePublic) -> list[tuple[str, Decimal]]:
    return [("合计", three_public_total(t)), ("因公出国（境）费", t.abroad),
            ("公务用车购置及运行费", t.vehicle_purchase + t.vehicle_operation),
            ("公务用车购置费", t.vehicle_purchase), ("公务用车运行费", t.vehicle_operation),
            ("公务接待费", t.reception)]


def compare(now: View, before: View, names: Names) -> Comparison:
    """Every compared row of `now` against `before` (the same unit, the year before)."""
    fn, fb = now.fig, before.fig
    labels = dict(INCOME_ROWS)
    order = {f: i for i, (f, _) in enumerate(INCOME_ROWS)}
    inc_now, inc_before = _income(now), _income(before)
    funds = sorted(set(inc_now) | set(inc_before), key=lambda f: order.get(f, len(order)))
    income = [Delta("合计", fn.total.total, fb.total.total, kind="total")]
    income += [Delta(labels.get(f, f), inc_now.get(f), inc_before.get(f)) for f in funds]
    carry_now, carry_before = fn.total.carryover, fb.total.carryover
    if carry_now or carry_before:
        income.append(Delta("上年结转", carry_now, carry_before))

    split = (Delta("合计", fn.total.total, fb.total.total, kind="total"),
             Delta("基本支出", fn.total.basic, fb.total.basic), Delta("项目支出", fn.total.project, fb.total.project))

    def upper(rows: dict[str, Split]) -> dict[str, Decimal]:
        return {c: s.total for c, s in rows.items() if len(c) in (3, 5)}

    functions = [Delta("合计", fn.total.total, fb.total.total, kind="total"),
                 *_keyed(names.function, upper(fn.all_rows), upper(fb.all_rows), {3: "class", 5: "subclass"})]
    tp_now, tp_before = _three_public_items(now.three_public), _three_public_items(before.three_public)
    three_public = tuple(Delta(n, a, b, kind="total" if n == "合计" else "item")
                         for (n, a), (_, b) in zip(tp_now, tp_before, strict=True))
    op_now, op_before = now.d.operating_costs.amount, before.d.operating_costs.amount
    operating = (Delta("机关运行经费", op_now, op_before),) if op_now is not None or op_before is not None else ()
    return Comparison(now.d.year, before.d.year, tuple(income), split, tuple(functions), three_public, operating)


def previous_view(views: dict[Key, View], v: View) -> View | None:
    """The same unit's view of the year before, of the same kind (预算 with 预算), if the data has it."""
    before = views.get((v.d.unit.code, v.d.year - 1))
    return before if before is not None and before.d.kind == v.d.kind else None


# ---------------------------------------------------------------- a unit over all its years


@dataclass(frozen=True)
class YearFigures:
    """One year of a unit's history page."""

    year: int
    total: Decimal
    fiscal: Decimal
    basic: Decimal
    project: Decimal
    three_public: Decimal
    classes: dict[str, Decimal]  # functional 类 (3 digits) → amount


@dataclass(frozen=True)
class History:
    """A unit's disclosures, oldest first, and every 类 any of them has."""

    code: str
    name: str
    years: tuple[YearFigures, ...]
    class_names: dict[str, str]

    @property
    def latest(self) -> YearFigures:
        return self.years[-1]

    def class_series(self) -> list[tuple[str, str, list[Decimal | None]]]:
        """(code, name, amount per year or None where the year has no such 类), largest latest first."""
        out = [(c, n, [y.classes.get(c) for y in self.years]) for c, n in self.class_names.items()]
        return sorted(out, key=lambda row: (-(row[2][-1] or ZERO), row[0]))

    def totals_table(self) -> Table:
        head = ((h("年度"), h("收支总预算"), h("财政拨款"), h("基本支出"), h("项目支出"), h("“三公”经费"),
                 h("收支总预算比上年增减")),)
        body = []
        for i, y in enumerate(self.years):
            before = self.years[i - 1] if i and self.years[i - 1].year == y.year - 1 else None
            delta = Delta("", y.total, before.total if before else None)
            change = Cell(Safe(f"{change_text(delta)}（{percent_text(delta)}）"), num=True, value=delta.change) \
                if before else Cell(DASH, num=True)
            body.append(Row((label(f"{y.year}年"), *(amount(a, blank_zero=False) for a in (
                y.total, y.fiscal, y.basic, y.project, y.three_public)), change)))
        return Table("history-totals", "", "历年收支总预算、财政拨款与“三公”经费", "万元", head, tuple(body))

    def classes_table(self) -> Table:
        head = ((h("科目编码"), h("科目名称"), *(h(f"{y.year}年") for y in self.years)),)
        sums = [total(list(y.classes.values())) for y in self.years]
        body = [Row((label("合计", colspan=2), *(amount(s, blank_zero=False) for s in sums)), "total")]
        for c, n, series in self.class_series():
            body.append(Row((code(c), label(n), *(_amount_or_dash(a) for a in series)), "class"))
        return Table("history-classes", "", "历年支出预算：按支出功能分类科目（类）", "万元", head, tuple(body))


def history(views: list[View], names: Names) -> History:
    """One unit's history from its views (any order; every view of the same unit code)."""
    ordered = sorted(views, key=lambda v: v.d.year)
    years = tuple(YearFigures(
        v.d.year, v.fig.total.total, v.fig.fiscal.total, v.fig.total.basic, v.fig.total.project,
        three_public_total(v.three_public),
        {c: s.total for c, s in v.fig.all_rows.items() if len(c) == 3})
        for v in ordered)
    codes = sorted({c for y in years for c in y.classes})
    return History(ordered[-1].d.unit.code, ordered[-1].d.unit.name, years, {c: names.function(c) for c in codes})


def histories(views: dict[Key, View], names: Names) -> dict[str, History]:
    """Every unit's history, by unit code."""
    by_unit: dict[str, list[View]] = {}
    for v in views.values():
        by_unit.setdefault(v.d.unit.code, []).append(v)
    return {code_: history(vs, names) for code_, vs in sorted(by_unit.items())}

