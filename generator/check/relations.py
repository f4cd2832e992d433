"""Relations between the 14 tables (勾稽关系), each a rule of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from generator.check.compare import rounding_note, w, wan_gap, yuan_wan_gap
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.subject import Subject
from generator.check.units import three_public_path, unit_label
from generator.derive import (
    Split,
    econ_category,
    line_unit,
    members,
    project_lines,
    three_public_total,
)
from generator.errors import Location
from generator.model import FISCAL_FUNDS, EconLine, SpendingLine
from generator.money import ZERO, fmt, total, yuan_to_wan

FAMILY = "表间勾稽关系"


# Localising a difference between two tables. A relation such as 表3-1 basic = 表1-2 basic says the two
# sides disagree, not which one is wrong. 表7's funding block (元) is a third statement of the same
# totals: the side that disagrees with it is the one to fix. Within that side, the line is named when
# it can be: the one line of a unit's block that the difference can come from, else the block's start.
# Economic 款 whose amount a function 项 carries one to one (30108 ↔ 2080505 …), with a name; the
# rule econ-function-pair holds these (`usual`); all of them help to locate a basic-spending gap.
ECON_FUNCTION = (("30108", ("2080505",), "机关事业单位基本养老保险缴费", True),
                 ("30109", ("2080506",), "职业年金缴费", True),
                 ("30110", ("2101101", "2101102"), "职工基本医疗保险缴费", True),
                 ("30111", ("2101103",), "公务员医疗补助缴费", False),
                 ("30113", ("2210201",), "住房公积金", True),
                 ("30302", ("2080501", "2080502"), "退休费", False))
LOCATE_PAIRS = tuple((econ, function) for econ, function, _, _ in ECON_FUNCTION)


def funding_says(s: Subject, part: str, fund: str, left: Decimal, right: Decimal) -> str | None:
    """Which of two department-wide sums of `part` spending in `fund`'s kind of money 表7 contradicts.

    `left` and `right` are the sums of the two sides over every fund of that kind (表7 groups funds
    as 财政拨款, 专户资金, 单位资金). "left" or "right" when 表7 agrees with exactly the other one.
    """
    up = s.d.unit_performance
    entry = next(((p, src) for p, src, _, test in FUNDING_PARTS if p == part and test(fund)), None)
    if up is None or entry is None:
        return None
    stated = yuan_to_wan(getattr(up.funding, f"{entry[0]}_{entry[1]}"))
    if stated == right != left:
        return "left"
    if stated == left != right:
        return "right"
    return None


def _kind_of(fund: str, part: str) -> Callable[[str], bool]:
    """The test of 表7's group (财政拨款, 专户资金 or 单位资金) that `fund` belongs to."""
    return next(test for p, _, _, test in FUNDING_PARTS if p == part and test(fund))


def _pair_gaps(econ: list[tuple[int, EconLine]], spend: list[tuple[int, SpendingLine]]) -> list[tuple[int, int]]:
    """(econ index, spending index) of the paired items (30108 ↔ 2080505 …) that disagree within a block."""
    out = []
    for econ_code, function_codes in LOCATE_PAIRS:
        e = [(i, x) for i, x in econ if x.code == econ_code]
        f = [(i, x) for i, x in spend if x.code in function_codes]
        if (e or f) and total([x.amount for _, x in e]) != total([x.basic for _, x in f]):
            out.append((e[0][0] if e else -1, f[0][0] if f else -1))
    return out


def _residual(spend: list[tuple[int, SpendingLine]]) -> list[int]:
    paired = {c for _, codes in LOCATE_PAIRS for c in codes}
    return [i for i, x in spend if x.basic and x.code not in paired]


