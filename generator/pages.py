"""Which pages exist and what each template is given: the site's structure in one place."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from generator import perftables, prose
from generator.catalogue import Names
from generator.charts import disclosure_figures
from generator.derive import (
    Member,
    Split,
    shares,
    three_public_total,
)
from generator.districtpages import district_pages
from generator.escape import Safe, esc
from generator.headline import glance
from generator.history import compare, previous_view
from generator.load import Dataset
from generator.model import FISCAL_FUNDS, Disclosure
from generator.money import total
from generator.tablemodel import Cell, Row, Table, h, label
from generator.tables import INCOME_ROWS
from generator.terms import merged_terms
from generator.view import Key, View, derive

if TYPE_CHECKING:
    from generator.downloads import Downloads

DISCLOSURE_PAGES = (
    ("index.md", "概况", "disclosure/overview.md.j2"),
    ("explanation.md", "预算情况说明", "disclosure/explanation.md.j2"),
    ("tables.md", "预算表", "disclosure/tables.md.j2"),
    ("performance.md", "绩效目标", "disclosure/performance.md.j2"),
    ("glossary.md", "名词解释", "disclosure/glossary.md.j2"),
    ("errata.md", "勘误说明", "disclosure/errata.md.j2"),
)
# Only where the data has the same unit's disclosure of the year before (history.py).
COMPARE_PAGE = ("compare.md", "与上年对比", "disclosure/compare.md.j2")


# The disclosure's parts with 与上年对比 after 预算表, when there is last year's data to compare with.
_AT = [name for name, _, _ in DISCLOSURE_PAGES].index("tables.md") + 1
TABS_WITH_COMPARE = (*DISCLOSURE_PAGES[:_AT], COMPARE_PAGE, *DISCLOSURE_PAGES[_AT:])


@dataclass(frozen=True)
class Page:
    path: str  # relative to the generated folder, '/'-separated
    title: str
    template: str
    context: dict[str, Any]
    # The disclosure whose own inputs (and the shared ones) alone make this page: the page cache
    # (pagecache.py) may reuse it while they are unchanged. None: rendered on every build.
    owner: Key | None = None


def folder(d: Disclosure) -> str:
    return f"{d.year}/{d.unit.code}"


def disclosure_context(v: View, data: Dataset, names: Names) -> dict[str, Any]:
    d, fig = v.d, v.fig
    labels = dict(INCOME_ROWS)
    py = d.previous_year
    tp = v.three_public
    return {
        "d": d, "site": data.site, "fig": fig, "names": names, "tabs": DISCLOSURE_PAGES,
        "tables": v.tables, "table_parts": [], "table_part": "",
        "t6": v.t6, "t6_projects": perftables.project_indicators(d),
        "t7_funding": perftables.t7_funding(d), "t7_tasks": perftables.t7_tasks(d),
        "t7_indicators": perftables.t7_indicators(d),
        "terms": merged_terms(data.glossary.terms, d.glossary, data.site.level, frozenset(fig.by_fund)),
        "composition": _composition(d), "staffing": _staffing(v), "units_table": _units_table(v),
        "income_parts": prose.fund_parts(fig, tuple(labels), labels, carryover=True),
        "fiscal_income": prose.fund_parts(fig, FISCAL_FUNDS, labels),
        "fiscal_carryover": total([fig.by_fund[f].carryover for f in FISCAL_FUNDS if f in fig.by_fund]),
        "all_classes": prose.class_parts(fig.all_rows, fig.total.total, names),
        "fiscal_classes": prose.class_parts(fig.fiscal_rows, fig.fiscal.total, names),
        "general_classes": prose.class_parts(fig.general_rows, fig.general.current, names, current=True),
        "basic_shares": shares([fig.total.basic, fig.total.project], fig.total.total),
        "uses": prose.item_uses(d, names),
        "personnel_items": prose.main_items(d.basic_econ, "人员经费", names),
        "public_items": prose.main_items(d.basic_econ, "公用经费", names),
        "tp": tp, "tp_total": three_public_total(tp),
        "tp_purposes": {k: prose.unit_purposes(d, k) for k in ("abroad", "vehicle", "reception")},
        "pt": py.three_public if py else None,
        "pt_total": three_public_total(py.three_public) if py and py.three_public else None,
        "funds": [_fund_section(v, names, *section) for section in FUND_SECTIONS],
        "procurement_total": d.procurement.goods + d.procurement.works + d.procurement.services,
        "performance_total": v.performance_total,
        "change": prose.change, "reason": prose.reason, "versus": prose.versus,
        "charts": disclosure_figures(d, fig, names),
        "headline": v.headline,
    }


@dataclass(frozen=True)
class FundSection:
    """六 政府性基金 / 七 国有资本经营: the total, its comparison, and its breakdown by 类 and 项."""

    fund: str
    numeral: str
    total: Decimal
    basic: Decimal
    project: Decimal
    previous: Decimal | None
    reason: str | None
    classes: list[prose.Part]
    uses: list[prose.ItemUse]


# 六 and 七: the fund, its numeral, and the previous_year field holding last year's figure (its
# reason is the field with `_reason` after it).
FUND_SECTIONS = (("政府性基金预算", "六", "government_fund"), ("国有资本经营预算", "七", "state_capital"))


def _fund_section(v: View, names: Names, fund: str, numeral: str, previous_field: str) -> FundSection:
    py, fig = v.d.previous_year, v.fig
    s = fig.by_fund.get(fund, Split())
    return FundSection(fund, numeral, s.total, s.basic, s.project,
                       getattr(py, previous_field) if py else None,
                       getattr(py, f"{previous_field}_reason") if py else None,
                       prose.class_parts(fig.fund_rows(fund), s.total, names),
                       prose.item_uses(v.d, names, fund, current=False))


def _composition(d: Disclosure) -> Safe:
    u = d.unit
    if not u.subordinates:
        return Safe(f"{esc(u.name)}为{esc(u.budget_level)}，单位性质为{esc(u.type)}，无下属单位。")
    subs = "、".join(f"{esc(s.name)}（{esc(s.type)}）" for s in u.subordinates)
    return Safe(f"{esc(u.name)}为{esc(u.budget_level)}，单位性质为{esc(u.type)}。纳入本部门{d.year}年部门预算编制范围的"
                f"单位共{len(u.subordinates) + 1}个，包括部门本级和所属单位{len(u.subordinates)}个：{subs}。")


def _units_table(v: View) -> Table | None:
    """概况's list of the department's units with their type, level and staff (only with subordinates)."""
    d = v.d
    if not d.unit.subordinates:
        return None

    def staff(m: Member) -> tuple[Cell, ...]:
        s = m.staffing
        return tuple(Cell(str(v), num=True) for v in (s.authorized, s.active, s.retired)) if s else (Cell(),) * 3

    body = tuple(Row((Cell(m.code), label(m.name), Cell(m.type), Cell(m.budget_level), *staff(m))) for m in v.members)
    head = ((h("单位编码"), h("单位名称"), h("单位性质"), h("预算级次"), h("编制人数"), h("在职人数"), h("退休人数")),)
    return Table("units", "", "纳入部门预算编制范围的单位", "", head, body,
                 notes=("人数空白的单位未单列人员情况，不计入下文人数合计。",) if any(
                     s.staffing is None for s in d.unit.subordinates) else ())


def _staffing(v: View) -> Safe:
    s = v.staffing
    who = "本部门" if v.d.unit.subordinates else esc(v.d.unit.short_name)
    return Safe(f"{who}编制{s.authorized}人，在职人员{s.active}人，退休人员{s.retired}人。")


# A 预算表 page holds at most this many body cells; more are split over several pages, tables kept
# whole and in order. A department prints each table per unit, and one page of all of them passed
# 150 KB (the demo's education bureau, 9 units: 5,500 cells, 363 KB). A blank cell costs 9 bytes,
# a filled one about 55, and the page around the article about 20 KB.
SPLIT_CELLS = 2000


def page_kind(name: str) -> str:
    """The DISCLOSURE_PAGES name a page file belongs to: each part of a split 预算表 is a tables.md."""
    return "tables.md" if name.startswith("tables-") else name


def table_parts(tables: tuple[Table, ...]) -> list[tuple[str, str, tuple[Table, ...]]]:
    """The 预算表 page(s) as (file name, link text, tables): one page, or consecutive groups of tables
    of at most SPLIT_CELLS cells (a single longer table gets a page of its own)."""
    groups: list[list[Table]] = [[]]
    size = 0
    for t in tables:
        cells = sum(len(row.cells) for row in t.body)
        if groups[-1] and size + cells > SPLIT_CELLS:
            groups.append([])
            size = 0
        groups[-1].append(t)
        size += cells
    if len(groups) == 1:
        return [("tables.md", "", tables)]
    return [("tables.md" if i == 0 else f"tables-{i + 1}.md",
             g[0].number if len(g) == 1 else f"{g[0].number}至{g[-1].number}", tuple(g))
            for i, g in enumerate(groups)]


def disclosure_pages(v: View, data: Dataset, names: Names, before: View | None = None,
                     offered: Downloads | None = None) -> list[Page]:
    """`before`: the same unit's view of the year before, when the data has it (与上年对比);
    `offered`: the download files, which the pages link to."""
    d = v.d
    context = {**disclosure_context(v, data, names), "downloads": offered.of(v.key) if offered else ()}
    if before is not None:
        context |= {"tabs": TABS_WITH_COMPARE, "comparison": compare(v, before, names)}
    pages = []
    for name, title, template in context["tabs"]:
        if name == "errata.md" and not d.errata:
            continue
        if name != "tables.md":
            pages.append(Page(f"{folder(d)}/{name}", title, template, context, v.key))
            continue
        parts = table_parts(v.tables)
        links = [(part, text) for part, text, _ in parts] if len(parts) > 1 else []
        pages += [Page(f"{folder(d)}/{part}", title, template,
                       {**context, "tables": group, "table_parts": links, "table_part": text if links else ""}, v.key)
                  for part, text, group in parts]
    return pages


def _by_year(data: Dataset) -> list[tuple[int, list[Disclosure]]]:
    by_year: dict[int, list[Disclosure]] = {}
    for e in data.entries:
        by_year.setdefault(e.data.year, []).append(e.data)
    return [(y, sorted(ds, key=lambda d: d.unit.code)) for y, ds in sorted(by_year.items(), reverse=True)]


def site_pages(data: Dataset, views: dict[Key, View], offered: Downloads | None = None) -> list[Page]:
    years = _by_year(data)
    heads = {(v.d.year, v.d.unit.code): v.headline for v in views.values()}
    common = {"site": data.site, "tabs": DISCLOSURE_PAGES, "glance": glance(years, heads),
              "downloads_page": offered is not None}
    pages = [
        Page("index.md", data.site.site_name, "home.md.j2", {**common, "years": years}),
        Page("glossary.md", "名词解释", "site_glossary.md.j2",
             {**common, "terms": merged_terms(data.glossary.terms, (), data.site.level)}),
        Page("schema.md", "数据字段说明", "schema.md.j2", common),
        Page("rules.md", "检查规则", "rules.md.j2", common),
        Page("about-data.md", "关于本站数据", "about_data.md.j2", common),  # issue 12: reached from the footer
    ]
    pages += [Page(f"{year}/index.md", f"{year}年", "year.md.j2", {**common, "year": year, "disclosures": ds})
              for year, ds in years]
    pages += [Page(*spec) for spec in district_pages(views, Names(data.catalogue), common)]
    if offered is not None:  # issue 14: the site-wide 数据下载 page, reached from the home page and footer
        pages.append(Page(DOWNLOADS_PAGE, "数据下载", "downloads.md.j2",
                          {**common, "years": years, "offered": offered}))
    return pages


def all_pages(data: Dataset, views: dict[Key, View] | None = None, offered: Downloads | None = None,
              reused: frozenset[Key] = frozenset()) -> list[Page]:
    """Every page, from the views derived once per build (derived here when not given); with the
    download files `offered` (generator.downloads), pages link to them and list them; the pages of
    the disclosures in `reused` are left out (the page cache has them)."""
    views = views if views is not None else derive(data)
    names = Names(data.catalogue)
    pages = site_pages(data, views, offered)
    for v in sorted(views.values(), key=lambda v: (-v.d.year, v.d.unit.code)):
        if v.key not in reused:
            pages.extend(disclosure_pages(v, data, names, previous_view(views, v), offered))
    return pages


# Disclosure pages stay out of the navigation tree: every page carries the whole visible nav,
# so listing each unit there would make the site grow with the square of the number of units.
# Readers reach a unit from the year page (a table of units) and move between its parts with
# the tabs at the top of each disclosure page.
NOT_IN_NAV = "/{prefix}[0-9][0-9][0-9][0-9]/*/"
# Pages for data editors and reviewers, reached from the footer's 关于本站数据 (issue 12).
# Each unit's history page (units/<code>/) is reached from 单位列表 and from its disclosures' tabs.
NOT_IN_NAV_PAGES = ("about-data.md", "schema.md", "rules.md", "units/*/", "downloads.md")
DOWNLOADS_PAGE = "downloads.md"


def nav(data: Dataset, prefix: str) -> list[Any]:
    """MkDocs nav: home, one section per year (its directory and its overview), the units list and
    the site glossary; two entries per year whatever the number of units (the pages for data
    editors are linked from the footer instead: NOT_IN_NAV_PAGES)."""
    out: list[Any] = [{"首页": f"{prefix}index.md"}]
    out += [{f"{year}年": [f"{prefix}{year}/index.md", {"全区总览": f"{prefix}{year}/overview.md"}]}
            for year, _ in _by_year(data)]
    out += [{"单位列表": f"{prefix}units/index.md"}, {"名词解释": f"{prefix}glossary.md"}]
    return out
