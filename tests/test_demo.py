"""The demo district (`python -m generator demo DIR`): deterministic, loadable, consistent, varied."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.check import check
from generator.demo import make_demo
from generator.derive import Split, dept_three_public, figures, three_public_total
from generator.load import Dataset, load
from generator.model import Disclosure
from tests.conftest import run_cli, tree_hashes


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """8 units over 2 years: every department shape near the top of the list, and townships."""
    root = tmp_path_factory.mktemp("demo") / "small"
    make_demo(root, units=8, years=2, seed=1)
    return root


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    """The default district, 71 units over 5 years, loaded."""
    root = tmp_path_factory.mktemp("demo") / "default"
    make_demo(root)
    return load(root)


def test_the_same_seed_writes_byte_identical_files(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    make_demo(again, units=8, years=2, seed=1)
    assert tree_hashes(again) == tree_hashes(small)


def test_another_seed_writes_other_data(small: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    make_demo(other, units=8, years=2, seed=2)
    a, b = tree_hashes(small), tree_hashes(other)
    assert a.keys() == b.keys()  # the same units and years …
    assert [k for k in a if k.startswith("data/units/") and a[k] != b[k]]  # … with other figures


def test_a_non_empty_folder_is_refused_with_one_line(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    run = run_cli(tmp_path, "demo", str(target))
    assert run.code == 1
    assert run.stderr.strip().count("\n") == 0 and "不是空文件夹" in run.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_the_project_is_complete_and_every_file_loads(small: Path) -> None:
    for needed in ("mkdocs.yml", "theme", "content", "data/site.yaml",
                   "data/glossary.yaml", "data/codes/function.yaml", "data/codes/demo.yaml"):
        assert (small / needed).exists(), needed
    data = load(small)
    assert len(data.entries) == len(list((small / "data" / "units").glob("*/*.yaml")))
    assert data.site.site_name == "示例区部门预算公开" and data.site.region == "示例区" and data.site.level == "区级"
    assert all("示例" in e.data.unit.name and all("示例" in s.name for s in e.data.unit.subordinates)
               for e in data.entries)
    assert all(e.source.rel.startswith("data/units/") for e in data.entries)
    first = (small / data.entries[0].source.rel).read_text(encoding="utf-8")
    assert first.startswith("# 示例数据") and "# shape: " in first


def test_a_small_district_passes_every_check(small: Path) -> None:
    report = check(load(small))
    assert [f"{f.location}: {f.message} [{f.code}]" for f in report] == []


def _signature(d: Disclosure) -> tuple[object, ...]:
    """What makes a disclosure's shape, read from its data (not from the demo's own labels)."""
    return (bool(d.unit.subordinates),
            frozenset(x.fund for x in d.spending if x.basic + x.project),
            any(x.carryover for x in d.spending if x.fund in ("一般公共预算", "政府性基金预算")),
            any(x.carryover for x in d.spending if x.fund not in ("一般公共预算", "政府性基金预算")),
            three_public_total(dept_three_public(d)) > 0,
            d.previous_year is not None,
            len(d.project_performance) < len(d.projects),
            any(p.parts for p in d.projects))


def test_the_default_district_has_many_shapes(district: Dataset) -> None:
    entries = [e.data for e in district.entries]
    units = {d.unit.code for d in entries}
    assert len(units) == 71 and {d.year for d in entries} == set(range(2020, 2025))
    assert len({_signature(d) for d in entries}) >= 12
    funds = {x.fund for d in entries for x in d.spending}
    assert len(funds) == 9  # every source of money
    totals = sorted(figures(d).total.total for d in entries if d.year == 2024)
    assert totals[0] < 10 and 1500 < totals[-1] < 3000  # a one-person office … a ~2000 万元 bureau
    assert max(len(d.unit.subordinates) for d in entries) == 8
    assert any(d.previous_year is None for d in entries)  # a new unit's first year
    assert any(not d.projects for d in entries) and any(d.unit_performance is None for d in entries)


def test_successive_years_quote_last_years_figures(district: Dataset) -> None:
    by_key = {(e.data.unit.code, e.data.year): e.data for e in district.entries}
    compared = 0
    for (code, year), d in by_key.items():
        before = by_key.get((code, year - 1))
        if before is None or d.previous_year is None:
            continue
        f, py = figures(before), d.previous_year
        assert (py.total, py.fiscal, py.general_budget) == (f.total.total, f.fiscal.total, f.general.current)
        if py.three_public is not None:
            assert three_public_total(py.three_public) == three_public_total(dept_three_public(before))
        if py.government_fund is not None:
            assert py.government_fund == f.by_fund.get("政府性基金预算", Split()).total
        change = abs(figures(d).total.total / f.total.total - 1)
        assert change < Decimal("0.35"), (code, year)  # a realistic year-on-year change
        compared += 1
    assert compared > 200


def test_a_small_district_builds(tmp_path: Path) -> None:
    """The one MkDocs build here (about ten seconds): a department with eight schools, a centre, a town."""
    root = tmp_path / "demo"
    make_demo(root, units=3, years=1)
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    assert (root / "site" / "index.html").is_file()
    assert (root / "site" / "2024" / "101" / "tables" / "index.html").is_file()
