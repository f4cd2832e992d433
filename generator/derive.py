"""Derived figures: every total, subtotal, share and change the tables and the prose print.

Computed once per disclosure from the entered lines; nothing here is typed by hand.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from generator.model import FISCAL_FUNDS, Disclosure, EconLine, ProjectPart, SpendingLine, Staffing, ThreePublic
from generator.money import CENT, ZERO, total

PERSONNEL_CLASSES = ("301", "303")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Split:
    """Basic and project amounts of one row, with the carried-over part."""

    basic: Decimal = ZERO
    project: Decimal = ZERO
    carryover: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def current(self) -> Decimal:
        """The part funded by this year's appropriation."""
        return self.total - self.carryover

    def __add__(self, other: Split) -> Split:
        return Split(self.basic + other.basic, self.project + other.project, self.carryover + other.carryover)


def rollup(lines: list[SpendingLine]) -> dict[str, Split]:
    """Sum 项 lines into 项, 款 and 类 rows keyed by their code (7, 5, 3 digits)."""
    rows: dict[str, Split] = defaultdict(Split)
    for line in lines:
        split = Split(line.basic, line.project, line.carryover)
        for size in (3, 5, 7):
            rows[line.code[:size]] += split
    return dict(sorted(rows.items()))


def econ_category(line: EconLine) -> str:
    """人员经费 or 公用经费: as entered, else by the 类 of the economic code."""
    if line.category:
        return line.category
    return "人员经费" if line.code[:3] in PERSONNEL_CLASSES else "公用经费"


@dataclass(frozen=True)
class EconRow:
    personnel: Decimal = ZERO
    public: Decimal = ZERO
    project: Decimal = ZERO

    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    def __add__(self, other: EconRow) -> EconRow:
        return EconRow(self.personnel + other.personnel, self.public + other.public, self.project + other.project)


def econ_rollup(d: Disclosure, funds: tuple[str, ...]) -> dict[str, EconRow]:
    """Basic (by 人员/公用) and project spending by economic 类 and 款, for the given funds.

    Projects classified only to 类 (3 digits) add to the 类 row alone; unclassified projects are
    keyed by the empty code.
    """
    rows: dict[str, EconRow] = defaultdict(EconRow)
    for line in d.basic_econ:
        if line.fund in funds:
            personnel = econ_category(line) == "人员经费"
            row = EconRow(personnel=line.amount) if personnel else EconRow(public=line.amount)
            rows[line.code[:3]] += row
            rows[line.code] += row
    for x in project_lines(d):
        if x.part.fund in funds:
            code = x.part.econ
            rows[code[:3]] += EconRow(project=x.part.amount)
            if len(code) == 5:
                rows[code] += EconRow(project=x.part.amount)
    return dict(sorted(rows.items()))


