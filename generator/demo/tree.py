"""One demo disclosure as a plain tree (dicts, lists, str, int, Decimal, date), ready to write as YAML."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.check.relations import FUNDING_PARTS
from generator.demo import texts
from generator.demo.money import q, ratio, total, yuan
from generator.demo.plan import CAPITAL, FUND, GENERAL, UnitPlan
from generator.demo.year import Econ, Line, Project, ThreePublic, YearMoney
from generator.model import FISCAL_FUNDS

Tree = dict[str, Any]
PERSONNEL = ("301", "303")
TP_KEYS = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")


@dataclass(frozen=True)
class Totals:
    """The figures next year's disclosure compares against (its previous_year block)."""

    total: Decimal
    fiscal: Decimal
    general: Decimal             # 一般公共预算当年拨款: without 上年结转
    fund: Decimal
    capital: Decimal
    three_public: ThreePublic    # the department's: every unit's added up
    operating: Decimal | None


@dataclass(frozen=True)
class Names:
    """Catalogue names of the codes the texts mention."""

    function: dict[str, str]
    econ: dict[str, str]


def dept_three_public(money: YearMoney) -> ThreePublic:
    parts = list(money.three_public.values())
    return ThreePublic(*(total(getattr(t, k) for t in parts) for k in TP_KEYS))


def operating(plan: UnitPlan, money: YearMoney) -> Decimal | None:
    """机关运行经费: 公用经费 of the administrative units (一般公共预算, or every fund when the shape says so)."""
    if not plan.own.admin:
        return None
    admin = {m.code for m in plan.members if m.admin}
    every_fund = plan.recipe.operating_all_funds
    return total(e.amount for e in money.econ
                 if e.unit in admin and e.code[:3] not in PERSONNEL and (every_fund or e.fund == GENERAL))


def _sum(lines: list[Line], fund: str) -> Decimal:
    return total(x.basic + x.project for x in lines if x.fund == fund)


def totals(plan: UnitPlan, money: YearMoney) -> Totals:
    lines = money.lines
    return Totals(total(x.basic + x.project for x in lines),
                  total(x.basic + x.project for x in lines if x.fund in FISCAL_FUNDS),
                  total(x.basic + x.project - x.carryover for x in lines if x.fund == GENERAL),
                  _sum(lines, FUND), _sum(lines, CAPITAL), dept_three_public(money), operating(plan, money))


def guessed(rng: random.Random, now: Totals) -> Totals:
    """Last year's figures of a unit whose last year is not in the demo: this year's, a little different."""
    r = ratio(rng, "0.92", "1.06")
    tp = now.three_public
    return Totals(q(now.total * r), q(now.fiscal * r), q(now.general * r), q(now.fund * r), q(now.capital * r),
                  ThreePublic(*(q(getattr(tp, k) * ratio(rng, "0.80", "1.20")) for k in TP_KEYS)),
                  q(now.operating * r) if now.operating is not None else None)


# ------------------------------------------------------------------ money lines

def _unit_field(plan: UnitPlan, unit: str) -> str | None:
    """The `unit` of a line: left out for 本级 unless the shape writes it."""
    return None if unit == plan.own.code and not plan.recipe.explicit_own_unit else unit


def _basic_purpose(plan: UnitPlan, x: Line, econ: list[Econ], names: Names) -> str:
    member = next(m for m in plan.members if m.code == x.unit)
    if x.code in texts.LINE_PURPOSES and x.code != member.op:
        return texts.LINE_PURPOSES[x.code]
    if x.fund != GENERAL:
        return texts.fund_purpose(x.fund, [names.econ[e.code] for e in econ][:3])
    own = {c for c, _ in member.wages} | {c for c, _ in member.public}
    mine = [e for e in econ if e.code in own]
    personnel = [names.econ[e.code] for e in mine if e.code[:3] in PERSONNEL][:3]
    public = [names.econ[e.code] for e in mine if e.code[:3] not in PERSONNEL][:3]
    return texts.basic_purpose(personnel, public)


def _purpose(plan: UnitPlan, money: YearMoney, x: Line, names: Names) -> str:
    out = []
    if x.basic:
        econ = [e for e in money.econ if e.unit == x.unit and e.fund == x.fund]
        out.append(_basic_purpose(plan, x, econ, names))
    if x.project:
        codes = [p.econ for pr in money.projects if pr.unit == x.unit and pr.function == x.code
                 for p in pr.parts if p.fund == x.fund and len(p.econ) == 5]
        out.append(texts.project_purpose(plan.dept, [names.econ[c] for c in dict.fromkeys(codes)][:3]))
    return "；".join(out)


