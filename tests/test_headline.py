"""Headline figures (generator/headline.py): derived, never typed, and equal to the tables to the cent.

The sample is a one-unit centre; tests/fixtures/multi_unit/ adds a department with subordinate
units, several funds and last year's 三公, beside it in one project (two departments in 2024).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from generator.catalogue import Names
from generator.check.arithmetic import lookup
from generator.derive import figures
from generator.headline import Headline, change, departments, district, glance, headline
from generator.load import Dataset, load
from generator.model import Disclosure
from generator.tablemodel import Table
from generator.tables import Builder
from generator.view import derive
from tests.conftest import SAMPLE_FILE, copy_project, edit_sample, run_cli

MULTI_UNIT = Path(__file__).parent / "fixtures" / "multi_unit"
D = Decimal


def multi_unit_project(dest: Path) -> Path:
    """The sample project with the multi-unit department beside the sample disclosure."""
    root = copy_project(dest)
    shutil.copytree(MULTI_UNIT / "units", root / "data" / "units", dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load(multi_unit_project(tmp_path_factory.mktemp("headline") / "project"))


def _entry(data: Dataset, code: str) -> Disclosure:
    return next(e.data for e in data.entries if e.data.unit.code == code)


def _tables(data: Dataset, d: Disclosure) -> dict[str, Table]:
    return {t.number: t for t in Builder(d, figures(d), Names(data.catalogue)).all()}


def test_the_sample_headline_is_the_published_figures(data: Dataset) -> None:
    hl = headline(_entry(data, "103003"), Names(data.catalogue))
    assert (hl.total, hl.fiscal, hl.basic, hl.project) == (D("133.05"), D("133.05"), D("75.45"), D("57.60"))
    assert hl.total_change is not None
    assert (hl.total_change.previous, hl.total_change.amount, hl.total_change.percent) == (
        D("143.57"), D("-10.52"), D("-7.33"))
    assert (hl.total_change.word, hl.total_change.size) == ("减少", D("10.52"))
    assert (hl.basic_share, hl.project_share) == (D("56.71"), D("43.29"))
    assert hl.three_public == D("0.00") and hl.three_public_change is None  # no 2023 三公 in the seed
    assert (hl.authorized, hl.active) == (10, 5)
    assert [(c.code, c.name, c.amount, c.share) for c in hl.top_classes] == [
        ("201", "一般公共服务支出", D("115.40"), D("86.73")),
        ("208", "社会保障和就业支出", D("8.26"), D("6.21")),
        ("221", "住房保障支出", D("6.52"), D("4.90")),
    ]


@pytest.mark.parametrize("code", ["103003", "201"])
def test_headline_figures_equal_the_tables_to_the_cent(data: Dataset, code: str) -> None:
    d = _entry(data, code)
    hl = headline(d, Names(data.catalogue))
    t = _tables(data, d)
    assert lookup(t["表1-2"], "合计", "合计") == hl.total
    assert lookup(t["表1-2"], "合计", "基本支出") == hl.basic
    assert lookup(t["表1-2"], "合计", "项目支出") == hl.project
    assert lookup(t["表1-1"], "合计", "合计") == hl.total
    assert lookup(t["表3-3"], "合计", "合计") == hl.three_public
    for c in hl.top_classes:
        assert lookup(t["表1-2"], c.code, "合计") == c.amount
    assert lookup(t["表2"], "支出总计", "合计") == hl.fiscal
    assert lookup(t["表2"], "收入总计", "预算数") == hl.fiscal


def test_a_department_with_subordinates_adds_its_units(data: Dataset) -> None:
    hl = headline(_entry(data, "201"), Names(data.catalogue))
    assert (hl.total, hl.fiscal, hl.basic, hl.project) == (D("550.00"), D("530.00"), D("470.00"), D("80.00"))
    assert hl.total_change is not None and (hl.total_change.amount, hl.total_change.percent) == (D("50.00"), D("10.00"))
    assert hl.total_change.word == "增加"
    # 三公: 本级 1.00 + 2.00, 第一中学 0.50; last year 4.00
    assert hl.three_public == D("3.50")
    assert hl.three_public_change is not None
    assert (hl.three_public_change.amount, hl.three_public_change.percent) == (D("-0.50"), D("-12.50"))
    # staff: 本级 20/18 and 第一中学 80/75; 教育服务中心 gives none
    assert (hl.authorized, hl.active) == (100, 93)
    assert [(c.code, c.amount) for c in hl.top_classes] == [("205", D("370.00")), ("201", D("100.00")),
                                                            ("208", D("50.00"))]
    assert sum(c.share for c in hl.top_classes) <= D("100.00")


def test_the_district_adds_every_department_once(data: Dataset) -> None:
    ds = [e.data for e in data.entries if e.data.year == 2024]
    dt = district(2024, ds, heads(data))
    assert dt.units == 2
    assert dt.total == D("683.05")  # 133.05 + 550.00
    assert dt.total_change is not None and dt.total_change.previous == D("643.57")
    assert dt.total_change.amount == D("39.48") and dt.total_change.percent == D("6.13")
    assert dt.three_public == D("3.50")
    assert dt.three_public_change is None  # the sample gives no 2023 三公: no partial comparison
    assert (dt.authorized, dt.active) == (110, 98)


def test_a_subordinate_publishing_its_own_disclosure_is_not_counted_twice(tmp_path: Path) -> None:
    root = multi_unit_project(tmp_path / "project")
    # The sample re-filed as the department's 第一中学 (201002), as if it also published on its own.
    edit_sample(root, lambda tree: tree["unit"].__setitem__("code", "201002"))
    (root / "data" / "units" / "201002").mkdir()
    shutil.move(root / SAMPLE_FILE, root / "data" / "units" / "201002" / "2024.yaml")
    data = load(root)
    ds = [e.data for e in data.entries]
    assert [d.unit.code for d in departments(ds)] == ["201"]
    dt = district(2024, ds, heads(data))
    assert dt.units == 2 and dt.total == D("550.00")


def test_glance_gives_each_disclosure_its_headline(data: Dataset) -> None:
    names = Names(data.catalogue)
    ds = sorted((e.data for e in data.entries), key=lambda d: d.unit.code)
    g = glance([(2024, ds)], heads(data))
    assert g.of(ds[0]) == headline(ds[0], names)
    assert g.districts[2024].units == 2


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (D("133.05"), None, None),
    (D("10.00"), D("0.00"), (D("10.00"), None, "增加")),
    (D("5.00"), D("5.00"), (D("0.00"), D("0.00"), "持平")),
    (D("1.00"), D("3.00"), (D("-2.00"), D("-66.67"), "减少")),  # −66.666… rounds half up to the cent
])
def test_change_on_last_year(current: Decimal, previous: Decimal | None,
                             expected: tuple[Decimal, Decimal | None, str] | None) -> None:
    c = change(current, previous)
    if expected is None:
        assert c is None
        return
    assert c is not None and (c.amount, c.percent, c.word) == expected
    assert all(isinstance(v, Decimal) for v in (c.amount, c.size, c.previous))


def test_a_new_unit_without_last_year_shows_no_change(project: Path) -> None:
    edit_sample(project, lambda tree: tree.pop("previous_year"))
    data = load(project)
    hl = headline(data.entries[0].data, Names(data.catalogue))
    assert hl.total_change is None and hl.three_public_change is None


def test_the_overview_page_prints_the_headline(tmp_path: Path) -> None:
    root = multi_unit_project(tmp_path / "project")
    run = run_cli(root, "generate")
    assert run.code == 0, run.stderr
    page = (root / "content" / "generated" / "2024" / "201" / "index.md").read_text(encoding="utf-8")
    block = page[page.index('<div class="headline">'):page.index("</dl>")]
    for text in ("550.00", "比2023年增加50.00万元，增长10.00%", "其中财政拨款530.00万元", "470.00",
                 "80.00", "3.50", "比2023年减少0.50万元，下降12.50%", "在职93人", "教育支出", "370.00万元", "67.27%"):
        assert text in block, text
    year = (root / "content" / "generated" / "2024" / "index.md").read_text(encoding="utf-8")
    assert 'data-value="50.00"' in year and 'data-value="-10.52"' in year
    home = (root / "content" / "generated" / "index.md").read_text(encoding="utf-8")
    assert "683.05" in home and "共2个部门（单位）" in home


def heads(data: Dataset) -> dict[tuple[int, str], Headline]:
    """Every disclosure's headline, as the derive stage makes them once per build."""
    return {(v.d.year, v.d.unit.code): v.headline for v in derive(data).values()}
