"""One year of a demo unit's money: economic lines, projects, 三公 and the spending lines they add up to.

Everything is built bottom-up in whole cents, so every total the tables print is a sum of typed lines
and every relation between tables holds by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from generator.demo.money import ZERO, draw, q, ratio, split, total
from generator.demo.plan import FUND, GENERAL, MemberPlan, ProjectSpec, UnitPlan
from generator.model import FISCAL_FUNDS

# Basic-spending items with their own function line (the rest go to the unit's operating line).
OWN_LINE = {"30108": "2080505", "30109": "2080506", "30113": "2210201"}
FUND_ORDER = ("一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "事业收入", "事业单位经营收入",
              "上级补助收入", "附属单位上缴收入", "其他收入")


@dataclass(frozen=True)
class Econ:
    code: str
    fund: str
    unit: str
    amount: Decimal


@dataclass(frozen=True)
class Part:
    econ: str
    fund: str
    amount: Decimal


@dataclass(frozen=True)
class Project:
    name: str
    theme: str
    function: str
    unit: str
    parts: tuple[Part, ...]

    @property
    def amount(self) -> Decimal:
        return total(p.amount for p in self.parts)


@dataclass
class Line:
    code: str
    fund: str
    unit: str
    basic: Decimal = ZERO
    project: Decimal = ZERO
    carryover: Decimal = ZERO


@dataclass(frozen=True)
class ThreePublic:
    abroad: Decimal = ZERO
    vehicle_purchase: Decimal = ZERO
    vehicle_operation: Decimal = ZERO
    reception: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.abroad + self.vehicle_purchase + self.vehicle_operation + self.reception


@dataclass
class Staff:
    authorized: int
    active: int
    retired: int


@dataclass
class YearMoney:
    """Everything with an amount in one year's disclosure."""

    year: int
    econ: list[Econ] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    three_public: dict[str, ThreePublic] = field(default_factory=dict)
    fund_three_public: ThreePublic = ThreePublic()
    staff: dict[str, Staff] = field(default_factory=dict)
    vehicles: int = 0
    new_vehicles: int = 0


def staff(rng: random.Random, m: MemberPlan, trend: Decimal, index: int) -> Staff:
    """A member's people in a year: a steady trend, and a person more or less in larger units."""
    if m.staff == 1:
        return Staff(m.authorized, 1, m.retired)
    active = max(1, int(m.staff * (1 + trend * index) + Decimal("0.5")) + (rng.randint(-1, 1) if m.staff >= 10 else 0))
    return Staff(max(active, m.authorized + active - m.staff), active, m.retired)


def medical_line(m: MemberPlan) -> str:
    return "2101101" if m.admin else "2101102"


def pension_line(m: MemberPlan) -> str:
    return "2080501" if m.admin else "2080502"


def basic_econ(rng: random.Random, m: MemberPlan, people: Staff, factor: Decimal, tp: ThreePublic) -> list[Econ]:
    """A member's basic spending by economic 款, every fund, in code order within each fund."""
    n = Decimal(people.active) * factor
    wages = [(c, q(r * n * ratio(rng, "0.97", "1.03"))) for c, r in m.wages]
    w = total(a for _, a in wages)
    lines = dict(wages)
    lines["30108"] = q(w * Decimal("0.16"))
    if m.annuity:
        lines["30109"] = q(w * Decimal("0.08"))
    lines["30110"] = q(w * Decimal("0.085"))
    if m.civil_medical:
        lines["30111"] = q(w * Decimal("0.03"))
    lines["30112"] = q(w * Decimal("0.006"))
    lines["30113"] = q(w * Decimal("0.12"))
    for c, r in m.public:
        lines[c] = max(q(r * n), Decimal("0.01"))
    lines["30228"] = q(w * Decimal("0.02"))
    if m.pension:
        lines["30302"] = q(m.pension * people.retired * factor)
    if tp.reception:
        lines["30217"] = q(tp.reception * ratio(rng, "0.50", "1.00"))
    for code, amount in (("30231", tp.vehicle_operation), ("30212", tp.abroad)):
        if amount:
            lines[code] = amount
    out = [Econ(c, GENERAL, m.code, a) for c, a in sorted(lines.items()) if a > 0]
    for fund, c, r in m.others:
        out.append(Econ(c, fund, m.code, max(q(r * n), Decimal("0.01"))))
    return out


