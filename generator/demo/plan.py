"""A demo unit's plan: who its budget units are and what they spend on, stable over the years.

Amounts here are rates and bases; `year.py` turns a plan into one year's money.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from generator.check.facts import project_core
from generator.demo.catalog import Dept, SubKind
from generator.demo.money import draw, q, ratio
from generator.demo.shapes import Recipe

GENERAL = "一般公共预算"
FUND = "政府性基金预算"
CAPITAL = "国有资本经营预算"
ADMIN_TYPES = ("行政单位", "参照公务员法管理事业单位")

SERVICE_ECON = ("302", "30227", "30226", "30202", "30216", "30213", "30218", "30299")
CAPITAL_ECON = ("31002", "31007", "31003", "31006")
ECON_BY_FUNCTION = {"2130705": ("30305", "30399"), "2230105": ("30399",), "2230201": ("31201", "312"),
                    "2080705": ("30399", "30226"), "2081107": ("30399",)}
FUND_ECON = ("31005", "30227", "31006")
# Economic codes a project's money plausibly goes to, by a word of its theme (first match wins).
ECON_BY_WORD = (("维修", ("30213", "31006")), ("改造", ("31006", "30213", "30227")), ("购置", ("31002", "31003")),
                ("培训", ("30216", "30227")), ("运维", ("30227", "31007")), ("平台", ("31007", "30227")),
                ("建设", ("31005", "30227", "30218")), ("报酬", ("30305", "30399")), ("资助", ("30399", "30305")),
                ("帮扶", ("30399", "30305")), ("慰问", ("30399", "30218")), ("补偿", ("30399", "30227")),
                ("宣传", ("30202", "30227")), ("推介", ("30202", "30227")), ("监测", ("30227", "30218")),
                ("检测", ("30218", "30227")), ("审计", ("30227", "30226")), ("普查", ("30226", "30227")),
                ("设备", ("31003", "31002")), ("保洁", ("30227", "30226")), ("会议", ("30215", "30202")))
# Per-person rates (万元 a year) of each basic-spending item, by unit kind: (code, low, high).
WAGES_ADMIN = (("30101", "2.60", "3.40"), ("30102", "2.00", "3.00"), ("30103", "0.40", "0.90"),
               ("30107", "0.80", "1.60"))
WAGES_INST = (("30101", "2.20", "3.00"), ("30102", "0.40", "0.90"), ("30107", "2.00", "3.40"))
PUBLIC_ITEMS = (("30201", "0.15", "0.45"), ("30205", "0.02", "0.06"), ("30206", "0.05", "0.15"),
                ("30207", "0.03", "0.08"), ("30211", "0.15", "0.50"), ("30213", "0.05", "0.30"),
                ("30215", "0.02", "0.10"), ("30216", "0.05", "0.20"), ("30229", "0.01", "0.05"),
                ("30299", "0.05", "0.30"))
OTHER_FUND_ITEMS = {"事业收入": (("30107", "0.60", "1.50"), ("30201", "0.05", "0.15"), ("30218", "0.20", "0.80")),
                    "事业单位经营收入": (("30201", "0.03", "0.10"), ("30299", "0.05", "0.20")),
                    "其他收入": (("30299", "0.02", "0.10"),),
                    "财政专户管理资金": (("30201", "0.05", "0.20"), ("30216", "0.02", "0.08")),
                    "上级补助收入": (("30216", "0.05", "0.20"),),
                    "附属单位上缴收入": (("30299", "0.05", "0.15"),)}


@dataclass(frozen=True)
class ProjectSpec:
    """A project that comes back every year under `<year>年<theme>项目`."""

    theme: str
    function: str
    unit: str
    base: Decimal                              # 万元 in the plan's first year
    parts: tuple[tuple[str, str, int], ...]    # (econ, fund, weight); one part: a plain project


@dataclass(frozen=True)
class MemberPlan:
    """One budget unit of the department (本级 or a subordinate) and its spending rates."""

    code: str
    name: str
    short: str
    type: str
    own: bool
    op: str
    staff: int
    authorized: int
    retired: int
    wages: tuple[tuple[str, Decimal], ...]
    public: tuple[tuple[str, Decimal], ...]
    others: tuple[tuple[str, str, Decimal], ...]   # (fund, econ, rate) of basic spending besides 一般公共预算
    annuity: bool                                  # 职业年金 (30109)
    civil_medical: bool                            # 公务员医疗补助 (30111)
    pension: Decimal                               # 退休费 per retired person (0: none)
    reception: Decimal
    vehicles: int
    vehicle_rate: Decimal
    show_staffing: bool

    @property
    def admin(self) -> bool:
        return self.type in ADMIN_TYPES


@dataclass(frozen=True)
class UnitPlan:
    """A department or township: its identity, shape, budget units and projects."""

    dept: Dept
    recipe: Recipe
    code: str
    own_code: str | None
    members: tuple[MemberPlan, ...]
    projects: tuple[ProjectSpec, ...]
    first_year: int
    weight_total: int                               # 表6 weights per project: 90 or 100
    threshold: Decimal
    vehicle_function: str                           # where a 公务用车购置 project is classified
    trend: Decimal                                  # staff change a year, as a share of the staff

    @property
    def own(self) -> MemberPlan:
        return self.members[0]


def _rates(rng: random.Random, items: tuple[tuple[str, str, str], ...], keep: float,
           pay: str = "1") -> tuple[tuple[str, Decimal], ...]:
    chosen = [(code, draw(rng, low, high)) for code, low, high in items if rng.random() < keep]
    rates = chosen or [(items[0][0], draw(rng, items[0][1], items[0][2]))]
    return tuple((code, q(rate * Decimal(pay))) for code, rate in rates)


def member(rng: random.Random, recipe: Recipe, code: str, kind: Dept | SubKind, own: bool) -> MemberPlan:
    admin = kind.type in ADMIN_TYPES
    staff = rng.randint(*recipe.staff) if own else rng.randint(max(2, recipe.staff[0] // 3), max(3, recipe.staff[1]))
    funds = kind.funds if isinstance(kind, SubKind) else recipe.basic_funds
    others = tuple((fund, c, r) for fund in funds for c, r in _rates(rng, OTHER_FUND_ITEMS[fund], 0.8))
    has_3p = recipe.three_public if own else recipe.sub_three_public and rng.random() < 0.6
    vehicles = (rng.randint(1, 1 + staff // 12) if own else rng.randint(0, 1)) if has_3p else 0
    retired = rng.randint(0, max(1, staff // 5))
    pension = draw(rng, "0.20", "0.80") if retired and rng.random() < 0.5 else Decimal("0.00")
    top = max(Decimal("0.50"), Decimal(staff) * Decimal("0.10"))
    reception = draw(rng, "0.20", str(top)) if has_3p else Decimal("0.00")
    return MemberPlan(
        code=code, name=kind.name, short=kind.short, type=kind.type, own=own, op=kind.op, staff=staff,
        authorized=staff + rng.randint(0, 3), retired=retired,
        wages=_rates(rng, WAGES_ADMIN if admin else WAGES_INST, 1.0, recipe.pay),
        public=_rates(rng, PUBLIC_ITEMS, 0.6, recipe.pay), others=others, annuity=rng.random() < 0.8,
        civil_medical=admin and rng.random() < 0.7, pension=pension, reception=reception, vehicles=vehicles,
        vehicle_rate=draw(rng, "0.80", "1.60"),
        show_staffing=own or recipe.sub_staffing or rng.random() < 0.5)


class Themes:
    """Project themes in use in one disclosure: no theme may contain another's core (表6 would mix them up)."""

    def __init__(self) -> None:
        self.cores: list[str] = []

    def take(self, theme: str) -> bool:
        core = project_core(f"2024年{theme}项目")
        if any(core in other or other in core for other in self.cores):
            return False
        self.cores.append(core)
        return True


