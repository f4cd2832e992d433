"""Year-on-year comparisons, unit history pages, the district overview and its reconciliation rule.

Expected values are worked out by hand from the YAML written here (the sample's 2024 figures are
those of data/units/103003/2024.yaml: 201 115.40, 208 8.26 (20805 7.81, 20899 0.45), 210 2.87,
221 6.52; basic 75.45, project 57.60, total 133.05; 三公 all zero).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from generator.catalogue import Names
from generator.check.district import DistrictOverviewVsTables
from generator.demo import make_demo
from generator.derive import Split
from generator.groups import DEPARTMENT, TOWNSHIP, unit_group
from generator.history import DASH, DROPPED, NEW, Delta, compare, percent_text, previous_view
from generator.load import load
from generator.model import Unit
from generator.overview import overview
from generator.pages import all_pages
from generator.tablemodel import Cell, Row
from generator.view import View, derive
from tests.conftest import copy_project
from tests.multiunit import make_project

D = Decimal

YEAR_2023 = """\
unit:
  code: "103003"
  name: 达州市达川区人民政府信息公开服务中心
  short_name: 区信息公开服务中心
  type: 公益一类事业单位
year: 2023
published_on: 2023-03-20
overview:
  duties: [负责全区政府信息公开工作。]
  key_work:
    - {title: 做好政府信息公开, text: 做好政府信息公开工作。}
  staffing: {authorized: 10, active: 6, retired: 1}
spending:
  - {code: "2010302", project: 60.00, purpose: 政府信息公开工作}
  - {code: "2010350", basic: 60.00, purpose: 单位正常运转}
  - {code: "2080505", basic: 8.00, purpose: 养老保险缴费}
  - {code: "2101102", basic: 2.87, purpose: 医疗保险缴费}
  - {code: "2130101", basic: 5.00, purpose: 行政运行}
basic_econ:
  - {code: "30101", amount: 62.13}
  - {code: "30108", amount: 8.00}
  - {code: "30110", amount: 2.87}
  - {code: "30201", amount: 2.87}
projects:
  - {name: 政府信息公开项目, function: "2010302", econ: "302", amount: 60.00}
