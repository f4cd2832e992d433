"""Relations between the 14 tables (勾稽关系), each a rule of its own."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.check.compare import rounding_note, w, wan_gap, yuan_wan_gap
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.subject import Subject
from generator.derive import Split, three_public_total
from generator.errors import Location
from generator.model import FISCAL_FUNDS
from generator.money import fmt, total

FAMILY = "表间勾稽关系"


@rule
class BasicEconVsSpending(Rule):
    code = "t3-1-vs-t1-2-basic"
    title = "基本支出：经济分类合计与功能分类合计不符"
    severity = ERROR
    description = "表3-1（经济分类）的基本支出合计应等于表1-2、表3（功能分类）的基本支出合计，每种资金来源分别相等；请核对两处明细。"
    example = "表3-1 各款相加 75.44 万元，表1-2 基本支出 75.45 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        funds = sorted({x.fund for x in s.d.basic_econ} | {x.fund for x in s.d.spending if x.basic})
        for fund in funds:
            econ = total([x.amount for x in s.d.basic_econ if x.fund == fund])
            spend = total([x.basic for x in s.d.spending if x.fund == fund])
            severity = wan_gap(econ, spend)
            if severity:
                yield self.found(s.at("basic_econ"), f"{fund}基本支出：经济分类各款相加 {w(econ)}，功能分类各项相加 "
                                 f"{w(spend)}{rounding_note(severity)}", severity=severity, field="basic_econ",
                                 figures=(("表3-1", fmt(econ)), ("表1-2", fmt(spend))))


@rule
class ProjectsVsSpending(Rule):
    code = "t3-vs-t3-2-project"
    title = "项目支出：功能科目金额与项目明细不符"
    severity = ERROR
    description = "表1-2、表3 每个功能科目的项目支出，应等于表3-2 中该科目下各项目金额之和；请核对项目金额或科目。"
    example = "2010302 项目支出 57.60 万元，表3-2 该科目下项目相加 52.60 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        key = lambda code, fund, unit: (code, fund, unit or s.d.unit.code)  # noqa: E731
        sums: dict[tuple[str, str, str], Decimal] = {}
        for p in s.d.projects:
            k = key(p.function, p.fund, p.unit)
            sums[k] = sums.get(k, Decimal(0)) + p.amount
        lines = {key(x.code, x.fund, x.unit): i for i, x in enumerate(s.d.spending)}
        for k, i in lines.items():
            line, projects = s.d.spending[i], sums.get(k, Decimal(0))
            severity = wan_gap(line.project, projects)
            if severity:
                yield self.found(s.at(f"spending[{i}].project"), f"{line.code}（{line.fund}）项目支出 {w(line.project)}，"
                                 f"表3-2 该科目项目相加 {w(projects)}{rounding_note(severity)}", severity=severity,
                                 field=f"spending[{i}].project", figures=(("表1-2", fmt(line.project)), ("表3-2", fmt(projects))))
        for j, p in enumerate(s.d.projects):
            if key(p.function, p.fund, p.unit) not in lines:
                yield self.found(s.at(f"projects[{j}].function"), f"项目“{p.name}”的科目 {p.function}（{p.fund}）在支出明细中没有",
                                 field=f"projects[{j}].function")


FUNDING_PARTS = (
    ("basic", "fiscal", "基本支出·财政拨款", lambda f: f in FISCAL_FUNDS),
    ("basic", "special", "基本支出·专户资金", lambda f: f == "财政专户管理资金"),
    ("basic", "unit", "基本支出·单位资金", lambda f: f not in FISCAL_FUNDS and f != "财政专户管理资金"),
    ("project", "fiscal", "项目支出·财政拨款", lambda f: f in FISCAL_FUNDS),
    ("project", "special", "项目支出·专户资金", lambda f: f == "财政专户管理资金"),
    ("project", "unit", "项目支出·单位资金", lambda f: f not in FISCAL_FUNDS and f != "财政专户管理资金"),
)


@rule
class FundingVsTotals(Rule):
    code = "t7-funding"
    title = "表7 总体资金（元）与预算表（万元）不符"
    severity = ERROR
    description = "表7 的资金以元为单位，四舍五入到万元后应等于表1-2 的基本支出、项目支出（按资金来源）；相差 100 元以内为尾差警告。"
    example = "表7 基本支出财政拨款 754470.18 元，表1-2 基本支出 75.54 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        up = s.d.unit_performance
        if up is None:
            return
        for part, source, label, test in FUNDING_PARTS:
            yuan: Decimal = getattr(up.funding, f"{part}_{source}")
            wan = total([getattr(x, part) for x in s.d.spending if test(x.fund)])
            severity = yuan_wan_gap(yuan, wan)
            if severity:
                path = f"unit_performance.funding.{part}_{source}"
                yield self.found(s.at(path), f"表7 {label} {fmt(yuan)} 元，表1-2 为 {w(wan)}", severity=severity,
                                 field=path, figures=(("表7（元）", fmt(yuan)), ("表1-2（万元）", fmt(wan))))


THREE_PUBLIC_ECON = (("reception", ("30217",), "公务接待费"), ("abroad", ("30212",), "因公出国（境）费"),
                     ("vehicle_operation", ("30231",), "公务用车运行维护费"),
                     ("vehicle_purchase", ("30913", "31013"), "公务用车购置"))


@rule
class ThreePublicVsEcon(Rule):
    code = "three-public-vs-econ"
    title = "“三公”经费小于基本支出中的同类科目"
    severity = ERROR
    description = "“三公”经费包含基本支出和项目支出中的全部同类开支，不能小于表3-1 中公务接待费、公务用车运行维护费等科目的金额。"
    example = "表3-1 公务接待费 1.20 万元，表3-3 公务接待费 0"

    def check(self, s: Subject) -> Iterator[Finding]:
        tp = s.d.three_public
        for key, codes, label in THREE_PUBLIC_ECON:
            econ = total([x.amount for x in s.d.basic_econ if x.code in codes and x.fund == "一般公共预算"])
            if econ > getattr(tp, key):
                yield self.found(s.at(f"three_public.{key}"), f"表3-3 {label} {w(getattr(tp, key))}，"
                                 f"表3-1 {'、'.join(codes)} 已有 {w(econ)}", field=f"three_public.{key}",
                                 figures=(("表3-3", fmt(getattr(tp, key))), ("表3-1", fmt(econ))))
        fund = s.fig.by_fund.get("政府性基金预算", Split()).total
        if three_public_total(s.d.fund_three_public) > fund:
            yield self.found(s.at("fund_three_public"), f"表4-1“三公”经费 {w(three_public_total(s.d.fund_three_public))}，"
                             f"超过政府性基金预算支出 {w(fund)}", field="fund_three_public")


@rule
class LineConsistency(Rule):
    code = "line-consistency"
    title = "明细自身的数字关系不成立"
    severity = ERROR
    description = "上年结转不能超过本行金额；预留中小企业金额不能超过政府采购总额；上年数应满足 一般公共预算当年拨款 ≤ 财政拨款 ≤ 收支总预算。"
    example = "某行基本支出 2.00、项目支出 0，其中上年结转 3.00"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        for i, x in enumerate(d.spending):
            if x.carryover > x.basic + x.project:
                yield self.found(s.at(f"spending[{i}].carryover"), f"{x.code} 上年结转 {w(x.carryover)} 超过本行金额 "
                                 f"{w(x.basic + x.project)}", field=f"spending[{i}].carryover")
        pr = d.procurement
        if pr.sme_reserved > pr.goods + pr.works + pr.services:
            yield self.found(s.at("procurement.sme_reserved"), f"预留中小企业 {w(pr.sme_reserved)} 超过政府采购总额 "
                             f"{w(pr.goods + pr.works + pr.services)}", field="procurement.sme_reserved")
        py = d.previous_year
        if py and not py.general_budget <= py.fiscal <= py.total:
            yield self.found(s.at("previous_year"), f"上年数：一般公共预算当年拨款 {w(py.general_budget)}、财政拨款 "
                             f"{w(py.fiscal)}、收支总预算 {w(py.total)} 大小关系不对", field="previous_year",
                             severity=WARNING)


ADMIN = ("行政单位", "参照公务员法管理事业单位")


@rule
class OperatingCostsByType(Rule):
    code = "operating-costs"
    title = "机关运行经费与单位性质不符"
    severity = WARNING
    description = "行政单位和参公事业单位应公开机关运行经费金额；其他事业单位没有机关运行经费，写说明即可。"
    example = "行政单位未填机关运行经费"

    def check(self, s: Subject) -> Iterator[Finding]:
        oc, kind = s.d.operating_costs, s.d.unit.type
        if kind in ADMIN and oc.amount is None:
            yield self.found(s.at("operating_costs"), f"{kind}应填写机关运行经费金额", field="operating_costs")
        elif kind not in ADMIN and oc.amount is not None:
            yield self.found(s.at("operating_costs.amount"), f"{kind}没有机关运行经费，却填了 {w(oc.amount)}",
                             field="operating_costs.amount")


EMPTY = (("表3-3", "t3_3", lambda s: three_public_total(s.d.three_public) == 0),
         ("表4", "t4", lambda s: s.fig.by_fund.get("政府性基金预算", Split()).total == 0),
         ("表4-1", "t4_1", lambda s: three_public_total(s.d.fund_three_public) == 0),
         ("表5", "t5", lambda s: s.fig.by_fund.get("国有资本经营预算", Split()).total == 0))


@rule
class EmptyTableStatement(Rule):
    code = "empty-table-statement"
    title = "空表缺少说明，或非空表带了空表说明"
    severity = ERROR
    description = "没有数据的法定表格仍要公开，并在表下说明为空表的原因；有数据的表不能带空表说明。"
    example = "表3-3 没有任何金额，表下也没有“本单位无……，故本表为空表”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for number, key, empty in EMPTY:
            if getattr(s.d.empty_statements, key) and not empty(s):
                yield self.found(s.at(f"empty_statements.{key}"), f"{number}有数据，却写了空表说明",
                                 field=f"empty_statements.{key}")
            if s.text:
                for section in (t for t in s.text.tables if t.id == number):
                    said = "空表" in section.text
                    if empty(s) and not said:
                        yield self.found(Location(s.text.rel, section.line), f"{number}没有数据，表下却没有空表说明")
                    elif said and not empty(s):
                        yield self.found(Location(s.text.rel, section.line), f"{number}有数据，却写了空表说明")


PAIRS = (("30108", ("2080505",), "机关事业单位基本养老保险缴费"), ("30109", ("2080506",), "职业年金缴费"),
         ("30110", ("2101101", "2101102"), "职工基本医疗保险缴费"), ("30113", ("2210201",), "住房公积金"))


@rule
class EconFunctionPair(Rule):
    code = "econ-function-pair"
    title = "社保缴费、住房公积金：经济科目与功能科目金额不符"
    severity = WARNING
    description = "养老保险、职业年金、医疗保险缴费和住房公积金在两种分类中各有对应科目（如 30108 ↔ 2080505），两边金额通常相等；请核对。"
    example = "表3-1 住房公积金（30113）6.52 万元，表1-2 住房公积金（2210201）6.25 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for econ_code, function_codes, label in PAIRS:
            econ = [x for x in s.d.basic_econ if x.code == econ_code]
            lines = [x for x in s.d.spending if x.code in function_codes]
            if econ and lines:
                a, b = total([x.amount for x in econ]), total([x.basic for x in lines])
                if a != b:
                    i = s.d.basic_econ.index(econ[0])
                    yield self.found(s.at(f"basic_econ[{i}].amount"), f"{label}：表3-1（{econ_code}）{w(a)}，"
                                     f"表1-2（{'、'.join(function_codes)}）基本支出 {w(b)}", field=f"basic_econ[{i}].amount",
                                     figures=(("表3-1", fmt(a)), ("表1-2", fmt(b))))