def _pool(rng: random.Random, theme: str, function: str, default: tuple[str, ...]) -> list[str]:
    """Economic codes for a project, the likeliest first: by function, else by a word of the theme."""
    if function in ECON_BY_FUNCTION:
        codes = list(ECON_BY_FUNCTION[function])
        rng.shuffle(codes)
        return codes
    liked = list(next((codes for word, codes in ECON_BY_WORD if word in theme), ()))
    rest = [c for c in default if c not in liked]
    rng.shuffle(liked)
    rng.shuffle(rest)
    return liked + rest


def _parts(rng: random.Random, theme: str, function: str, fund: str, extra: tuple[str, ...], split: bool,
           pool: tuple[str, ...]) -> tuple[tuple[str, str, int], ...]:
    """One part (a plain project), or 2-3 parts over several economic codes and funds."""
    codes = _pool(rng, theme, function, pool)
    if not split:
        return ((codes[0], extra[0] if extra else fund, 1),)
    funds = [fund, *(extra[:1])] if extra else [fund, fund]
    if len(codes) < 2:
        codes = [codes[0], *CAPITAL_ECON[:1]]
    parts = [(codes[0], funds[0], rng.randint(3, 7)), (codes[1], funds[1], rng.randint(2, 5))]
    if rng.random() < 0.4 and len(codes) > 2:
        parts.append((codes[2], fund, rng.randint(1, 3)))
    return tuple(parts)


