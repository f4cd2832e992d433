"""Scale: charts drawn once per distinct spec (disk cache), a rebuild with nothing changed that does
nothing, one unit's change that renders only that unit's pages, subset builds and shards."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator import downloads
from generator import pages as pages_module
from generator.charts import cache, render, specs
from generator.charts.figure import Bar
from generator.demo import make_demo
from generator.linkcheck import check_site
from generator.load import load
from generator.pipeline import generate, render_site
from generator.selection import Selection
from generator.view import derive
from tests.conftest import SAMPLE_FILE, run_cli

UP_TO_DATE = "网站已是最新，未重新构建"


def spec(amount: str) -> dict[str, Any]:
    return specs.bars([Bar("基本支出", Decimal(amount)), Bar("项目支出", Decimal("20.00"))], description="测试")


class Counting:
    """vl-convert's drawing, counted."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, s: dict[str, Any]) -> str:
        self.calls += 1
        return render.draw(s)


def batch_render(folder: Path, *specs_: dict[str, Any]) -> tuple[list[str], Counting]:
    draw = Counting()
    with cache.batch(folder, draw) as b:
        page = {"p.md": "\n".join(f"<p>{render.svg(s, f'c{i}')}</p>" for i, s in enumerate(specs_))}
    out = cache.resolve(b, page, render.inline)["p.md"]
    return out.split("\n"), draw


# ---------------------------------------------------------------- chart cache

def test_a_chart_is_drawn_once_then_read_from_the_disk_cache(tmp_path: Path) -> None:
    direct = [f"<p>{render.svg(spec('10.00'), 'c0')}</p>", f"<p>{render.svg(spec('10.00'), 'c1')}</p>"]
    first, draw = batch_render(tmp_path, spec("10.00"), spec("10.00"))
    assert draw.calls == 1  # the same spec twice on a page: drawn once
    assert first == direct  # and placed like a chart drawn on the spot, each with its own ids
    again, draw = batch_render(tmp_path, spec("10.00"), spec("10.00"))
    assert draw.calls == 0 and again == direct


def test_a_changed_spec_is_drawn_again(tmp_path: Path) -> None:
    batch_render(tmp_path, spec("10.00"))
    out, draw = batch_render(tmp_path, spec("10.00"), spec("11.00"))
    assert draw.calls == 1
    assert out[1] == f"<p>{render.svg(spec('11.00'), 'c1')}</p>"


