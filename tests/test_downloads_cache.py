"""A disclosure's downloads kept between builds (downloads/kept.py): reused when nothing they are
made from has changed — the same bytes as a build without any cache — and made again, for exactly
the disclosures concerned, when something has: one unit's YAML, a damaged entry, the build time,
the generator's code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import downloads, unitkeys
from generator.demo import make_demo
from generator.downloads import Downloads, books, kept
from generator.load import load
from generator.pagecache import PageCache
from generator.pipeline import generate
from generator.tablemodel import Table
from generator.view import Key, View, derive
from tests.conftest import run_cli

EDITED = "data/units/102001/2024.yaml"
DUTY = "贯彻执行党和国家关于政务公开工作"  # a duty of 102001 in 2024: it is in the unit's JSON


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three units over two years (101 a department with eight schools, 102001 an office, 201001 a town)."""
    root = tmp_path_factory.mktemp("kept") / "district"
    make_demo(root, units=3, years=2, seed=1)
    return root


@pytest.fixture(scope="module")
def reference(district: Path, tmp_path_factory: pytest.TempPathFactory) -> Downloads:
    """The downloads as a build with no cache at all makes them (a copy of the district that has none)."""
    return make(Path(shutil.copytree(district, tmp_path_factory.mktemp("reference") / "district")))


@pytest.fixture
def demo(district: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(district, tmp_path / "demo"))


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Key]]:
    """The disclosures whose downloads are made from now on: their statutory tables are asked for
    (a disclosure read back from the cache never is)."""
    keys: list[Key] = []
    real = View.statutory_tables

    def counted(self: View) -> list[Table]:
        keys.append(self.key)
        return real(self)

    monkeypatch.setattr(View, "statutory_tables", counted)
    yield keys


def make(root: Path) -> Downloads:
    data = load(root)
    return downloads.make(data, derive(data))


def made_once(keys: list[Key]) -> list[Key]:
    """The disclosures made (each table list is asked for twice: for the workbook and the CSVs)."""
    return sorted(set(keys))


def entries(root: Path) -> list[Path]:
    return sorted((books.cache_dir(root) / kept.FOLDER).rglob("*.gz"))


ALL = [("101", 2023), ("101", 2024), ("102001", 2023), ("102001", 2024), ("201001", 2023), ("201001", 2024)]


def test_a_second_build_reuses_every_disclosures_downloads_byte_for_byte(
        demo: Path, reference: Downloads, made: list[Key]) -> None:
    make(demo)
    assert made_once(made) == ALL
    assert len(entries(demo)) == len(ALL)
    made.clear()
    again = make(demo)
    assert made == []
    assert again.files == reference.files  # every CSV, JSON, workbook, the Fiscal Data Package and the zip
    assert again.by_disclosure == reference.by_disclosure  # what the pages list: paths, labels, sizes
    assert again.site == reference.site


def test_editing_one_units_yaml_remakes_that_units_downloads_only(demo: Path, made: list[Key], tmp_path: Path) -> None:
    make(demo)
    path = demo / EDITED
    path.write_text(path.read_text(encoding="utf-8").replace(DUTY, "认真" + DUTY, 1), encoding="utf-8")
    fresh = Path(shutil.copytree(demo, tmp_path / "fresh", ignore=shutil.ignore_patterns(".cache")))
    made.clear()
    got = make(demo)
    assert made_once(made) == [("102001", 2023), ("102001", 2024)]  # both years: the tables compare with last year
    assert "认真" + DUTY in got.files["2024/102001/downloads/102001-2024.json"].decode("utf-8")
    made.clear()
    assert got.files == make(fresh).files  # the same as a build of the edited project without any cache
    assert made_once(made) == ALL


@pytest.mark.parametrize("damage", ["truncated", "garbled", "empty"])
def test_a_damaged_entry_is_made_again_never_served(demo: Path, reference: Downloads, made: list[Key],
                                                    damage: str) -> None:
    make(demo)
    entry = entries(demo)[2]
    raw = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(raw[:-40])
    elif damage == "garbled":
        middle = len(raw) // 2
        entry.write_bytes(raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1:])
    else:
        entry.write_bytes(b"")
    made.clear()
    got = make(demo)
    assert len(made_once(made)) == 1
    assert got.files == reference.files
    made.clear()
    make(demo)  # the entry made again was stored again
    assert made == []