@rule
class BasicEconVsSpending(Rule):
    code = "t3-1-vs-t1-2-basic"
    title = "基本支出：经济分类合计与功能分类合计不符"
    severity = ERROR
    description = ("表3-1（经济分类）的基本支出应等于表1-2、表3（功能分类）的基本支出，每个单位、每种资金来源分别相等；"
                   "请核对两处明细（表7 资金能说明哪一边有误时，指向那一边）。")
    example = "表3-1 各款相加 75.44 万元，表1-2 基本支出 75.45 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        econ: dict[tuple[str, str], list[tuple[int, EconLine]]] = defaultdict(list)
        spend: dict[tuple[str, str], list[tuple[int, SpendingLine]]] = defaultdict(list)
        for i, x in enumerate(d.basic_econ):
            econ[(line_unit(d, x.unit), x.fund)].append((i, x))
        for j, y in enumerate(d.spending):
            if y.basic:
                spend[(line_unit(d, y.unit), y.fund)].append((j, y))
        for key in sorted(econ.keys() | spend.keys()):
            a, b = total([x.amount for _, x in econ[key]]), total([y.basic for _, y in spend[key]])
            severity = wan_gap(a, b)
            if severity:
                path = self._where(s, key, econ[key], spend[key])
                unit = unit_label(d, key[0])
                yield self.found(s.at(path), f"{unit}{key[1]}基本支出：表3-1 各款相加 {w(a)}，表1-2 各项相加 "
                                 f"{w(b)}{rounding_note(severity)}", severity=severity, field=path,
                                 figures=(("表3-1", fmt(a)), ("表1-2", fmt(b))))

    @staticmethod
    def _where(s: Subject, key: tuple[str, str], econ: list[tuple[int, EconLine]],
               spend: list[tuple[int, SpendingLine]]) -> str:
        d, fund = s.d, key[1]
        kind = _kind_of(fund, "basic")
        side = funding_says(s, "basic", fund, total([x.amount for x in d.basic_econ if kind(x.fund)]),
                            total([y.basic for y in d.spending if kind(y.fund)]))
        pairs = _pair_gaps(econ, spend)
        residual = _residual(spend)
        if side == "right" and len(pairs) == 1 and pairs[0][1] >= 0:
            return f"spending[{pairs[0][1]}].basic"
        if side == "right" and not pairs and len(residual) == 1:
            return f"spending[{residual[0]}].basic"
        if len(pairs) == 1 and pairs[0][0] >= 0 and side != "right":
            return f"basic_econ[{pairs[0][0]}].amount"
        if side != "right" or not spend:
            return f"basic_econ[{econ[0][0]}]" if econ and d.unit.subordinates else "basic_econ"
        return f"spending[{spend[0][0]}].basic"


def _project_keys(s: Subject) -> dict[tuple[str, str, str], list[tuple[int, int | None, Decimal]]]:
    """(function, fund, unit) → the project money of that key: (project index, part index or None, amount)."""
    out: dict[tuple[str, str, str], list[tuple[int, int | None, Decimal]]] = defaultdict(list)
    d = s.d
    for j, p in enumerate(d.projects):
        for k, part in enumerate(p.split()):
            out[(p.function, part.fund, line_unit(d, p.unit))].append((j, k if p.parts else None, part.amount))
    return out


def _spending_keys(s: Subject) -> dict[tuple[str, str, str], int]:
    d = s.d
    return {(x.code, x.fund, line_unit(d, x.unit)): i for i, x in enumerate(d.spending)}


