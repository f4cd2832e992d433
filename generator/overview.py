"""The district overview of one year: totals across its units and the units ranked.

Summed from each unit's derived figures (view.py), every unit counted once: a unit that is also a
subordinate in another disclosure of the year is already inside that department's figures
(headline.departments). The check rule district-overview-vs-tables (check/district.py) adds the
same totals up again from the units' statutory table cells and compares.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator.catalogue import Names
from generator.derive import add_three_public, three_public_total
from generator.groups import GROUPS, unit_group
from generator.headline import departments
from generator.model import FISCAL_FUNDS, ThreePublic
from generator.money import ZERO, total
from generator.tables import INCOME_ROWS
from generator.view import View


@dataclass(frozen=True)
class UnitFigures:
    """One unit's line in the overview's ranking."""

    code: str
    name: str
    group: str
    total: Decimal
    fiscal: Decimal
    basic: Decimal
    project: Decimal
    three_public: Decimal
    operating: Decimal | None


@dataclass(frozen=True)
class Overview:
    """One year over every unit counted once."""

    year: int
    units: tuple[UnitFigures, ...]  # ranked by total, largest first (code breaks ties)
    published: int                  # disclosures published for the year (subordinates included)
    total: Decimal
    fiscal: Decimal
    basic: Decimal
    project: Decimal
    carryover: Decimal
    income: tuple[tuple[str, Decimal], ...]   # 本年收入 by fund (label, amount), in 表1's order
    classes: tuple[tuple[str, str, Decimal], ...]  # (类 code, name, amount), by code
    three_public: ThreePublic
    operating: Decimal              # 机关运行经费 of the units that give one
    operating_units: int

    @property
    def three_public_total(self) -> Decimal:
        return three_public_total(self.three_public)

    @property
    def by_group(self) -> list[tuple[str, int, Decimal]]:
        """(group, units, total) for each group with units."""
        out = []
        for g in GROUPS:
            mine = [u for u in self.units if u.group == g]
            if mine:
                out.append((g, len(mine), total([u.total for u in mine])))
        return out


def unit_figures(v: View) -> UnitFigures:
    fig = v.fig
    return UnitFigures(v.d.unit.code, v.d.unit.name, unit_group(v.d.unit), fig.total.total, fig.fiscal.total,
                       fig.total.basic, fig.total.project, three_public_total(v.three_public),
                       v.d.operating_costs.amount)


def counted(views: list[View]) -> list[View]:
    """The views a district total adds up: one year's, each unit once."""
    kept = {id(d) for d in departments([v.d for v in views])}
    return [v for v in views if id(v.d) in kept]


def overview(year: int, views: list[View], names: Names) -> Overview:
    """The overview of `year` from that year's views (views of other years are ignored)."""
    of_year = [v for v in views if v.d.year == year]
    mine = counted(of_year)
    labels = dict(INCOME_ROWS)
    income: dict[str, Decimal] = {}
    classes: dict[str, Decimal] = {}
    for v in mine:
        for fund, s in v.fig.by_fund.items():
            income[fund] = income.get(fund, ZERO) + s.current
        for c, s in v.fig.all_rows.items():
            if len(c) == 3:
                classes[c] = classes.get(c, ZERO) + s.total
    order = [f for f, _ in INCOME_ROWS]
    units = sorted((unit_figures(v) for v in mine), key=lambda u: (-u.total, u.code))
    ops = [u.operating for u in units if u.operating is not None]
    return Overview(
        year=year, units=tuple(units), published=len(of_year),
        total=total([u.total for u in units]),
        fiscal=total([v.fig.by_fund[f].total for v in mine for f in FISCAL_FUNDS if f in v.fig.by_fund]),
        basic=total([u.basic for u in units]), project=total([u.project for u in units]),
        carryover=total([v.fig.total.carryover for v in mine]),
        income=tuple((labels.get(f, f), income[f]) for f in sorted(income, key=lambda f: order.index(f)
                                                                     if f in order else len(order))),
        classes=tuple((c, names.function(c), a) for c, a in sorted(classes.items())),
        three_public=add_three_public([v.three_public for v in mine]),
        operating=total(ops), operating_units=len(ops),
    )
