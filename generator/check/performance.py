"""Performance targets: 表6 against 表3-2 by name and amount, well-formed indicator rows, weights
that add to the template's total, and 表7 against 表6."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from generator.check.compare import num, rounding_note, w, wan_gap
from generator.check.facts import norm
from generator.check.finding import ERROR, NOTE, WARNING, Finding, Rule, rule
from generator.check.scan import tokens
from generator.check.subject import Subject
from generator.model import Indicator, Project
from generator.money import fmt, total

FAMILY = "绩效目标"

QUANTITATIVE = ("=", "≥", "≤", ">", "<")
GRADES = ("优", "良", "中", "差", "优秀", "良好", "合格", "达标", "好", "较好", "一般", "高", "较高", "是", "否",
          "有效", "显著", "明显", "提升", "完成")
WEIGHT_TOTALS = (Decimal(90), Decimal(100))
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def matches(s: Subject) -> dict[int, Project | None]:
    """表6 entry index → its 表3-2 project: same name, else a near name (one typo away)."""
    cache: dict[int, Project | None] = s.extra.setdefault("perf-matches", {})
    if not cache and s.d.project_performance:
        by_name = {norm(p.name): p for p in s.d.projects}
        for i, pp in enumerate(s.d.project_performance):
            exact = by_name.get(norm(pp.project))
            near = difflib.get_close_matches(norm(pp.project), list(by_name), n=1, cutoff=0.85)
            cache[i] = exact or (by_name[near[0]] if near else None)
    return cache


def own_amount(s: Subject, i: int) -> Decimal | None:
    pp = s.d.project_performance[i]
    project = matches(s).get(i)
    return pp.amount if pp.amount is not None else (project.amount if project else None)


@rule
class PerfProjectName(Rule):
    code = "perf-project-name"
    title = "表6 的项目名称在表3-2 中没有"
    severity = ERROR
    description = ("表6 的项目名称须与表3-2 完全一致；表6 只列出部分项目时，"
                   "请填写绩效目标覆盖情况（performance_coverage），否则表3-2 中未列入表6 的项目报警告。")
    example = "表6 写“2024年政府系统政务服务新媒体智能监测经费项目”，表3-2 为“……政务新媒体……”"

    def check(self, s: Subject) -> Iterator[Finding]:
        m = matches(s)
        names = {p.name for p in s.d.projects}
        for i, pp in enumerate(s.d.project_performance):
            if pp.project not in names:
                near = m.get(i)
                hint = f"；最接近的是表3-2 的“{near.name}”" if near else ""
                yield self.found(s.at(f"project_performance[{i}].project"), f"表6 项目“{pp.project}”不在表3-2 中{hint}",
                                 field=f"project_performance[{i}].project", phrase=pp.project)
        if s.d.performance_coverage is not None:
            return  # 表6 may list a subset: perf-coverage checks it against the declared coverage
        listed = {id(p) for p in m.values() if p}
        for j, p in enumerate(s.d.projects):
            if id(p) not in listed:
                yield self.found(s.at(f"projects[{j}].name"), f"表3-2 项目“{p.name}”不在表6 中；未填写绩效目标覆盖情况"
                                 f"（performance_coverage），无法判断是漏列了绩效目标，还是表6 只列出了部分项目",
                                 severity=WARNING, field=f"projects[{j}].name", phrase=p.name)


@rule
class PerfCoverage(Rule):
    code = "perf-coverage"
    title = "表6 与绩效目标覆盖情况不符"
    severity = ERROR
    description = ("performance_coverage 写明实行绩效目标管理的项目个数和金额：表6 列出的项目个数和预算数不能超过它，"
                   "它也不能超过表3-2 的项目个数和金额；覆盖全部项目或表6 列全时两边金额应相等。")
    example = "绩效目标覆盖 3 个项目 40.00 万元，表6 列出 4 个项目"

    def check(self, s: Subject) -> Iterator[Finding]:
        cov = s.d.performance_coverage
        if cov is None:
            return
        pp = s.d.project_performance
        amounts = [own_amount(s, i) for i in range(len(pp))]
        shown = total([a for a in amounts if a is not None])
        budget = total([p.amount for p in s.d.projects])
        n, count = len(pp), len(s.d.projects)
        at_n, at_amount = "performance_coverage.projects", "performance_coverage.amount"
        if n > cov.projects:
            yield self.found(s.at(at_n), f"表6 列出 {n} 个项目，多于绩效目标覆盖的 {cov.projects} 个", field=at_n,
                             figures=(("表6", str(n)), ("覆盖", str(cov.projects))))
        if cov.projects > count:
            yield self.found(s.at(at_n), f"绩效目标覆盖 {cov.projects} 个项目，多于表3-2 的 {count} 个项目", field=at_n,
                             figures=(("覆盖", str(cov.projects)), ("表3-2", str(count))))
        if shown > cov.amount:
            yield self.found(s.at(at_amount), f"表6 各项目预算数合计 {w(shown)}，超过绩效目标覆盖金额 {w(cov.amount)}",
                             field=at_amount, figures=(("表6", fmt(shown)), ("覆盖", fmt(cov.amount))))
        if cov.amount > budget:
            yield self.found(s.at(at_amount), f"绩效目标覆盖金额 {w(cov.amount)}，超过表3-2 项目合计 {w(budget)}",
                             field=at_amount, figures=(("覆盖", fmt(cov.amount)), ("表3-2", fmt(budget))))
        equal = []
        if cov.projects == count:
            equal.append((budget, f"覆盖了表3-2 全部 {count} 个项目，金额应等于表3-2 项目合计"))
        if n == cov.projects and None not in amounts:
            equal.append((shown, f"表6 已列出全部 {n} 个覆盖项目，金额应等于表6 预算数合计"))
        for whole, why in equal:
            severity = wan_gap(cov.amount, whole)
            if severity:
                yield self.found(s.at(at_amount), f"绩效目标覆盖金额 {w(cov.amount)}：{why} {w(whole)}"
                                 f"{rounding_note(severity)}", severity=severity, field=at_amount,
                                 figures=(("覆盖", fmt(cov.amount)), ("应为", fmt(whole))))


@rule
class PerfProjectAmount(Rule):
    code = "perf-project-amount"
    title = "表6 预算数与表3-2 金额不符"
    severity = ERROR
    description = "表6 每个项目的预算数应等于表3-2 中同一项目的金额（空白按 0 计）；不填 amount 则自动取表3-2 的金额。"
    example = "表6 社会监督员经费项目预算数空白，表3-2 为 5.00 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for i, pp in enumerate(s.d.project_performance):
            project = matches(s).get(i)
            if pp.amount is None or project is None:
                continue
            severity = wan_gap(pp.amount, project.amount)
            if severity:
                yield self.found(s.at(f"project_performance[{i}].amount"), f"表6“{pp.project}”预算数 {w(pp.amount)}，"
                                 f"表3-2 为 {w(project.amount)}{rounding_note(severity)}", severity=severity,
                                 field=f"project_performance[{i}].amount",
                                 figures=(("表6", fmt(pp.amount)), ("表3-2", fmt(project.amount))))


@rule
class PerfGoal(Rule):
    code = "perf-goal"
    title = "年度目标缺失或金额与预算数不符"
    severity = ERROR
    description = "每个项目要写出年度绩效目标（不能只有项目名称）；目标中写的“共需资金”应等于该项目的预算数。"
    example = "年度目标写“共需资金 5.6 万元”，该项目预算数为 10.00 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for i, pp in enumerate(s.d.project_performance):
            path = f"project_performance[{i}].goal"
            text = "".join(pp.goal)
            if len(norm(text)) < 8 or norm(text) in (norm(pp.project), norm(pp.project) + "。"):
                yield self.found(s.at(path), f"表6“{pp.project}”没有年度目标", field=path)
                continue
            amount = own_amount(s, i)
            for p in (x for x in s.passages if x.owner is pp and x.kind == "goal"):
                for t in tokens(s, p):
                    if t.kind == "amount" and t.measure is None and amount is not None and t.wan != amount:
                        yield self.found(p.at(t.start), f"“{p.around(t.start, t.end)}”：年度目标写 {num(t.wan)} 万元，"
                                         f"本项目预算数 {w(amount)}", field=p.field,
                                         figures=(("目标", num(t.wan)), ("预算数", fmt(amount))))


@rule
class PerfOtherProject(Rule):
    code = "perf-other-project"
    title = "目标或指标写的是另一个项目"
    severity = ERROR
    description = "表6 每行的年度目标和指标应描述本项目；写着其他项目名称的目标或指标多是错行，请移回所属项目。"
    example = "“政务新媒体监测”项目一行里，年度目标和成本指标写的都是“政府门户网站智能监测经费项目”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for i, pp in enumerate(s.d.project_performance):
            own = matches(s).get(i)
            seen: dict[str, tuple[str, int]] = {}
            places = [(f"project_performance[{i}].goal", "".join(pp.goal))]
            places += [(f"project_performance[{i}].indicators[{k}].name", r.name) for k, r in enumerate(pp.indicators)]
            for path, text in places:
                for other in s.facts.project_named(text, exclude=own.name if own else pp.project):
                    first, count = seen.get(other.name, (path, 0))
                    seen[other.name] = (first, count + 1)
            for name, (path, count) in seen.items():
                yield self.found(s.at(path), f"表6“{pp.project}”中有 {count} 处写的是另一个项目“{name}”", field=path,
                                 phrase=name)


@rule
class PerfIndicatorRow(Rule):
    code = "perf-indicator-row"
    title = "绩效指标行不完整"
    severity = ERROR
    description = ("定量指标（=、≥、≤）要有数字指标值和度量单位；定性指标的指标值是等级（优、良、中、差等）；"
                   "权重须大于 0。")
    example = "“群众满意度 ≥ 较高 %”：定量指标的指标值不是数字"

    def check(self, s: Subject) -> Iterator[Finding]:
        for path, row in _all_rows(s):
            problem = _row_problem(row)
            if problem:
                yield self.found(s.at(path), f"指标“{row.name}”：{problem}", field=path, phrase=row.name)


def _row_problem(row: Indicator) -> str | None:
    if row.weight <= 0:
        return "权重应大于 0"
    if row.nature in QUANTITATIVE:
        if not NUMBER.match(row.value.strip()):
            return f"定量指标的指标值应为数字，实际为“{row.value}”"
        if not row.unit:
            return "定量指标缺少度量单位"
    elif row.value.strip() not in GRADES:
        return f"定性指标的指标值应为等级（如 优、良、中、差），实际为“{row.value}”"
    return None


def _all_rows(s: Subject) -> Iterator[tuple[str, Indicator]]:
    for i, pp in enumerate(s.d.project_performance):
        for k, row in enumerate(pp.indicators):
            yield f"project_performance[{i}].indicators[{k}]", row
    if s.d.unit_performance:
        for k, row in enumerate(s.d.unit_performance.indicators):
            yield f"unit_performance.indicators[{k}]", row


@rule
class PerfWeightTotal(Rule):
    code = "perf-weight-total"
    title = "项目指标权重合计不对"
    severity = ERROR
    description = "每个项目的指标权重应合计为模板规定的总分（100，或留 10 分给预算执行率时为 90），同一单位各项目一致。"
    example = "“政府门户网站智能监测经费项目”各指标权重相加为 75，其他项目为 90"

    def check(self, s: Subject) -> Iterator[Finding]:
        sums = [total([r.weight for r in pp.indicators]) for pp in s.d.project_performance]
        valid = Counter(x for x in sums if x in WEIGHT_TOTALS).most_common(1)  # ties: the first project's
        usual = valid[0][0] if valid else None
        for i, (pp, got) in enumerate(zip(s.d.project_performance, sums, strict=True)):
            if not pp.indicators:
                continue
            path = f"project_performance[{i}].indicators"
            if got not in WEIGHT_TOTALS:
                yield self.found(s.at(path),
                                 f"表6“{pp.project}”指标权重合计 {num(got)}，应为 {num(usual or WEIGHT_TOTALS[-1])}",
                                 field=path, figures=(("合计", num(got)), ("应为", num(usual or WEIGHT_TOTALS[-1]))))
            elif got != usual:
                yield self.found(s.at(path),
                                 f"表6“{pp.project}”权重合计 {num(got)}，"
                                 f"其他项目多为 {num(usual or WEIGHT_TOTALS[-1])}", severity=WARNING, field=path)


@rule
class PerfWeightValue(Rule):
    code = "perf-weight-value"
    title = "权重不是整数"
    severity = NOTE
    description = "指标权重通常是整数分值；小数权重（如 0.5）请确认是否录错。"
    example = "表7“单位职工满意度”权重 0.5"

    def check(self, s: Subject) -> Iterator[Finding]:
        for path, row in _all_rows(s):
            if row.weight != row.weight.to_integral_value():
                yield self.found(s.at(path), f"指标“{row.name}”权重为 {num(row.weight)}", field=path, phrase=row.name)


@rule
class PerfCostIndicator(Rule):
    code = "perf-cost-indicator"
    title = "成本指标与项目金额不符"
    severity = ERROR
    description = "以万元计的成本指标（预算控制数）应等于它所写项目在表3-2 中的金额；请核对指标值或项目名称。"
    example = "“2024年政府门户网站智能监测经费项目预算控制数 ≤ 5.6 万元”，该项目表3-2 为 10.00 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for path, row, own in self._cost_rows(s):
            named = s.facts.project_named(row.name)
            target = (named[0].name, named[0].amount) if named else own
            if target is None or target[1] is None:
                continue
            value = Decimal(row.value.strip())
            if value != target[1]:
                yield self.found(s.at(path), f"“{row.name} {row.nature} {row.value} 万元”：“{target[0]}”的金额为 "
                                 f"{w(target[1])}", field=path, phrase=row.name,
                                 figures=(("指标值", row.value), ("项目金额", fmt(target[1]))))

    def _cost_rows(self, s: Subject) -> Iterator[tuple[str, Indicator, tuple[str, Decimal | None] | None]]:
        for path, row in _all_rows(s):
            if row.level1 != "成本指标" or row.unit != "万元" or not NUMBER.match(row.value.strip()):
                continue
            own = None
            m = re.match(r"project_performance\[(\d+)\]", path)
            if m:
                i = int(m[1])
                own = (s.d.project_performance[i].project, own_amount(s, i))
            yield path, row, own


def _same(a: Indicator, b: Indicator) -> bool:
    """The same target: nature, value and unit (表7 weighs the department's indicators on its own)."""
    return (a.nature, a.value.strip(), a.unit or "") == (b.nature, b.value.strip(), b.unit or "")


def _equivalent(a: Indicator, b: Indicator) -> bool:
    """≥ 100% and = 100% say the same thing."""
    return ({a.nature, b.nature} <= {"=", "≥"} and a.value.strip() == b.value.strip() == "100"
            and a.unit == b.unit == "%")


@rule
class PerfT7VsT6(Rule):
    code = "perf-t7-vs-t6"
    title = "表7 与表6 的同名指标不一致"
    severity = ERROR
    description = ("表7 取自表6 的指标，其性质、指标值和单位应与表6 相同（权重由表7 按部门整体另行分配，不作比较）；"
                   "表6 中找不到的表7 指标（满意度类除外）多是表6 漏列。")
    example = "表6“租车准确率 ≥ 100%”，表7 为“= 100%”"

    def check(self, s: Subject) -> Iterator[Finding]:
        up = s.d.unit_performance
        if up is None or not s.d.project_performance:
            return
        t6: dict[str, list[Indicator]] = {}
        for pp in s.d.project_performance:
            for r in pp.indicators:
                t6.setdefault(norm(r.name), []).append(r)
        matched = sum(1 for r in up.indicators if norm(r.name) in t6)
        styles: list[tuple[str, Indicator]] = []
        for k, row in enumerate(up.indicators):
            path = f"unit_performance.indicators[{k}]"
            same = t6.get(norm(row.name))
            if same is None:
                if row.level1 != "满意度指标" and matched * 2 >= len(up.indicators):
                    yield self.found(s.at(path), f"表7 指标“{row.name}”在表6 中没有", severity=WARNING, field=path,
                                     phrase=row.name)
            elif not any(_same(row, r) for r in same):
                if any(_equivalent(row, r) for r in same):
                    styles.append((path, row))
                else:
                    r = same[0]
                    yield self.found(s.at(path), f"表7“{row.name} {row.nature} {row.value}{row.unit or ''}”，"
                                     f"表6 为“{r.nature} {r.value}{r.unit or ''}”", field=path, phrase=row.name)
        if styles:
            names = "、".join(r.name for _, r in styles)
            yield self.found(s.at(styles[0][0]),
                             f"表7 写“= 100%”、表6 写“≥ 100%”的指标 {len(styles)} 个（{names}）：含义相同，"
                             f"建议统一写法", severity=NOTE, field=styles[0][0])