@rule
class ProjectsVsSpending(Rule):
    code = "t3-vs-t3-2-project"
    title = "项目支出：功能科目金额与项目明细不符"
    severity = ERROR
    description = ("表1-2、表3 每个功能科目的项目支出，应等于表3-2 中该科目、该资金来源、"
                   "该单位的项目金额之和（项目有资金构成时按各部分计）；请核对项目金额或科目。")
    example = "2010302 项目支出 57.60 万元，表3-2 该科目下项目相加 52.60 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        sums = _project_keys(s)
        lines = _spending_keys(s)
        for key, i in lines.items():
            line, money = d.spending[i], sums.get(key, [])
            projects = total([a for _, _, a in money])
            severity = wan_gap(line.project, projects)
            if severity:
                path = self._where(s, line, money, i)
                unit = unit_label(d, key[2])
                yield self.found(s.at(path), f"{unit}{line.code}（{line.fund}）项目支出：表1-2 为 {w(line.project)}，"
                                 f"表3-2 该科目项目相加 {w(projects)}{rounding_note(severity)}", severity=severity,
                                 field=path, figures=(("表1-2", fmt(line.project)), ("表3-2", fmt(projects))))
        for key, money in sums.items():
            if key not in lines:
                j, k, _ = money[0]
                path = f"projects[{j}].function" if k is None else f"projects[{j}].parts[{k}].fund"
                p = d.projects[j]
                yield self.found(s.at(path), f"表3-2 项目“{p.name}”的科目 {p.function}（{key[1]}）在支出明细中"
                                 f"{unit_label(d, key[2]) or ''}没有对应的行", field=path)

    @staticmethod
    def _where(s: Subject, line: SpendingLine, money: list[tuple[int, int | None, Decimal]], i: int) -> str:
        """The spending line, unless 表7 says the projects are wrong and one project makes up the key."""
        d = s.d
        kind = _kind_of(line.fund, "project")
        side = funding_says(s, "project", line.fund, total([y.project for y in d.spending if kind(y.fund)]),
                            total([pl.part.amount for pl in project_lines(d) if kind(pl.part.fund)]))
        if side == "right" and len(money) == 1:
            j, k, _ = money[0]
            return f"projects[{j}].amount" if k is None else f"projects[{j}].parts[{k}].amount"
        return f"spending[{i}].project"


@rule
class ProjectPartsSum(Rule):
    code = "project-parts-sum"
    title = "项目金额不等于资金构成之和"
    severity = ERROR
    description = ("项目写了资金构成（parts）时，项目金额（amount）应等于各部分金额之和；"
                   "请核对金额或各部分（与表1-2 对不上的那一部分多半是录错的）。")
    example = "项目金额 64.66 万元，资金构成 32.33 + 30.33 = 62.66 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        lines = _spending_keys(s)
        keys = _project_keys(s)
        gap = {key: total([a for _, _, a in money]) - (d.spending[lines[key]].project if key in lines else ZERO)
               for key, money in keys.items()}
        for j, p in enumerate(d.projects):
            if not p.parts:
                continue
            parts = total([x.amount for x in p.parts])
            if parts == p.amount:
                continue
            diff = parts - p.amount
            unit = line_unit(d, p.unit)
            odd = [k for k, x in enumerate(p.parts) if gap.get((p.function, x.fund, unit)) == diff]
            path = f"projects[{j}].parts[{odd[0]}].amount" if len(odd) == 1 else f"projects[{j}].amount"
            yield self.found(s.at(path), f"表3-2 项目“{p.name}”金额 {w(p.amount)}，资金构成各部分相加 {w(parts)}",
                             field=path, figures=(("项目金额", fmt(p.amount)), ("各部分之和", fmt(parts))))


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
    description = "表7 的资金以元为单位，四舍五入到万元后应等于表1-2 的基本支出、项目支出（按资金来源）。"
    rounding = "相差 100 元以内为尾差警告。"
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
    description = ("每个单位的“三公”经费包含其基本支出和项目支出中的全部同类开支，不能小于该单位表3-1 中公务接待费、"
                   "公务用车运行维护费等科目与项目中同类科目（一般公共预算）的金额。")
    example = "表3-1 公务接待费 1.20 万元，表3-3 公务接待费 0"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        for m in members(d):
            basic = [x for x in d.basic_econ if x.fund == "一般公共预算" and line_unit(d, x.unit) == m.code]
            parts = [pl.part for pl in project_lines(d) if pl.part.fund == "一般公共预算" and pl.unit == m.code]
            where = unit_label(d, m.code)
            for key, codes, label in THREE_PUBLIC_ECON:
                econ = total([x.amount for x in basic if x.code in codes]) + total([x.amount for x in parts
                                                                                     if x.econ in codes])
                have = getattr(m.three_public, key)
                if econ > have:
                    path = f"{three_public_path(d, m.code)}.{key}"
                    yield self.found(s.at(path), f"表3-3{where}{label} {w(have)}，表3-1、表3-2 该单位 "
                                     f"{'、'.join(codes)} 已有 {w(econ)}", field=path,
                                     figures=(("表3-3", fmt(have)), ("表3-1、表3-2", fmt(econ))))
        fund = s.fig.by_fund.get("政府性基金预算", Split()).total
        if three_public_total(d.fund_three_public) > fund:
            yield self.found(s.at("fund_three_public"),
                             f"表4-1“三公”经费 {w(three_public_total(d.fund_three_public))}，"
                             f"超过政府性基金预算支出 {w(fund)}", field="fund_three_public")