three_public: {reception: 0.50, purposes: {reception: 接待上级检查}}
operating_costs: {note: 属事业单位，无机关运行经费}
"""


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, int], View]]:
    root = copy_project(tmp_path_factory.mktemp("two-years") / "project")
    (root / "data" / "units" / "103003" / "2023.yaml").write_text(YEAR_2023, encoding="utf-8")
    data = load(root)
    return root, derive(data)


def _rows(rows: tuple[Delta, ...]) -> dict[str, Delta]:
    return {r.code or r.label: r for r in rows}


def test_year_on_year_per_row_by_hand(two_years) -> None:  # type: ignore[no-untyped-def]
    root, views = two_years
    now, before = views[("103003", 2024)], views[("103003", 2023)]
    assert previous_view(views, now) is before and previous_view(views, before) is None
    c = compare(now, before, Names(load(root).catalogue))
    f = _rows(c.functions)
    # 类 201: 115.40 against 60.00 + 60.00 = 120.00: −4.60, −3.833…% → −3.8%
    assert (f["201"].current, f["201"].previous, f["201"].change, f["201"].percent) == (
        D("115.40"), D("120.00"), D("-4.60"), D("-3.8"))
    # 类 208: 8.26 against 8.00: +0.26, +3.25% → +3.3% (half up)
    assert (f["208"].change, percent_text(f["208"])) == (D("0.26"), "+3.3%")
    # 款 20805: 7.81 against 8.00: −0.19, −2.375% → −2.4%; 款 20899 is new this year
    assert (f["20805"].change, percent_text(f["20805"])) == (D("-0.19"), "−2.4%")
    assert (f["20899"].status, f["20899"].previous, percent_text(f["20899"])) == (NEW, None, DASH)
    # 类 210 unchanged; 类 221 new; 类 213 (5.00 in 2023) dropped: −5.00, −100.0%
    assert (f["210"].change, percent_text(f["210"])) == (D("0.00"), "0.0%")
    assert (f["221"].status, f["221"].change) == (NEW, D("6.52"))
    assert (f["213"].status, f["213"].current, f["213"].change, percent_text(f["213"])) == (
        DROPPED, None, D("-5.00"), "−100.0%")
    # 合计 133.05 against 135.87: −2.82, −2.0755…% → −2.1%
    assert (f["合计"].change, percent_text(f["合计"])) == (D("-2.82"), "−2.1%")
    s = _rows(c.split)
    assert (s["基本支出"].previous, s["基本支出"].change, percent_text(s["基本支出"])) == (
        D("75.87"), D("-0.42"), "−0.6%")  # 60.00 + 8.00 + 2.87 + 5.00; −0.553…%
    assert (s["项目支出"].change, percent_text(s["项目支出"])) == (D("-2.40"), "−4.0%")
    income = _rows(c.income)
    general = income["一般公共预算拨款收入"]
    assert (general.current, general.previous) == (D("133.05"), D("135.87"))
    tp = _rows(c.three_public)
    assert (tp["公务接待费"].change, percent_text(tp["公务接待费"])) == (D("-0.50"), "−100.0%")
    assert percent_text(tp["因公出国（境）费"]) == DASH  # 0 last year: no rate
    assert c.operating == ()  # a 事业单位: no 机关运行经费 in either year


def test_compare_page_and_history_page_are_listed(two_years) -> None:  # type: ignore[no-untyped-def]
    root, views = two_years
    pages = {p.path: p for p in all_pages(load(root), views)}
    assert "2024/103003/compare.md" in pages and "2023/103003/compare.md" not in pages
    tabs = [name for name, _, _ in pages["2024/103003/index.md"].context["tabs"]]
    assert tabs.index("compare.md") == tabs.index("tables.md") + 1
    assert "compare.md" not in [name for name, _, _ in pages["2023/103003/index.md"].context["tabs"]]
    history = pages["units/103003/index.md"].context
    assert [y.year for y in history["h"].years] == [2023, 2024]
    assert history["charts"]["total"] is not None  # two years: a chart
    table = history["h"].totals_table()
    assert [r.cells[1].value for r in table.body] == [D("135.87"), D("133.05")]


def _demo(tmp: Path, units: int = 8, years: int = 2) -> tuple[Path, dict[tuple[str, int], View]]:
    root = tmp / "demo"
    make_demo(root, units=units, years=years, seed=1)
    return root, derive(load(root))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[tuple[str, int], View]]:
    return _demo(tmp_path_factory.mktemp("history-demo"))


def test_demo_comparison_rows_match_both_years_tables(demo) -> None:  # type: ignore[no-untyped-def]
    """Each compared 类 row equals the 合计 column of that 类 in each year's 表1-2, read from the cells."""
    root, views = demo
    names = Names(load(root).catalogue)
    for v in views.values():
        before = previous_view(views, v)
        if before is None:
            continue
        rows = _rows(compare(v, before, names).functions)

        def classes(view: View) -> dict[str, Decimal]:
            t = view.table("表1-2")
            assert t is not None
            out = {}
            for row in t.body:
                if row.kind == "unit":
                    break
                if row.kind == "class":
                    out[str(row.cells[0].text)] = next(c.value for c in row.cells if c.value is not None)
            return out

        now, then = classes(v), classes(before)
        assert {c for c, r in rows.items() if len(c) == 3} == set(now) | set(then)
        for c in set(now) | set(then):
            assert rows[c].current == now.get(c) and rows[c].previous == then.get(c)
            assert rows[c].change == now.get(c, D("0.00")) - then.get(c, D("0.00"))


def test_overview_reconciles_with_its_units(demo) -> None:  # type: ignore[no-untyped-def]
    root, views = demo
    data = load(root)
    assert list(DistrictOverviewVsTables().check_district(data, views)) == []
    year = max(v.d.year for v in views.values())
    o = overview(year, list(views.values()), Names(data.catalogue))
    # every unit's 表1-2 合计, added here by hand from the cells
    expected = D("0.00")
    for v in views.values():
        if v.d.year == year:
            t = v.table("表1-2")
            assert t is not None
            expected += next(c.value for c in t.body[0].cells if c.value is not None)
    assert o.total == expected and len(o.units) == 8
    assert [u.total for u in o.units] == sorted((u.total for u in o.units), reverse=True)


def test_a_broken_unit_total_is_caught_at_its_file(demo) -> None:  # type: ignore[no-untyped-def]
    root, views = demo
    data = load(root)
    key = sorted(views)[1]
    v = views[key]
    broken = dataclasses.replace(v, fig=dataclasses.replace(v.fig, total=Split(
        v.fig.total.basic + D("0.01"), v.fig.total.project, v.fig.total.carryover)))
    found = list(DistrictOverviewVsTables().check_district(data, {**views, key: broken}))
    assert len(found) == 1 and found[0].code == "district-overview-vs-tables"
    assert found[0].location.file == v.entry.source.rel
    assert "基本支出" in found[0].message


