"""The derive stage: one typed, frozen view per disclosure, computed once per build.

Everything later stages need from a disclosure's numbers is here — figures, roll-ups, the
department's units, its 三公 and staff, and the statutory tables whose cells carry their `Decimal`
values. The checker and the page renderer both read these views; neither computes them again.

    load → check(views) → derive → render(views) → write → site
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from generator import perftables
from generator.catalogue import Names
from generator.derive import Figures, Member, dept_staffing, dept_three_public, figures, members
from generator.headline import Headline, headline
from generator.load import Dataset, Entry
from generator.model import Disclosure, Staffing, ThreePublic
from generator.tablemodel import Table
from generator.tables import Builder

Key = tuple[str, int]  # (unit code, year)


@dataclass(frozen=True)
class View:
    """One disclosure as every stage after loading sees it."""

    entry: Entry
    fig: Figures
    members: tuple[Member, ...]
    three_public: ThreePublic  # the department's: 本级 plus every subordinate unit
    staffing: Staffing         # likewise
    tables: tuple[Table, ...]  # 表1 … 表5 in the official order
    t6: Table                  # 表6's summary (projects, amounts, indicator counts)
    headline: Headline         # what a reader wants first (概况, the year page's unit table)

    @property
    def d(self) -> Disclosure:
        return self.entry.data

    @property
    def key(self) -> Key:
        return (self.d.unit.code, self.d.year)

    def statutory_tables(self) -> list[Table]:
        """The money tables in the official order: 表1 … 表5, 表6's summary, 表7's funding (when entered)."""
        t7 = perftables.t7_funding(self.d)
        return [*self.tables, self.t6, *([t7] if t7 else [])]

    @property
    def performance_total(self) -> Decimal:
        """表6's 合计: the 预算数 of every project it lists."""
        total = next(r for r in self.t6.body if r.kind == "total")
        return next(c.value for c in total.cells if c.value is not None)

    def table(self, number: str) -> Table | None:
        """A table by its number (表3-1, 表6 …)."""
        return next((t for t in (*self.tables, self.t6) if t.number == number), None)


def view(entry: Entry, names: Names) -> View:
    d = entry.data
    fig = figures(d)
    return View(entry, fig, tuple(members(d)), dept_three_public(d), dept_staffing(d),
                tuple(Builder(d, fig, names).all()), perftables.t6_summary(d), headline(d, names, fig))


def derive(data: Dataset, units: set[str] | None = None) -> dict[Key, View]:
    """Every disclosure's view (of `units` only, when given), by (unit code, year)."""
    names = Names(data.catalogue)
    return {(e.data.unit.code, e.data.year): view(e, names) for e in data.entries
            if units is None or e.data.unit.code in units}