@rule
class LineConsistency(Rule):
    code = "line-consistency"
    title = "明细自身的数字关系不成立"
    severity = ERROR
    description = ("上年结转不能超过本行金额；预留中小企业金额不能超过政府采购总额；"
                   "上年数应满足 一般公共预算当年拨款 ≤ 财政拨款 ≤ 收支总预算。")
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


@rule
class OperatingCostsVsPublic(Rule):
    code = "operating-costs-vs-public"
    title = "机关运行经费超过行政单位的公用经费"
    severity = WARNING
    description = ("机关运行经费是行政单位和参公单位用于购买货物和服务的资金，"
                   "通常不超过这些单位表3-1 的公用经费（各资金来源合计）与项目中商品和服务支出之和；"
                   "超过时请核对（个别地区口径更宽时可忽略）。")
    example = "机关运行经费 30.00 万元，行政单位公用经费与项目商品和服务支出合计 12.40 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        amount = d.operating_costs.amount
        if amount is None:
            return
        admin = {m.code for m in members(d) if m.type in ADMIN}
        public = total([x.amount for x in d.basic_econ
                        if line_unit(d, x.unit) in admin and econ_category(x) == "公用经费"])
        goods = total([pl.part.amount for pl in project_lines(d)
                       if pl.unit in admin and pl.part.econ.startswith("302")])
        if amount > public + goods:
            yield self.found(s.at("operating_costs.amount"), f"机关运行经费 {w(amount)}，超过行政（参公）单位表3-1 "
                             f"公用经费 "
                             f"{w(public)} 与项目中商品和服务支出 {w(goods)} 之和", field="operating_costs.amount",
                             figures=(("机关运行经费", fmt(amount)), ("公用经费", fmt(public)),
                                      ("项目商品和服务支出", fmt(goods))))


EMPTY = (("表3-3", "t3_3", lambda s: three_public_total(s.derived.three_public) == 0),
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


PAIRS = tuple((econ, function, name) for econ, function, name, usual in ECON_FUNCTION if usual)


@rule
class EconFunctionPair(Rule):
    code = "econ-function-pair"
    title = "社保缴费、住房公积金：经济科目与功能科目金额不符"
    severity = WARNING
    description = ("养老保险、职业年金、医疗保险缴费和住房公积金在两种分类中各有对应科目（如 30108 ↔ 2080505），"
                   "每个单位、每种资金来源两边金额通常相等；请核对。")
    example = "表3-1 住房公积金（30113）6.52 万元，表1-2 住房公积金（2210201）6.25 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        blocks = sorted({(line_unit(d, x.unit), x.fund) for x in d.basic_econ})
        for unit, fund in blocks:
            for econ_code, function_codes, label in PAIRS:
                econ = [(i, x) for i, x in enumerate(d.basic_econ)
                        if x.code == econ_code and x.fund == fund and line_unit(d, x.unit) == unit]
                lines = [x for x in d.spending
                         if x.code in function_codes and x.fund == fund and line_unit(d, x.unit) == unit]
                if econ and lines:
                    a, b = total([x.amount for _, x in econ]), total([x.basic for x in lines])
                    if a != b:
                        path = f"basic_econ[{econ[0][0]}].amount"
                        yield self.found(s.at(path), f"{unit_label(d, unit)}{label}：表3-1（{econ_code}）{w(a)}，"
                                         f"表1-2（{'、'.join(function_codes)}）基本支出 {w(b)}", field=path,
                                         figures=(("表3-1", fmt(a)), ("表1-2", fmt(b))))
