"""表6 and 表7: performance targets laid out as tables."""

from __future__ import annotations

from decimal import Decimal

from generator.model import Disclosure, Indicator, ProjectPerformance
from generator.money import total
from generator.tablemodel import Cell, Row, Table, amount, amounts, h, label


def project_amount(d: Disclosure, pp: ProjectPerformance) -> Decimal | None:
    """表6's 预算数: as entered, else the amount of the 表3-2 project of the same name."""
    if pp.amount is not None:
        return pp.amount
    return next((p.amount for p in d.projects if p.name == pp.project), None)


def t6_summary(d: Disclosure) -> Table:
    rows = []
    known = []
    for pp in d.project_performance:
        value = project_amount(d, pp)
        rows.append(Row((label(pp.project), amount(value) if value is not None else Cell(),
                         Cell(str(len(pp.indicators)), num=True))))
        if value is not None:
            known.append(value)
    body = (Row((label("合计"), amount(total(known), blank_zero=False), Cell()), "total"), *rows)
    head = ((h("项目名称"), h("预算数"), h("绩效指标数")),)
    empty = None if d.project_performance else f"{d.unit.short_name}{d.year}年无项目支出，故本表为空表。"
    return Table("t6", "表6", "部门预算项目支出绩效目标表", "万元", head, body, empty)


def indicator_table(tid: str, number: str, title: str, indicators: tuple[Indicator, ...]) -> Table:
    body = tuple(Row((Cell(i.level1), Cell(i.level2), label(i.name), Cell(i.nature), Cell(i.value),
                      Cell(i.unit or ""), Cell(f"{i.weight:f}", num=True), Cell(i.direction or "")))
                 for i in indicators)
    head = ((h("一级指标"), h("二级指标"), h("三级指标"), h("指标性质"), h("指标值"), h("度量单位"), h("权重"),
             h("指标方向性")),)
    return Table(tid, number, title, "", head, body)


def project_indicators(d: Disclosure) -> list[tuple[ProjectPerformance, Table]]:
    return [(pp, indicator_table(f"t6-{n}", f"表6-{n}", f"{pp.project}绩效指标", pp.indicators))
            for n, pp in enumerate(d.project_performance, start=1)]


def t7_funding(d: Disclosure) -> Table | None:
    if d.unit_performance is None:
        return None
    f = d.unit_performance.funding
    basic = f.basic_fiscal + f.basic_special + f.basic_unit
    project = f.project_fiscal + f.project_special + f.project_unit
    row = Row((label("总体资金情况"), *amounts(basic + project, basic, f.basic_fiscal, f.basic_special, f.basic_unit,
                                      project, f.project_fiscal, f.project_special, f.project_unit)))
    head = ((h("项目", rowspan=2), h("预算支出总额", rowspan=2), h("基本支出", 4), h("项目支出", 4)),
            (h("合计"), h("财政拨款"), h("专户资金"), h("单位资金"), h("合计"), h("财政拨款"), h("专户资金"),
             h("单位资金")))
    return Table("t7", "表7", "部门整体支出绩效目标表：总体资金情况", "元", head, (row,))


def t7_tasks(d: Disclosure) -> Table | None:
    if d.unit_performance is None:
        return None
    body = tuple(Row((label(t.name), Cell("".join(t.content)))) for t in d.unit_performance.tasks)
    return Table("t7-tasks", "表7", "部门整体支出绩效目标表：年度主要任务", "", ((h("任务名称"), h("主要内容")),), body)


def t7_indicators(d: Disclosure) -> Table | None:
    if d.unit_performance is None:
        return None
    return indicator_table("t7-indicators", "表7", "部门整体支出绩效目标表：年度绩效指标",
                           d.unit_performance.indicators)