@pytest.mark.parametrize("damage", ["truncate", "edit", "empty"])
def test_a_damaged_cache_entry_is_ignored_and_redrawn(tmp_path: Path, damage: str) -> None:
    batch_render(tmp_path, spec("10.00"))
    [entry] = [p for p in tmp_path.rglob("*.svg")]
    blob = entry.read_bytes()
    entry.write_bytes({"truncate": blob[: len(blob) // 2], "edit": blob.replace(b"<svg", b"<svx", 1),
                       "empty": b""}[damage])
    out, draw = batch_render(tmp_path, spec("10.00"))
    assert draw.calls == 1
    assert out == [f"<p>{render.svg(spec('10.00'), 'c0')}</p>"]
    assert entry.read_bytes() == blob  # rewritten whole


# ---------------------------------------------------------------- builds of a small district

@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three units over two years: 101 a department with eight schools, 102001 an office, 201001 a town."""
    root = tmp_path_factory.mktemp("scale") / "district"
    make_demo(root, units=3, years=2, seed=1)
    return root


@pytest.fixture
def demo(district: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(district, tmp_path / "demo"))


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_a_rebuild_with_nothing_changed_writes_nothing(project: Path) -> None:
    assert run_cli(project, "build").code == 0
    before = mtimes(project)
    run = run_cli(project, "build")
    assert run.code == 0 and UP_TO_DATE in run.stdout, run.stdout + run.stderr
    assert mtimes(project) == before  # no file written, added or removed anywhere in the project


@pytest.mark.parametrize("change", ["data", "theme", "site", "option"])
def test_any_change_of_an_input_or_of_the_site_rebuilds(project: Path, change: str) -> None:
    assert run_cli(project, "build").code == 0
    args: tuple[str, ...] = ()
    if change == "data":
        path = project / SAMPLE_FILE
        path.write_text(path.read_text(encoding="utf-8").replace("published_on:", "# 注释\npublished_on:", 1),
                        encoding="utf-8")
    elif change == "theme":
        with (project / "theme" / "assets" / "budget.css").open("a", encoding="utf-8") as fh:
            fh.write("\n/* changed */\n")
    elif change == "site":
        (project / "site" / "2024" / "index.html").unlink()  # the published site edited by hand
    else:
        args = ("--units", "103003")
    run = run_cli(project, "build", *args)
    assert run.code == 0 and UP_TO_DATE not in run.stdout, run.stdout + run.stderr
    assert (project / "site" / "2024" / "index.html").is_file()


def count_renders(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """The disclosures whose pages are rendered from now on (not taken from the page cache)."""
    rendered: list[tuple[str, int]] = []
    real = pages_module.disclosure_pages

    def counted(v: Any, *args: Any) -> Any:
        rendered.append(v.key)
        return real(v, *args)

    monkeypatch.setattr(pages_module, "disclosure_pages", counted)
    return rendered


def test_changing_one_unit_renders_and_writes_only_that_units_pages(demo: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    generate(demo)
    rendered = count_renders(monkeypatch)
    assert generate(demo).report.written == ()
    assert rendered == []  # nothing changed: every disclosure's pages come from the page cache
    path = demo / "data" / "units" / "102001" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert "贯彻执行党和国家关于政务公开工作" in text  # a duty: printed on the unit's 概况 only
    path.write_text(text.replace("贯彻执行党和国家关于政务公开工作", "认真贯彻执行党和国家关于政务公开工作", 1),
                    encoding="utf-8")
    result = generate(demo)
    # the unit's 概况, its JSON download and the site-wide zip that holds that JSON; no other page
    assert result.report.written == ("2024/102001/downloads/102001-2024.json", "2024/102001/index.md",
                                     "downloads/budget-data.zip")
    assert sorted(rendered) == [("102001", 2023), ("102001", 2024)]  # both years of the unit: pages may compare
    page = demo / "content" / "generated" / "2024" / "102001" / "index.md"
    assert "认真贯彻执行" in page.read_text(encoding="utf-8")


def test_an_edit_saved_during_a_build_is_not_hidden_by_the_page_cache(demo: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit's YAML saved after the build read it (an editor's autosave under `serve`): the pages
    made from what was read are stored under that text, so the next build renders the edit."""
    generate(demo)
    path = demo / "data" / "units" / "102001" / "2024.yaml"
    text = path.read_text(encoding="utf-8")
    data = load(demo)
    views = derive(data)
    offered = downloads.make(data, views)
    # Same length, so that no download changes size (the pages list the sizes): only the text differs.
    path.write_text(text.replace("贯彻执行党和国家关于政务公开工作", "贯彻落实党和国家关于政务公开工作", 1),
                    encoding="utf-8")
    render_site(demo, data, views, offered)  # the build that read the old text goes on
    rendered = count_renders(monkeypatch)
    generate(demo)
    assert ("102001", 2024) in rendered
    page = demo / "content" / "generated" / "2024" / "102001" / "index.md"
    assert "贯彻落实党和国家" in page.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")


def test_an_edited_generated_page_is_not_taken_from_the_page_cache(demo: Path) -> None:
    generate(demo)
    page = demo / "content" / "generated" / "2024" / "101" / "explanation.md"
    good = page.read_text(encoding="utf-8")
    page.write_text(good + "\n篡改\n", encoding="utf-8")
    assert generate(demo).report.written == ("2024/101/explanation.md",)
    assert page.read_text(encoding="utf-8") == good


def test_a_clean_checkout_with_the_cache_restored_renders_only_damaged_entries(
        demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What CI gets when it restores .cache/ into a fresh checkout, in another folder: the pages
    come from the page cache, the same text; a truncated cache file is rendered again."""
    generate(demo)
    out = demo / "content" / "generated"
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.md")}
    root = tmp_path / "checkout"
    shutil.copytree(demo, root, ignore=shutil.ignore_patterns("site", "generated"))
    entries = sorted((root / ".cache" / "pages").rglob("*.json.gz"))
    assert len(entries) == len(load(root).entries)
    entries[0].write_bytes(entries[0].read_bytes()[:-40])
    rendered = count_renders(monkeypatch)
    generate(root)
    assert len(rendered) == 1
    out = root / "content" / "generated"
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.md")} == before


# ---------------------------------------------------------------- subsets and shards

def test_a_subset_builds_a_complete_site_of_only_what_it_includes(demo: Path) -> None:
    run = run_cli(demo, "build", "--years", "2024", "--units", "101,201001")
    assert run.code == 0, run.stderr  # strict MkDocs and the link check passed
    site = demo / "site"
    assert sorted(p.name for p in site.iterdir() if p.name.isdigit()) == ["2024"]
    assert sorted(p.name for p in (site / "2024").iterdir() if p.is_dir()) == ["101", "201001", "overview"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "2023/" not in home and "102001" not in home
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) <= 150 * 1024, max(sizes.items(), key=lambda kv: kv[1])  # 101: the largest shape
    assert "2024/101/tables-2/index.html" in sizes  # its 预算表 is split
    assert "102001" not in (site / "2024" / "index.html").read_text(encoding="utf-8")


def test_a_long_budget_table_page_is_split_into_whole_tables_in_order(district: Path) -> None:
    views = derive(load(district))
    short, long = views[("102001", 2024)], views[("101", 2024)]
    assert pages_module.table_parts(short.tables) == [("tables.md", "", short.tables)]
    parts = pages_module.table_parts(long.tables)
    assert [name for name, _, _ in parts] == ["tables.md", *(f"tables-{i}.md" for i in range(2, len(parts) + 1))]
    assert tuple(t for _, _, group in parts for t in group) == long.tables  # every table once, in order
    for _, _, group in parts:
        cells = sum(len(row.cells) for t in group for row in t.body)
        assert cells <= pages_module.SPLIT_CELLS or len(group) == 1


def test_a_subset_with_nothing_in_it_is_refused(demo: Path) -> None:
    run = run_cli(demo, "build", "--years", "2019")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "所选范围（2019 年）内没有任何公开数据" in run.stderr
    run = run_cli(demo, "build", "--units", "1O1")
    assert run.code == 1 and "--units '1O1'：应为用逗号分隔的单位编码" in run.stderr
    assert not (demo / "site").exists()


def test_shards_built_apart_and_an_index_linking_them(demo: Path, tmp_path: Path) -> None:
    public = tmp_path / "public"
    for year in ("2024", "2023"):
        run = run_cli(demo, "build", "--years", year, "--site-dir", str(public / year),
                      "--site-url", f"https://www.example.gov.cn/yjsgk/{year}/")
        assert run.code == 0, run.stderr
    run = run_cli(demo, "shards", "index", "--out", str(public), str(public / "2024"), str(public / "2023"))
    assert run.code == 0, run.stderr
    index = (public / "index.html").read_text(encoding="utf-8")
    assert '<a href="2024/">2024年，3 个单位</a>' in index and '<a href="2023/">2023年，3 个单位</a>' in index
    assert check_site(public, "/yjsgk/") == []  # the index and every page of both shards resolve
    assert 'href="https://www.example.gov.cn/yjsgk/2024/"' in (public / "2024" / "index.html").read_text(
        encoding="utf-8")  # each shard knows its own address (canonical link)


def test_a_shard_outside_the_index_folder_is_refused(tmp_path: Path) -> None:
    shard = tmp_path / "elsewhere" / "2024"
    shard.mkdir(parents=True)
    (shard / "index.html").write_text("<title>站</title>", encoding="utf-8")
    run = run_cli(tmp_path, "shards", "index", "--out", str(tmp_path / "public"), str(shard))
    assert run.code == 1 and "须放在 --out 文件夹" in run.stderr


def test_load_reads_only_the_selected_files(demo: Path) -> None:
    (demo / "data" / "units" / "102001" / "2023.yaml").write_text("unit: [broken\n", encoding="utf-8")
    result = generate(demo, selection=Selection(frozenset({2024}), None))
    assert sorted((e.data.unit.code, e.data.year) for e in result.data.entries) == [
        ("101", 2024), ("102001", 2024), ("201001", 2024)]


def test_the_link_check_reads_links_and_ids_as_a_browser_would(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        "<!DOCTYPE html><html><head><link rel=stylesheet href='a.css'><script src=\"s.js\"></script>"
        "<script>var x = '<a href=\"not-a-link.html\">';</script><style>a[href=\"x\"]{}</style></head>"
        "<body><!-- <a href=\"commented.html\"> --><A HREF=\"b/?x=1&amp;y=2#t&#45;1\">b</A>"
        "<a href=c.html data-x='1'>c</a><img src=\"i.png\" alt=\"&lt;a href=no&gt;\"><a>none</a>"
        "<h2 id=\"t&#45;1\">t</h2><a name='old'></a><svg><g id=\"chart-1\"></g></svg><div id=''></div></body></html>",
        encoding="utf-8")
    from generator.linkcheck import _parse

    parsed = _parse(page)
    assert parsed.links == ["a.css", "s.js", "b/?x=1&y=2#t-1", "c.html", "i.png"]
    assert parsed.ids == {"t-1", "old", "chart-1"}


def test_the_input_listing_skips_names_only_below_the_folder(tmp_path: Path) -> None:
    from generator import freshness

    content = tmp_path / "generated" / "project" / "content"  # a project inside a folder named "generated"
    (content / "generated").mkdir(parents=True)
    (content / "generated" / "page.md").write_text("x", encoding="utf-8")
    (content / "__pycache__").mkdir()
    (content / "__pycache__" / "x.pyc").write_bytes(b"")
    (content / "about.md").write_text("x", encoding="utf-8")
    (content / "b").mkdir()
    (content / "b" / "c.md").write_text("x", encoding="utf-8")
    assert freshness.files(content, skip="generated") == [content / "about.md", content / "b" / "c.md"]
    assert freshness.files(tmp_path / "missing") == []