def three_public(rng: random.Random, plan: UnitPlan, m: MemberPlan, factor: Decimal, index: int) -> ThreePublic:
    recipe = plan.recipe
    reception = q(m.reception * factor * ratio(rng, "0.85", "1.15")) if m.reception else ZERO
    operation = q(m.vehicle_rate * m.vehicles * factor) if m.vehicles else ZERO
    abroad = draw(rng, "2.00", "6.00") if m.own and recipe.abroad and index % 2 == 0 else ZERO
    purchase = draw(rng, "12.00", "25.00") if m.own and recipe.vehicle_purchase and index % 2 == 1 else ZERO
    return ThreePublic(abroad, purchase, operation, reception)


def project(rng: random.Random, spec: ProjectSpec, year: int, factor: Decimal) -> Project:
    amount = max(q(spec.base * factor * ratio(rng, "0.85", "1.15")), Decimal("0.50"))
    weights = [w for _, _, w in spec.parts]
    amounts = split(amount, weights) if len(weights) > 1 else [amount]
    parts = tuple(Part(e, f, a) for (e, f, _), a in zip(spec.parts, amounts, strict=True))
    return Project(f"{year}年{spec.theme}项目", spec.theme, spec.function, spec.unit, parts)


def vehicle_project(plan: UnitPlan, year: int, amount: Decimal) -> Project:
    own = plan.own
    return Project(f"{year}年公务用车更新购置项目", "公务用车更新购置", plan.vehicle_function, own.code,
                   (Part("31013", GENERAL, amount),))


def spending_lines(plan: UnitPlan, money: YearMoney) -> list[Line]:
    """Function-classified lines: basic by the economic item's function, projects by their function."""
    members = {m.code: m for m in plan.members}
    lines: dict[tuple[str, str, str], Line] = {}

    def add(unit: str, code: str, fund: str, basic: Decimal = ZERO, project: Decimal = ZERO) -> None:
        line = lines.setdefault((unit, code, fund), Line(code, fund, unit))
        line.basic += basic
        line.project += project

    for e in money.econ:
        m = members[e.unit]
        own_lines = {**OWN_LINE, "30110": medical_line(m), "30111": "2101103", "30302": pension_line(m)}
        add(e.unit, own_lines.get(e.code, m.op) if e.fund == GENERAL else m.op, e.fund, basic=e.amount)
    for p in money.projects:
        for part in p.parts:
            add(p.unit, p.function, part.fund, project=part.amount)
    order = {m.code: i for i, m in enumerate(plan.members)}
    return sorted(lines.values(), key=lambda x: (order[x.unit], x.code, FUND_ORDER.index(x.fund)))


def carry_over(rng: random.Random, plan: UnitPlan, lines: list[Line]) -> None:
    """Mark part of some lines as carried over from last year (财政拨款结转 / 非财政拨款结转)."""
    for kind in plan.recipe.carryover:
        fiscal = kind == "fiscal"
        pool = [x for x in lines
                if (x.fund in FISCAL_FUNDS) == fiscal and (x.project if fiscal else x.basic + x.project)]
        for line in pool[: rng.randint(1, 2)] if pool else []:
            base = line.project if fiscal else line.basic + line.project
            line.carryover = max(q(base * ratio(rng, "0.10", "0.50")), Decimal("0.01"))


def year_money(rng: random.Random, plan: UnitPlan, year: int, factor: Decimal) -> YearMoney:
    index = year - plan.first_year
    money = YearMoney(year)
    for m in plan.members:
        people = staff(rng, m, plan.trend, index)
        money.staff[m.code] = people
        tp = three_public(rng, plan, m, factor, index)
        money.three_public[m.code] = tp
        money.econ += basic_econ(rng, m, people, factor, tp)
        money.vehicles += m.vehicles
        if tp.vehicle_purchase:
            money.projects.append(vehicle_project(plan, year, tp.vehicle_purchase))
            money.new_vehicles += 1
    money.projects = [project(rng, s, year, factor) for s in plan.projects] + money.projects
    if plan.recipe.fund_three_public:
        fund_total = total(p.amount for p in money.projects if p.parts[0].fund == FUND)
        money.fund_three_public = ThreePublic(vehicle_operation=min(draw(rng, "0.50", "2.00"), fund_total))
    money.lines = spending_lines(plan, money)
    carry_over(rng, plan, money.lines)
    return money
