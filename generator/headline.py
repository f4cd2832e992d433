"""Headline figures: what a reader wants first, computed from the derived figures, never typed.

One `Headline` per disclosure (概况's summary block, one row of the year page's unit table) and
one `District` per year (the home page). Every amount is the same Decimal the tables print.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.catalogue import Names
from generator.derive import HUNDRED, Figures, dept_staffing, dept_three_public, figures, shares, three_public_total
from generator.model import Disclosure
from generator.money import CENT, total

TOP_CLASSES = 3


@dataclass(frozen=True)
class Change:
    """This year's figure against last year's: the difference and its percentage of last year's."""

    previous: Decimal
    amount: Decimal  # current − previous: negative for a decrease
    percent: Decimal | None  # to 0.01; None when last year's figure was zero

    @property
    def word(self) -> str:
        return "增加" if self.amount > 0 else "减少" if self.amount < 0 else "持平"

    @property
    def size(self) -> Decimal:
        return abs(self.amount)

    @property
    def percent_size(self) -> Decimal | None:
        return None if self.percent is None else abs(self.percent)


def change(current: Decimal, previous: Decimal | None) -> Change | None:
    """None when there is nothing to compare with (a new unit, or a figure not given)."""
    if previous is None:
        return None
    diff = current - previous
    pct = None if previous == 0 else (diff * HUNDRED / previous).quantize(CENT, rounding=ROUND_HALF_UP)
    return Change(previous, diff, pct)


@dataclass(frozen=True)
class ClassFigure:
    """One functional 类 with its share of the total budget."""

    code: str
    name: str
    amount: Decimal
    share: Decimal


@dataclass(frozen=True)
class Headline:
    """One disclosure at a glance."""

    year: int
    total: Decimal  # 收支总预算
    total_change: Change | None
    fiscal: Decimal  # 财政拨款收支总预算
    basic: Decimal
    project: Decimal
    basic_share: Decimal
    project_share: Decimal
    three_public: Decimal  # 一般公共预算“三公”经费, the department's
    three_public_change: Change | None
    authorized: int  # 编制人数
    active: int  # 在职人数
    top_classes: tuple[ClassFigure, ...]


def top_classes(rows: dict[str, Decimal], whole: Decimal, names: Names,
                n: int = TOP_CLASSES) -> tuple[ClassFigure, ...]:
    """The `n` largest 类 (3-digit codes), largest first, with shares of `whole` computed over every
    类 as the explanation's (so they agree to the cent with 预算情况说明)."""
    classes = [(c, a) for c, a in rows.items() if len(c) == 3 and a]
    pct = shares([a for _, a in classes], whole)
    ranked = sorted(zip(classes, pct, strict=True), key=lambda item: (-item[0][1], item[0][0]))
    return tuple(ClassFigure(c, names.function(c), a, p) for (c, a), p in ranked[:n])


def headline(d: Disclosure, names: Names, fig: Figures | None = None) -> Headline:
    """`fig`: the disclosure's figures when already derived (the view), else computed here."""
    fig = fig or figures(d)
    py = d.previous_year
    tp = three_public_total(dept_three_public(d))
    previous_tp = three_public_total(py.three_public) if py and py.three_public else None
    basic_share, project_share = shares([fig.total.basic, fig.total.project], fig.total.total)
    staff = dept_staffing(d)
    return Headline(
        year=d.year,
        total=fig.total.total,
        total_change=change(fig.total.total, py.total if py else None),
        fiscal=fig.fiscal.total,
        basic=fig.total.basic,
        project=fig.total.project,
        basic_share=basic_share,
        project_share=project_share,
        three_public=tp,
        three_public_change=change(tp, previous_tp),
        authorized=staff.authorized,
        active=staff.active,
        top_classes=top_classes({c: s.total for c, s in fig.all_rows.items()}, fig.total.total, names),
    )


@dataclass(frozen=True)
class District:
    """One year over every disclosure published for it (the home page's summary)."""

    year: int
    units: int  # disclosures published for the year
    total: Decimal
    total_change: Change | None  # only when every disclosure gives last year's total
    fiscal: Decimal
    three_public: Decimal
    three_public_change: Change | None  # only when every disclosure gives last year's 三公
    authorized: int
    active: int


def _all_or_none(values: list[Decimal | None]) -> Decimal | None:
    """The sum when every value is known, else None: a partial comparison would mislead."""
    known = [v for v in values if v is not None]
    return total(known) if known and len(known) == len(values) else None


def departments(ds: list[Disclosure]) -> list[Disclosure]:
    """The disclosures a district total adds up: a unit that also appears as a subordinate in
    another disclosure of the same year is already inside that department's figures."""
    inside = {s.code for d in ds for s in d.unit.subordinates}
    return [d for d in ds if d.unit.code not in inside]


def district(year: int, ds: list[Disclosure], units: dict[tuple[int, str], Headline]) -> District:
    """Sums of the year's department headlines, each unit counted once."""
    heads = [units[(d.year, d.unit.code)] for d in departments(ds)]
    tot = total([h.total for h in heads])
    tp = total([h.three_public for h in heads])
    prev_total = _all_or_none([h.total_change.previous if h.total_change else None for h in heads])
    prev_tp = _all_or_none([h.three_public_change.previous if h.three_public_change else None for h in heads])
    return District(
        year=year, units=len(ds), total=tot, total_change=change(tot, prev_total),
        fiscal=total([h.fiscal for h in heads]), three_public=tp, three_public_change=change(tp, prev_tp),
        authorized=sum(h.authorized for h in heads), active=sum(h.active for h in heads),
    )


@dataclass(frozen=True)
class Glance:
    """The site pages' figures: a headline per disclosure (the year page's unit table) and a
    district summary per year (the home page)."""

    units: dict[tuple[int, str], Headline]
    districts: dict[int, District]

    def of(self, d: Disclosure) -> Headline:
        return self.units[(d.year, d.unit.code)]


def glance(years: list[tuple[int, list[Disclosure]]], units: dict[tuple[int, str], Headline]) -> Glance:
    """`years` as the site pages list them: (year, that year's disclosures); `units`: every
    disclosure's headline by (year, unit code), as derived once per build."""
    return Glance(units, {year: district(year, ds, units) for year, ds in years})