def test_a_broken_table_total_is_caught(demo) -> None:  # type: ignore[no-untyped-def]
    root, views = demo
    data = load(root)
    key = sorted(views)[0]
    v = views[key]
    tables = list(v.tables)
    i = next(i for i, t in enumerate(tables) if t.number == "表3-3")
    t = tables[i]
    total_row = t.body[0]
    cells = list(total_row.cells)
    j = next(j for j, c in enumerate(cells) if c.value is not None)
    cells[j] = Cell("9999.00", num=True, value=D("9999.00"))
    tables[i] = dataclasses.replace(t, body=(Row(tuple(cells), "total"), *t.body[1:]))
    found = list(DistrictOverviewVsTables().check_district(data, {**views, key: dataclasses.replace(
        v, tables=tuple(tables))}))
    assert [f.location.file for f in found] == [v.entry.source.rel]
    assert "三公" in found[0].message


def test_a_wrong_overview_is_caught(demo) -> None:  # type: ignore[no-untyped-def]
    """An overview that counts a unit twice, with every unit right: blamed on the overview."""
    root, views = demo
    data = load(root)
    year = max(v.d.year for v in views.values())
    of_year = [v for v in views.values() if v.d.year == year]
    o = overview(year, of_year, Names(data.catalogue))
    doubled = dataclasses.replace(o, total=o.total + o.units[0].total)
    found = list(DistrictOverviewVsTables().check_year(of_year, doubled))
    assert len(found) == 1 and "总览的汇总有误" in found[0].message


def test_a_subordinate_with_its_own_disclosure_is_counted_once(tmp_path: Path) -> None:
    """示例区第一中学 (201002) is inside 示例区教育局's disclosure and publishes its own too: the
    overview adds the department only, and still reconciles."""
    root = make_project(tmp_path / "project")
    school = YEAR_2023
    for old, new in (('"103003"', '"201002"'), ("达州市达川区人民政府信息公开服务中心", "示例区第一中学"),
                     ("区信息公开服务中心", "区第一中学"), ("year: 2023", "year: 2024"), ("2023-03-20", "2024-03-20")):
        school = school.replace(old, new)
    (root / "data" / "units" / "201002").mkdir()
    (root / "data" / "units" / "201002" / "2024.yaml").write_text(school, encoding="utf-8")
    data = load(root)
    views = derive(data)
    o = overview(2024, list(views.values()), Names(data.catalogue))
    assert o.published == 2 and [u.code for u in o.units] == ["201"]
    # 示例区教育局's 表1-2 合计: 100 + 300 + 50 + 20 + 40 + 10 + 30 (tests/multiunit.py), not + 135.87
    assert o.total == D("550.00")
    assert list(DistrictOverviewVsTables().check_district(data, views)) == []


@pytest.mark.parametrize(("name", "group"), [
    ("示例区青石镇人民政府", TOWNSHIP), ("示例区竹园乡人民政府", TOWNSHIP), ("示例区城东街道办事处", TOWNSHIP),
    ("某县民族乡", TOWNSHIP), ("示例区教育局", DEPARTMENT), ("示例区人民政府办公室", DEPARTMENT),
    ("示例区小城镇建设中心", DEPARTMENT)])
def test_unit_group_from_the_name(name: str, group: str) -> None:
    u = Unit(code="1", name=name, short_name=name, type="行政单位")
    assert unit_group(u) == group
    assert unit_group(dataclasses.replace(u, group=DEPARTMENT)) == DEPARTMENT  # as entered wins


def test_nav_stays_two_entries_per_year_whatever_the_units(demo) -> None:  # type: ignore[no-untyped-def]
    from generator.pages import nav
    root, _ = demo
    entries = nav(load(root), "generated/")
    titles = [next(iter(e)) for e in entries]
    assert titles == ["首页", "2024年", "2023年", "单位列表", "名词解释"]  # 8 units, none of them listed
    assert entries[1]["2024年"] == ["generated/2024/index.md", {"全区总览": "generated/2024/overview.md"}]


def test_units_list_has_every_unit_with_its_years_and_group(demo) -> None:  # type: ignore[no-untyped-def]
    root, views = demo
    pages = {p.path: p for p in all_pages(load(root), views)}
    groups = {g: [(u.code, u.years) for u in rows] for g, _, rows in pages["units/index.md"].context["groups"]}
    assert [c for c, _ in groups[DEPARTMENT]] == ["101", "102001", "103", "104001", "105001"]
    assert [c for c, _ in groups[TOWNSHIP]] == ["201001", "202001", "203001"]  # 镇 / 街道办事处 by name
    assert {years for rows in groups.values() for _, years in rows} == {(2023, 2024)}
    assert all(f"units/{c}/index.md" in pages for rows in groups.values() for c, _ in rows)