def spending(plan: UnitPlan, money: YearMoney, names: Names) -> list[Tree]:
    out = []
    for x in money.lines:
        line: Tree = {"code": x.code}
        if x.fund != GENERAL:
            line["fund"] = x.fund
        for key in ("basic", "project", "carryover"):
            if getattr(x, key):
                line[key] = getattr(x, key)
        if (unit := _unit_field(plan, x.unit)) is not None:
            line["unit"] = unit
        line["purpose"] = _purpose(plan, money, x, names)
        out.append(line)
    return out


def basic_econ(plan: UnitPlan, money: YearMoney) -> list[Tree]:
    out = []
    for e in money.econ:
        line: Tree = {"code": e.code, "amount": e.amount}
        if e.fund != GENERAL:
            line["fund"] = e.fund
        if (unit := _unit_field(plan, e.unit)) is not None:
            line["unit"] = unit
        out.append(line)
    return out


def projects(plan: UnitPlan, money: YearMoney) -> list[Tree]:
    out = []
    for p in money.projects:
        item: Tree = {"name": p.name, "function": p.function}
        if len(p.parts) == 1:
            part = p.parts[0]
            item.update({"econ": part.econ, "amount": part.amount})
            if part.fund != GENERAL:
                item["fund"] = part.fund
        else:
            item["amount"] = p.amount
        if (unit := _unit_field(plan, p.unit)) is not None:
            item["unit"] = unit
        if len(p.parts) > 1:
            item["parts"] = [{"econ": x.econ, "amount": x.amount, "fund": x.fund} for x in p.parts]
        out.append(item)
    return out


def three_public(tp: ThreePublic) -> Tree:
    out: Tree = {k: getattr(tp, k) for k in TP_KEYS}
    purposes = texts.three_public_purposes(bool(tp.abroad), bool(tp.vehicle_operation or tp.vehicle_purchase),
                                           bool(tp.vehicle_purchase), bool(tp.reception))
    if purposes:
        out["purposes"] = purposes
    return out


# ------------------------------------------------------------------ previous year, 机关运行经费, 表6, 表7

def previous_year(rng: random.Random, now: Totals, before: Totals) -> Tree:
    out: Tree = {"total": before.total, "fiscal": before.fiscal, "general_budget": before.general}
    for key, a, b in (("reason", now.total, before.total), ("fiscal_reason", now.fiscal, before.fiscal),
                      ("general_budget_reason", now.general, before.general)):
        if (why := texts.change(rng, a, b)) is not None:
            out[key] = why
    for key, a, b, what in (("government_fund", now.fund, before.fund, "政府性基金"),
                            ("state_capital", now.capital, before.capital, "国有资本经营预算")):
        if a or b:
            out[key] = b
            why = texts.change(rng, a, b, (f"新增{what}项目",), (f"{what}项目减少",))
            if why:
                out[f"{key}_reason"] = why
    tp_now, tp_before = now.three_public, before.three_public
    if tp_now.total or tp_before.total:
        out["three_public"] = {k: getattr(tp_before, k) for k in TP_KEYS}
        why = texts.change(rng, tp_now.total, tp_before.total, ("公务活动增加",), ("厉行节约，压减“三公”经费",))
        if why:
            out["three_public_reason"] = why
        reasons = _three_public_reasons(tp_now, tp_before)
        if reasons:
            out["three_public_reasons"] = reasons
    return out


def _three_public_reasons(now: ThreePublic, before: ThreePublic) -> dict[str, str]:
    out = {}
    def vehicle(t: ThreePublic) -> Decimal:
        return t.vehicle_purchase + t.vehicle_operation

    pairs = {"abroad": (now.abroad, before.abroad), "vehicle": (vehicle(now), vehicle(before)),
             "reception": (now.reception, before.reception)}
    for key, (a, b) in pairs.items():
        if a != b:
            bought = key == "vehicle" and now.vehicle_purchase != before.vehicle_purchase
            up, down = texts.THREE_PUBLIC_REASONS["purchase" if bought else key]
            if bought:
                a, b = now.vehicle_purchase, before.vehicle_purchase
            out[key] = up[0] if a > b else down[0]
    return out


