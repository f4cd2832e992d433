"""The district overview against its units: each year's totals, added up a second way.

The overview page (overview.py) sums the units' derived figures. This rule sums the cells the
units' statutory tables print (合计 rows of 表1-1, 表1-2, 表2 and 表3-3, the 类 rows of 表1-2) and
compares the two, figure by figure. Where they differ it names every unit whose own figures and
own tables disagree, so a broken unit total is found at its file.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.catalogue import Names
from generator.check.compare import w
from generator.check.finding import ERROR, DistrictRule, Finding, rule
from generator.errors import Location
from generator.load import Dataset
from generator.money import ZERO, fmt
from generator.overview import Overview, counted, overview
from generator.tablemodel import Row, Table
from generator.view import Key, View

FAMILY = "全区总览"
THREE_PUBLIC = ("“三公”经费合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
                "公务接待费")


def _total_row(t: Table) -> Row:
    return next(r for r in t.body if r.kind == "total")


def _values(row: Row) -> list[Decimal]:
    return [c.value for c in row.cells if c.value is not None]


def table_figures(v: View) -> dict[str, Decimal]:
    """The figures the overview adds up, as this unit's own tables print them."""
    out: dict[str, Decimal] = {}
    t1_1, t1_2, t2, t3_3 = (v.table(n) for n in ("表1-1", "表1-2", "表2", "表3-3"))
    assert t1_1 and t1_2 and t2 and t3_3
    total_, basic, project = _values(_total_row(t1_2))
    out |= {"收支总预算": total_, "基本支出": basic, "项目支出": project}
    labels = t1_1.leaf_labels[4:]  # after 类、款、项、科目名称
    for head, value in zip(labels, _values(_total_row(t1_1)), strict=True):
        out[{"合计": "收入合计", "上年结转": "上年结转"}.get(head, f"收入：{head}")] = value
    out["财政拨款"] = _values(_total_row(t2))[1]  # 收入总计, then 支出总计 合计 …
    for name, value in zip(THREE_PUBLIC, _values(_total_row(t3_3)), strict=True):
        out[name] = value
    for row in t1_2.body:
        if row.kind == "unit":  # a department's per-unit blocks follow its own rows
            break
        if row.kind == "class":
            out[f"类 {row.cells[0].text}"] = _values(row)[0]
    return out


def overview_figures(o: Overview) -> dict[str, Decimal]:
    """The same figures as the overview page prints them."""
    tp = o.three_public
    out = {"收支总预算": o.total, "基本支出": o.basic, "项目支出": o.project, "收入合计": o.total,
           "上年结转": o.carryover, "财政拨款": o.fiscal,
           **dict(zip(THREE_PUBLIC, (o.three_public_total, tp.abroad, tp.vehicle_purchase + tp.vehicle_operation,
                                     tp.vehicle_purchase, tp.vehicle_operation, tp.reception), strict=True))}
    out |= {f"收入：{name}": amount for name, amount in o.income}
    out |= {f"类 {c}": amount for c, _, amount in o.classes}
    return out


def _unit_figures(v: View) -> dict[str, Decimal]:
    """This unit's share of the overview, from its derived figures (what overview() adds)."""
    return overview_figures(overview(v.d.year, [v], Names({})))


@rule
class DistrictOverviewVsTables(DistrictRule):
    code = "district-overview-vs-tables"
    title = "全区总览与各单位预算表合计不符"
    severity = ERROR
    description = ("每年的全区总览（收支总预算、按资金来源的收入、基本支出和项目支出、财政拨款、按功能分类的类、"
                   "“三公”经费）须等于各单位预算表（表1-1、表1-2、表2、表3-3）合计行之和，每个单位只计一次"
                   "（同年作为所属单位列入其他部门的不再单独计入）；不符时指出数字与本单位预算表不一致的单位。")
    example = "2024 年全区收支总预算 1,234.00 万元，各单位表1-2 合计之和为 1,230.00 万元"

    def check_district(self, data: Dataset, views: dict[Key, View]) -> Iterator[Finding]:
        """Every year's overview, made as the overview page makes it, against the units' tables."""
        names = Names(data.catalogue)
        for year in sorted({v.d.year for v in views.values()}):
            of_year = [v for v in views.values() if v.d.year == year]
            yield from self.check_year(of_year, overview(year, of_year, names))

    def check_year(self, of_year: list[View], o: Overview) -> Iterator[Finding]:
        """One year's overview `o` against the tables of that year's views."""
        year, shown = o.year, overview_figures(o)
        units = counted(of_year)
        per_unit = {v.key: table_figures(v) for v in units}
        summed: dict[str, Decimal] = {}
        for figs in per_unit.values():
            for k, a in figs.items():
                summed[k] = summed.get(k, ZERO) + a
        wrong = [k for k in sorted(set(shown) | set(summed)) if shown.get(k, ZERO) != summed.get(k, ZERO)]
        if not wrong:
            return
        blamed = False
        for v in sorted(units, key=lambda v: v.d.unit.code):
            own = _unit_figures(v)
            bad = [k for k in wrong if own.get(k, ZERO) != per_unit[v.key].get(k, ZERO)]
            if bad:
                blamed = True
                k = bad[0]
                yield self.found(Location(v.entry.source.rel), f"{year}年全区总览中的{k}为 {w(shown.get(k, ZERO))}，"
                                 f"各单位预算表之和为 {w(summed.get(k, ZERO))}：本单位计入总览的{k}为 "
                                 f"{w(own.get(k, ZERO))}，本单位预算表为 {w(per_unit[v.key].get(k, ZERO))}"
                                 + (f"（另有{'、'.join(bad[1:4])}等不符）" if len(bad) > 1 else ""),
                                 figures=(("总览", fmt(shown.get(k, ZERO))), ("表合计", fmt(summed.get(k, ZERO)))))
        if not blamed:
            k = wrong[0]
            where = of_year[0].entry.source.rel.rsplit("/", 2)[0] if of_year else "data/units"
            yield self.found(Location(where), f"{year}年全区总览中的{k}为 {w(shown.get(k, ZERO))}，"
                             f"各单位预算表之和为 {w(summed.get(k, ZERO))}（各单位自身一致，总览的汇总有误）",
                             figures=(("总览", fmt(shown.get(k, ZERO))), ("表合计", fmt(summed.get(k, ZERO)))))