def _specs(rng: random.Random, recipe: Recipe, dept: Dept, members: tuple[MemberPlan, ...],
           subs: tuple[SubKind, ...]) -> tuple[ProjectSpec, ...]:
    themes, out = Themes(), []
    low, high = recipe.size
    pool = SERVICE_ECON + CAPITAL_ECON
    own = members[0]
    n = rng.randint(*recipe.projects) if dept.themes else 0
    for i, theme in enumerate(dept.themes[:n]):
        if not themes.take(theme):
            continue
        extra = recipe.project_funds if (recipe.parts and i == 0) or (i == 1 and recipe.project_funds) else ()
        split = recipe.parts and i == 0
        parts = _parts(rng, theme, dept.projects[i % len(dept.projects)], GENERAL, extra, split, pool)
        out.append(ProjectSpec(theme, dept.projects[i % len(dept.projects)], own.code, draw(rng, low, high), parts))
    for k in range(recipe.fund_projects):
        theme = dept.fund_themes[k % len(dept.fund_themes)]
        if themes.take(theme):
            parts = _parts(rng, theme, "", FUND, (), recipe.parts and k == 0, FUND_ECON)
            out.append(ProjectSpec(theme, dept.fund_codes[k % len(dept.fund_codes)], own.code,
                                   draw(rng, "20", "150"), parts))
    for k in range(recipe.capital_projects):
        code = dept.capital_codes[k % len(dept.capital_codes)]
        if themes.take(dept.capital_themes[k % len(dept.capital_themes)]):
            out.append(ProjectSpec(dept.capital_themes[k % len(dept.capital_themes)], code, own.code,
                                   draw(rng, "30", "200"), _parts(rng, "", code, CAPITAL, (), False, ("312",))))
    for m, kind in zip(members[1:], subs, strict=True):
        for j, theme in enumerate(kind.themes[: rng.randint(1, 2)]):
            if not themes.take(theme):
                continue
            split = recipe.parts and j == 0 and bool(kind.funds)
            parts = _parts(rng, theme, kind.projects[j % len(kind.projects)], GENERAL, kind.funds, split, pool)
            out.append(ProjectSpec(theme, kind.projects[j % len(kind.projects)], m.code, draw(rng, low, high), parts))
    return tuple(out)


def plan(rng: random.Random, dept: Dept, recipe: Recipe, prefix: str, first_year: int,
         functions: Collection[str]) -> UnitPlan:
    """The stable part of a demo unit: codes, members, projects (`functions`: the known function codes)."""
    code, own_code = (prefix, f"{prefix}001") if recipe.own_code else (f"{prefix}001", None)
    n_subs = min(rng.randint(*recipe.subs), len(dept.subs))
    subs = dept.subs[:n_subs]
    own = member(rng, recipe, own_code or code, dept, True)
    members = (own, *(member(rng, recipe, f"{prefix}{k + 2:03d}", s, False) for k, s in enumerate(subs)))
    projects = _specs(rng, recipe, dept, members, subs)
    general_admin = f"{dept.op[:5]}02"  # 一般行政管理事务 of the unit's 款, where the list has it
    vehicles = general_admin if general_admin in functions else (dept.projects or (dept.op,))[0]
    return UnitPlan(dept, recipe, code, own_code, members, projects, first_year, rng.choice((90, 100)),
                    Decimal("200.00") if rng.random() < 0.7 else Decimal("100.00"), vehicles,
                    ratio(rng, "-0.03", "0.04"))


def growth(rng: random.Random) -> Decimal:
    """A year's change of a unit's budget: a small rise or fall."""
    return ratio(rng, "0.94", "1.08")
