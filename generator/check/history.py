"""One unit's disclosures of successive years: last year's figures as this year's quotes them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from generator.check.compare import w
from generator.check.finding import WARNING, Finding, Rule, rule
from generator.check.subject import Subject
from generator.derive import Split, dept_three_public, figures
from generator.load import Entry
from generator.model import Disclosure
from generator.money import fmt

FAMILY = "上下年度衔接"
THREE_PUBLIC = (("abroad", "因公出国（境）费"), ("vehicle_purchase", "公务用车购置费"),
                ("vehicle_operation", "公务用车运行费"), ("reception", "公务接待费"))


def last_year(s: Subject) -> Entry | None:
    """The same unit's disclosure of the year before, if the data has it."""
    d = s.d
    return next((e for e in s.data.entries if e.data.unit.code == d.unit.code and e.data.year == d.year - 1
                 and e.data.kind == d.kind), None)


def _pairs(d: Disclosure, before: Disclosure) -> Iterator[tuple[str, str, Decimal, Decimal]]:
    """(field, label, figure quoted this year, figure of last year's disclosure)."""
    py = d.previous_year
    assert py is not None
    f = figures(before)
    yield "previous_year.total", "上年收支总预算", py.total, f.total.total
    yield "previous_year.fiscal", "上年财政拨款收支总预算", py.fiscal, f.fiscal.total
    yield "previous_year.general_budget", "上年一般公共预算当年拨款", py.general_budget, f.general.current
    for key, fund, label in (("government_fund", "政府性基金预算", "上年政府性基金预算支出"),
                             ("state_capital", "国有资本经营预算", "上年国有资本经营预算支出")):
        quoted = getattr(py, key)
        if quoted is not None:
            yield f"previous_year.{key}", label, quoted, f.by_fund.get(fund, Split()).total
    if py.three_public is not None:
        tp = dept_three_public(before)
        for key, label in THREE_PUBLIC:
            yield f"previous_year.three_public.{key}", f"上年{label}", getattr(py.three_public, key), getattr(tp, key)
    if d.operating_costs.previous is not None and before.operating_costs.amount is not None:
        yield "operating_costs.previous", "上年机关运行经费", d.operating_costs.previous, before.operating_costs.amount


@rule
class PreviousYearVsData(Rule):
    code = "previous-year-vs-data"
    title = "上年数与上年公开的数据不符"
    severity = WARNING
    description = ("本站也有本单位上一年度的数据时，上年数（收支总预算、财政拨款、一般公共预算当年拨款、政府性基金、"
                   "“三公”经费、机关运行经费）通常等于上年公开的年初预算数；按调整后预算填写时可忽略，否则请核对。")
    example = "上年收支总预算填 143.57 万元，本站 2023 年数据的收支总预算为 143.75 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        before = last_year(s)
        if before is None:
            return
        if s.d.previous_year is None:
            yield self.found(s.at("year"), f"本站有本单位 {s.d.year - 1} 年的数据（{before.source.rel}），"
                             f"本年却没有填写上年数（previous_year），无法与上年比较", field="previous_year")
            return
        for path, label, quoted, data in _pairs(s.d, before.data):
            if quoted != data:
                yield self.found(s.at(path), f"{label}填 {w(quoted)}，本站 {s.d.year - 1} 年数据"
                                 f"（{before.source.rel}）为 {w(data)}", field=path,
                                 figures=(("上年数", fmt(quoted)), ("上年数据", fmt(data))))