def test_an_entry_whose_workbook_left_the_cache_is_made_again(demo: Path, reference: Downloads,
                                                              made: list[Key]) -> None:
    make(demo)
    workbooks = sorted(books.cache_dir(demo).glob("*/*.xlsx"))
    assert len(workbooks) == len(ALL)
    workbooks[0].unlink()
    made.clear()
    got = make(demo)
    assert len(made_once(made)) == 1
    assert got.files == reference.files


def test_a_moved_project_with_its_cache_reuses_every_entry(demo: Path, reference: Downloads, made: list[Key],
                                                           tmp_path: Path) -> None:
    """What CI does: a clean checkout in another folder, `.cache/` restored into it."""
    make(demo)
    moved = Path(shutil.copytree(demo, tmp_path / "elsewhere" / "checkout"))
    made.clear()
    got = make(moved)
    assert made == []
    assert got.files == reference.files


def test_another_build_time_remakes_every_disclosures_downloads(demo: Path, reference: Downloads, made: list[Key],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    make(demo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    made.clear()
    got = make(demo)
    assert made_once(made) == ALL
    xlsx = [p for p in got.files if p.endswith(".xlsx")]
    assert len(xlsx) == len(ALL)
    assert all(got.files[p] != reference.files[p] for p in xlsx)  # the workbooks record the build time
    same = [p for p in got.files if p.endswith((".csv", ".json"))]  # the CSVs and JSON do not
    assert len(same) > len(ALL) and all(got.files[p] == reference.files[p] for p in same)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    made.clear()
    assert make(demo).files == reference.files
    assert made == []  # the entries of the first build are still there


def test_a_change_of_the_generators_code_remakes_every_disclosures_downloads(
        demo: Path, made: list[Key], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(demo)
    package = Path(shutil.copytree(unitkeys._PACKAGE, tmp_path / "generator",
                                   ignore=shutil.ignore_patterns("__pycache__")))
    made.clear()
    monkeypatch.setattr(unitkeys, "_PACKAGE", package)
    make(demo)
    assert made == []  # the same code elsewhere: the same keys
    with (package / "downloads" / "csvfiles.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# changed\n")
    make(demo)
    assert made_once(made) == ALL


def test_the_page_cache_and_the_downloads_cache_key_a_unit_alike(demo: Path) -> None:
    """One unit key for both caches: an edit to a unit's YAML changes the keys of its pages and of its
    downloads, and neither of another unit's."""

    def keys() -> dict[Key, tuple[str, str]]:
        data = load(demo)
        views = derive(data)
        return {k: (PageCache(data).key(k), kept.Kept(data).key(views[k])) for k in [("102001", 2024), ("101", 2024)]}

    before = keys()
    path = demo / EDITED
    path.write_text(path.read_text(encoding="utf-8") + "\n# 注释\n", encoding="utf-8")
    after = keys()
    assert before[("102001", 2024)][0] != after[("102001", 2024)][0]
    assert before[("102001", 2024)][1] != after[("102001", 2024)][1]
    assert before[("101", 2024)] == after[("101", 2024)]


def test_a_clean_checkout_with_the_cache_restored_makes_no_download_and_no_page(
        demo: Path, tmp_path: Path, made: list[Key]) -> None:
    """The whole generation, as CI runs it: the downloads come from the cache, and so do the pages
    (their key includes the downloads they list, with sizes); the generated files are the same."""
    generate(demo)
    out = demo / "content" / "generated"
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    root = Path(shutil.copytree(demo, tmp_path / "checkout", ignore=shutil.ignore_patterns("site", "generated")))
    made.clear()
    generate(root)
    assert made == []
    out = root / "content" / "generated"
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_diff_writes_nothing_into_the_projects_it_compares(district: Path, tmp_path: Path) -> None:
    old = Path(shutil.copytree(district, tmp_path / "old"))
    new = Path(shutil.copytree(district, tmp_path / "new"))
    path = new / EDITED
    path.write_text(path.read_text(encoding="utf-8").replace(DUTY, "认真" + DUTY, 1), encoding="utf-8")
    run = run_cli(tmp_path, "diff", str(old), str(new))
    assert run.code == 0, run.stdout + run.stderr
    assert not (old / ".cache").exists() and not (new / ".cache").exists()