def operating_costs(rng: random.Random, now: Totals, before: Totals | None) -> Tree:
    if now.operating is None:
        return {"note": "属事业单位，无机关运行经费"}
    out: Tree = {"amount": now.operating}
    if before is not None and before.operating is not None:
        out["previous"] = before.operating
        if (why := texts.change(rng, now.operating, before.operating, texts.OPERATING_UP, texts.OPERATING_DOWN)):
            out["reason"] = why
    return out


def listed(plan: UnitPlan, money: YearMoney) -> list[Project]:
    """The projects 表6 lists: all, or the larger half when the shape lists a subset."""
    if plan.recipe.perf != "subset" or len(money.projects) < 2:
        return list(money.projects)
    keep = sorted(money.projects, key=lambda p: (-p.amount, p.name))[: max(1, len(money.projects) // 2)]
    return [p for p in money.projects if p in keep]


def project_performance(rng: random.Random, plan: UnitPlan, shown: list[Project]) -> list[Tree]:
    out = []
    for p in shown:
        entry: Tree = {"project": p.name}
        if plan.recipe.table6_amounts:
            entry["amount"] = p.amount
        entry["goal"] = texts.project_goal(p.name, p.theme, p.amount, rng)
        entry["indicators"] = texts.project_indicators(rng, p.name, p.theme, p.amount, plan.weight_total)
        out.append(entry)
    return out


def funding(money: YearMoney) -> Tree:
    """表7's funding block in 元: basic and project spending by kind of money, as the check groups them."""
    out: Tree = {}
    for part, source, _, test in FUNDING_PARTS:
        amount = total(getattr(x, part) for x in money.lines if test(x.fund))
        if amount:
            out[f"{part}_{source}"] = yuan(amount)
    return out


def unit_performance(rng: random.Random, plan: UnitPlan, money: YearMoney, table6: list[Tree]) -> Tree:
    lines, econ = money.lines, money.econ
    figures = {"total": total(x.basic + x.project for x in lines),
               "fiscal": total(x.basic + x.project for x in lines if x.fund in FISCAL_FUNDS),
               "basic": total(x.basic for x in lines), "project": total(x.project for x in lines),
               "personnel": total(e.amount for e in econ if e.code[:3] in PERSONNEL),
               "public": total(e.amount for e in econ if e.code[:3] not in PERSONNEL)}
    people = sum(s.active for s in money.staff.values())
    themes = [p.theme for p in money.projects if p.unit == plan.own.code]
    borrowed = [dict(e["indicators"][k]) for e in table6[:1] for k in (1, 2)]
    return {"funding": funding(money), "tasks": texts.tasks(plan.dept, themes, people),
            "goal": texts.unit_goal(money.year, figures, plan.dept.field),
            "indicators": texts.unit_indicators(rng, plan.dept, people, figures["total"], borrowed)}


# ------------------------------------------------------------------ the whole disclosure

def _unit(plan: UnitPlan, money: YearMoney) -> Tree:
    out: Tree = {"code": plan.code, "name": plan.dept.name, "short_name": plan.dept.short,
                 "type": plan.own.type, "budget_level": "一级预算单位"}
    if plan.own_code:
        out["own_code"] = plan.own_code
    subs = []
    for m in plan.members[1:]:
        sub: Tree = {"code": m.code, "name": m.name, "type": m.type, "budget_level": "二级预算单位"}
        if m.show_staffing:
            s = money.staff[m.code]
            sub["staffing"] = {"authorized": s.authorized, "active": s.active, "retired": s.retired}
        tp = money.three_public[m.code]
        if tp.total:
            sub["three_public"] = three_public(tp)
        subs.append(sub)
    if subs:
        out["subordinates"] = subs
    return out


def _overview(plan: UnitPlan, money: YearMoney) -> Tree:
    # 本级's staffing also counts the subordinates that do not give their own (不单列)
    staff = [money.staff[m.code] for m in plan.members if m.own or not m.show_staffing]
    themes = [sp.theme for sp in plan.projects if sp.unit == plan.own.code]
    return {"duties": texts.duties(plan.dept),
            "key_work": texts.key_work(plan.dept, themes),
            "staffing": {"authorized": sum(s.authorized for s in staff), "active": sum(s.active for s in staff),
                         "retired": sum(s.retired for s in staff)}}


def _procurement(money: YearMoney) -> Tree:
    parts = [p for pr in money.projects for p in pr.parts]
    goods = total(p.amount for p in parts if p.econ.startswith("310") and p.econ not in ("31005", "31006"))
    works = total(p.amount for p in parts if p.econ in ("31005", "31006"))
    services = q(total(p.amount for p in parts if p.econ in ("30227", "30226")) * Decimal("0.6"))
    out: Tree = {"goods": goods, "works": works, "services": services}
    whole = goods + works + services
    out["sme_reserved"] = q(whole * Decimal("0.40"))
    if whole:
        kinds = [k for k, a in (("办公和专用设备", goods), ("维修和基础设施工程", works), ("委托服务", services)) if a]
        out["purpose"] = f"采购{'、'.join(kinds)}"
    return out


def _empty_statements(plan: UnitPlan, money: YearMoney, now: Totals) -> Tree:
    if not plan.recipe.empty_statements:
        return {}
    short, year = plan.dept.short, money.year
    out: Tree = {}
    if not now.three_public.total:
        out["t3_3"] = texts.empty_statement(short, year, "“三公”经费支出")
    if not now.fund:
        out["t4"] = texts.empty_statement(short, year, "政府性基金预算拨款安排的支出")
    if not money.fund_three_public.total:
        out["t4_1"] = texts.empty_statement(short, year, "使用政府性基金预算拨款安排的“三公”经费支出")
    if not now.capital:
        out["t5"] = texts.empty_statement(short, year, "国有资本经营预算拨款安排的支出")
    return out


def _glossary(plan: UnitPlan, money: YearMoney, names: Names) -> list[Tree]:
    if not plan.recipe.glossary:
        return []
    own = [x for x in money.lines if x.unit == plan.own.code and x.fund == GENERAL]
    picks = [(x.code, "指单位用于保障机构正常运行、开展日常工作的基本支出。") for x in own if x.code == plan.own.op]
    picks += [(x.code, f"指单位开展{plan.dept.field}相关专项工作的项目支出。") for x in own if x.project][:1]
    out = []
    for code, definition in dict(picks).items():
        fn = names.function
        out.append(texts.glossary_term(fn[code[:3]], fn[code[:5]], fn[code], definition))
    return out


def disclosure(rng: random.Random, plan: UnitPlan, money: YearMoney, before: Totals | None, names: Names) -> Tree:
    """The disclosure of one unit for one year; `before` is last year's figures (None: a new unit)."""
    year = money.year
    approved = dt.date(year, 1, rng.randint(8, 28))
    now = totals(plan, money)
    d: Tree = {"unit": _unit(plan, money), "year": year, "approved_on": approved,
               "published_on": approved + dt.timedelta(days=rng.randint(5, 19)),
               "overview": _overview(plan, money), "spending": spending(plan, money, names),
               "basic_econ": basic_econ(plan, money)}
    if money.projects:
        d["projects"] = projects(plan, money)
    d["three_public"] = three_public(money.three_public[plan.own.code])
    if money.fund_three_public.total:
        d["fund_three_public"] = three_public(money.fund_three_public)
    if before is not None:
        d["previous_year"] = previous_year(rng, now, before)
    d["operating_costs"] = operating_costs(rng, now, before)
    d["procurement"] = _procurement(money)
    d["assets"] = {"as_of": dt.date(year - 1, 12, 31), "vehicles": money.vehicles,
                   "large_equipment": rng.randint(0, 2), "threshold": plan.threshold,
                   "new_vehicles": money.new_vehicles, "new_large_equipment": 0}
    shown = listed(plan, money)
    if plan.recipe.perf in ("declared", "subset") and money.projects:
        d["performance_coverage"] = {"projects": len(money.projects), "amount": total(p.amount for p in money.projects)}
    table6 = project_performance(rng, plan, shown) if plan.recipe.perf != "none" else []
    if table6:
        d["project_performance"] = table6
    if plan.recipe.table7:
        d["unit_performance"] = unit_performance(rng, plan, money, table6)
    if glossary := _glossary(plan, money, names):
        d["glossary"] = glossary
    if statements := _empty_statements(plan, money, now):
        d["empty_statements"] = statements
    return d