def shares(parts: list[Decimal], whole: Decimal) -> list[Decimal]:
    """Percentages to 0.01 that add to exactly 100.00 when the parts make the whole (largest remainder)."""
    if whole == 0:
        return [ZERO for _ in parts]
    exact = [p * HUNDRED / whole for p in parts]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    if total(parts) != whole:
        return [e.quantize(CENT) for e in exact]
    missing = int(((HUNDRED - total(floors)) / CENT).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return floors


def three_public_total(t: ThreePublic) -> Decimal:
    return t.abroad + t.vehicle_purchase + t.vehicle_operation + t.reception


def add_three_public(parts: list[ThreePublic]) -> ThreePublic:
    """The sum of several units' 三公 (purposes are not summed: they stay with each unit)."""
    return ThreePublic(abroad=total([t.abroad for t in parts]),
                       vehicle_purchase=total([t.vehicle_purchase for t in parts]),
                       vehicle_operation=total([t.vehicle_operation for t in parts]),
                       reception=total([t.reception for t in parts]))


@dataclass(frozen=True)
class Member:
    """One budget unit of a department: 本级 first, then each subordinate unit."""

    code: str
    name: str
    type: str
    budget_level: str
    staffing: Staffing | None
    three_public: ThreePublic
    own: bool  # the department's 本级


def members(d: Disclosure) -> list[Member]:
    """The units whose rows make up the department's: 本级 then the subordinates, as entered."""
    u = d.unit
    own = Member(u.own_code or u.code, u.own_name or (f"{u.name}（本级）" if u.subordinates else u.name),
                 u.type, u.budget_level, d.overview.staffing, d.three_public, True)
    return [own] + [Member(s.code, s.name, s.type, s.budget_level, s.staffing, s.three_public, False)
                    for s in u.subordinates]


def own_code(d: Disclosure) -> str:
    """The unit code a line without `unit` belongs to: 本级's."""
    return d.unit.own_code or d.unit.code


def line_unit(d: Disclosure, unit: str | None) -> str:
    return unit or own_code(d)


def dept_three_public(d: Disclosure) -> ThreePublic:
    """The department's 一般公共预算 三公: 本级 plus every subordinate unit."""
    if not d.unit.subordinates:
        return d.three_public
    return add_three_public([m.three_public for m in members(d)])


def dept_staffing(d: Disclosure) -> Staffing:
    """编制、在职、退休 of the department: 本级 plus the subordinates that give their own."""
    staff = [d.overview.staffing] + [s.staffing for s in d.unit.subordinates if s.staffing]
    return Staffing(authorized=sum(s.authorized for s in staff), active=sum(s.active for s in staff),
                    retired=sum(s.retired for s in staff))


@dataclass(frozen=True)
class ProjectLine:
    """One part of a project's money with the project's function code and unit."""

    name: str
    function: str
    unit: str
    part: ProjectPart


def project_lines(d: Disclosure) -> list[ProjectLine]:
    """Every project part: a project spanning several economic codes or funds gives several lines."""
    return [ProjectLine(p.name, p.function, line_unit(d, p.unit), part) for p in d.projects for part in p.split()]


@dataclass(frozen=True)
class Figures:
    """The disclosure's headline figures, shared by tables, prose and charts."""

    by_fund: dict[str, Split]
    all_rows: dict[str, Split]
    general_rows: dict[str, Split]
    fiscal_rows: dict[str, Split]
    total: Split
    fiscal: Split
    general: Split
    personnel: Decimal
    public: Decimal
    project_total: Decimal
    lines_by_fund: dict[str, list[SpendingLine]] = field(default_factory=dict)

    _fund_rows: dict[str, dict[str, Split]] = field(default_factory=dict, compare=False, repr=False)

    def fund_rows(self, fund: str) -> dict[str, Split]:
        """类, 款 and 项 rows of one fund, rolled up once (tables, prose and checks all ask)."""
        if fund not in self._fund_rows:
            self._fund_rows[fund] = rollup(self.lines_by_fund.get(fund, []))
        return self._fund_rows[fund]


def figures(d: Disclosure) -> Figures:
    lines_by_fund: dict[str, list[SpendingLine]] = defaultdict(list)
    for line in d.spending:
        lines_by_fund[line.fund].append(line)
    by_fund = {fund: sum((Split(x.basic, x.project, x.carryover) for x in lines), Split())
               for fund, lines in lines_by_fund.items()}
    fiscal_lines = [x for x in d.spending if x.fund in FISCAL_FUNDS]
    general_econ = [x for x in d.basic_econ if x.fund == "一般公共预算"]
    return Figures(
        by_fund=by_fund,
        all_rows=rollup(list(d.spending)),
        general_rows=rollup(lines_by_fund.get("一般公共预算", [])),
        fiscal_rows=rollup(fiscal_lines),
        total=sum(by_fund.values(), Split()),
        fiscal=sum((by_fund.get(f, Split()) for f in FISCAL_FUNDS), Split()),
        general=by_fund.get("一般公共预算", Split()),
        personnel=total([x.amount for x in general_econ if econ_category(x) == "人员经费"]),
        public=total([x.amount for x in general_econ if econ_category(x) == "公用经费"]),
        project_total=total([p.amount for p in d.projects]),  # every fund
        lines_by_fund=dict(lines_by_fund),
    )


def unit_slice(d: Disclosure, code: str) -> Disclosure:
    """One unit's own part of a department's disclosure: its lines, projects and 三公 only."""
    mine = [m for m in members(d) if m.code == code]
    return dataclasses.replace(
        d, unit=dataclasses.replace(d.unit, subordinates=(), own_code=code),
        spending=tuple(x for x in d.spending if line_unit(d, x.unit) == code),
        basic_econ=tuple(x for x in d.basic_econ if line_unit(d, x.unit) == code),
        projects=tuple(p for p in d.projects if line_unit(d, p.unit) == code),
        three_public=mine[0].three_public if mine else ThreePublic())
