"""Downloads (issue 14): per-disclosure CSV, XLSX and JSON files, the site bundle and its Fiscal
Data Package. Expected values come from the loaded data (sums made here) or from the derived
views' table cells, never from the files' own writer."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
import zipfile
from collections import defaultdict
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import frictionless
import openpyxl
import pytest
import requests
from requests.adapters import BaseAdapter

from generator import downloads
from generator.demo import make_demo
from generator.downloads import books
from generator.load import load
from generator.model import Disclosure
from generator.pipeline import generate
from generator.tablemodel import Table
from generator.view import View, derive
from tests.conftest import copy_project, edit_sample

FIXTURES = Path(__file__).parent / "fixtures"
FDP_PROFILE_URL = "https://specs.frictionlessdata.io/schemas/fiscal-data-package.json"
BOM = b"\xef\xbb\xbf"
CENTS = re.compile(r"^[0-9]+\.[0-9]{2}$")
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"
HOSTILE_HTML = "<script>alert(1)</script>"


def generated(root: Path) -> Path:
    generate(root)
    return root / "content" / "generated"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("dl-sample") / "project")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dl-demo") / "project"
    make_demo(root, units=3, years=2, seed=1)
    return root


@pytest.fixture(scope="module", params=["sample", "demo"])
def project_out(request: pytest.FixtureRequest) -> tuple[Path, Path]:
    root: Path = request.getfixturevalue(request.param)
    return root, generated(root)


def views_of(root: Path) -> dict[tuple[str, int], View]:
    return derive(load(root))


def tables_of(v: View) -> list[Table]:
    return v.statutory_tables()


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(BOM), f"{path.name}: no BOM, Excel would read it as GBK"
    return list(csv.reader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


# ---------------------------------------------------------------- Fiscal Data Package


class _ProfileAdapter(BaseAdapter):
    """Serves the FDP profile URL from tests/fixtures (the test machine has no network)."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        assert request.url == FDP_PROFILE_URL, request.url
        response = requests.Response()
        response.status_code = 200
        response.url = request.url
        response.raw = io.BytesIO((FIXTURES / "fiscal-data-package.profile.json").read_bytes())
        return response

    def close(self) -> None:
        pass


def fdp_validate(folder: Path) -> frictionless.Report:
    session = requests.Session()
    session.mount("https://specs.frictionlessdata.io/", _ProfileAdapter())
    with frictionless.system.use_context(http_session=session):
        return frictionless.validate(str(folder / "datapackage.json"))


def fdp_copy(out: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("datapackage.json", "budget-lines.csv"):
        (dest / name).write_bytes((out / "downloads" / name).read_bytes())
    return dest


def test_fiscal_data_package_validates_with_frictionless(project_out: tuple[Path, Path], tmp_path: Path) -> None:
    _, out = project_out
    report = fdp_validate(fdp_copy(out, tmp_path / "fdp"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] > 10
    doc = json.loads((out / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert doc["profile"] == "fiscal-data-package"
    measures = doc["model"]["measures"]
    assert {m["direction"] for m in measures.values()} == {"expenditure", "revenue"}
    assert {(m["currency"], m["phase"]) for m in measures.values()} == {("CNY", "approved")}
    codes = [f for f in doc["resources"][0]["schema"]["fields"] if f["name"].endswith("_code")]
    assert codes and all(f["type"] == "string" for f in codes)


def test_fiscal_data_package_model_points_at_real_columns(sample: Path) -> None:
    doc = json.loads((generated(sample) / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    columns = {f["name"] for f in doc["resources"][0]["schema"]["fields"]}
    for m in doc["model"]["measures"].values():
        assert m["source"] in columns
    for name, dim in doc["model"]["dimensions"].items():
        attrs = dim["attributes"]
        keys = dim["primaryKey"] if isinstance(dim["primaryKey"], list) else [dim["primaryKey"]]
        assert set(keys) <= set(attrs), name
        for attr in attrs.values():
            assert attr["source"] in columns
            assert attr.get("parent", next(iter(attrs))) in attrs and attr.get("labelfor", next(iter(attrs))) in attrs


def test_frictionless_catches_a_broken_package(sample: Path, tmp_path: Path) -> None:
    """The validation above can fail: a code with a letter, and a measure without its currency."""
    folder = fdp_copy(generated(sample), tmp_path / "broken")
    data = (folder / "budget-lines.csv").read_bytes().decode("utf-8")
    (folder / "budget-lines.csv").write_bytes(data.replace('"2010350"', '"20103X0"', 1).encode("utf-8"))
    report = fdp_validate(folder)
    assert not report.valid and "constraint-error" in {e[0] for e in report.flatten(["type"])}
    fdp_copy(generated(sample), folder)
    doc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    del doc["model"]["measures"]["revenue"]["currency"]
    (folder / "datapackage.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert not fdp_validate(folder).valid


def fdp_rows(out: Path) -> list[dict[str, str]]:
    raw = (out / "downloads" / "budget-lines.csv").read_bytes()
    assert raw.startswith(BOM)
    return list(csv.DictReader(io.StringIO(raw[len(BOM):].decode("utf-8"), newline="")))


def test_fiscal_data_package_reconciles_with_the_data(project_out: tuple[Path, Path]) -> None:
    """Σ 支出 and Σ 收入 of each disclosure equal its lines' basic + project (表1 收支总计), the
    上年结转 rows equal the carryover, and per unit, function code and fund the basic and project
    rows equal the spending line (project rows come from the projects: a real cross-check)."""
    root, out = project_out
    rows = fdp_rows(out)
    data = load(root)
    assert data.entries
    for e in data.entries:
        d: Disclosure = e.data
        mine = [r for r in rows if r["department_code"] == d.unit.code and r["fiscal_year"] == str(d.year)]
        spent = sum((Decimal(r["expenditure"]) for r in mine if r["expenditure"]), Decimal(0))
        income = sum((Decimal(r["revenue"]) for r in mine if r["revenue"]), Decimal(0))
        expected = sum((x.basic + x.project for x in d.spending), Decimal(0))
        assert spent == expected and income == expected, (d.unit.code, d.year)
        carried = sum((Decimal(r["revenue"]) for r in mine if r["revenue_type"] == "上年结转"), Decimal(0))
        assert carried == sum((x.carryover for x in d.spending), Decimal(0))
        by_key: dict[tuple[str, str, str, str], Decimal] = defaultdict(Decimal)
        for r in mine:
            if r["expenditure"]:
                by_key[(r["unit_code"], r["function_item_code"], r["fund"], r["spending_type"])] += Decimal(
                    r["expenditure"])
        own = d.unit.own_code or d.unit.code
        for x in d.spending:
            unit = x.unit or own
            assert by_key[(unit, x.code, x.fund, "基本支出")] == x.basic
            assert by_key[(unit, x.code, x.fund, "项目支出")] == x.project
        for r in mine:
            assert all(CENTS.match(r[k]) for k in ("expenditure", "revenue") if r[k])
            assert len(r["function_item_code"]) == 7 and r["function_item_code"].startswith(r["function_subclass_code"])


# ---------------------------------------------------------------- per-table CSV


def test_every_table_csv_reads_back_with_codes_and_amounts_of_the_view(project_out: tuple[Path, Path]) -> None:
    root, out = project_out
    for (code, year), v in views_of(root).items():
        for t in tables_of(v):
            rows = read_csv(out / f"{year}/{code}/downloads/{code}-{year}-{t.id}.csv")
            header, body = rows[0], rows[1:]
            assert len(body) == len(t.body), t.number
            money = [i for i, h in enumerate(header) if h.endswith(("（万元）", "（元）"))]
            assert money, t.number
            for row, view_row in zip(body, t.body, strict=True):
                assert len(row) == len(header)
                values = [c.value for c in view_row.cells if c.value is not None]
                printed = [row[i] for i in money if row[i]]
                assert [Decimal(p) for p in printed] == values, (t.number, row)
                assert all(CENTS.match(p) for p in printed)
                codes = [str(c.text) for c in view_row.cells if c.code]
                parts = [h.rsplit("·", 1)[-1] for h in header]
                whole = "".join(codes[:3]) if "项" in parts else "".join(codes[:2])
                if codes and codes[0] and t.id not in ("t3-3", "t4-1"):
                    last = max(i for i, p in enumerate(parts) if p in ("类", "款", "项") and row[i])
                    assert row[last] == whole, (t.number, row)


def test_table_3_csv_matches_the_yaml_lines(sample: Path) -> None:
    """表3 of the sample against sums made here from the data: 合计 and every 项."""
    out = generated(sample)
    d = load(sample).entries[0].data
    rows = read_csv(out / "2024/103003/downloads/103003-2024-t3.csv")
    header = rows[0]
    assert header[:4] == ["科目编码·类", "科目编码·款", "科目编码·项", "科目名称"]
    assert header[4] == "合计（万元）" and header[-1] == "行类型"
    general = [x for x in d.spending if x.fund == "一般公共预算"]
    total = next(r for r in rows if r[-1] == "合计")
    assert total[3] == "合计" and Decimal(total[4]) == sum((x.basic + x.project for x in general), Decimal(0))
    items = {r[2]: r for r in rows if r[-1] == "项"}
    assert set(items) == {x.code for x in general}
    for x in general:
        assert items[x.code][2] == x.code  # a whole 7-digit code: nothing for Excel to strip
        assert Decimal(items[x.code][4]) == x.basic + x.project
        assert Decimal(items[x.code][5]) == x.basic and Decimal(items[x.code][6]) == x.project
    raw = (out / "2024/103003/downloads/103003-2024-t3.csv").read_bytes()
    assert b'"2010302"' in raw and b",57.60," in raw  # codes quoted, amounts bare with two places


# ---------------------------------------------------------------- XLSX


def test_workbook_is_laid_out_like_the_official_tables(sample: Path) -> None:
    out = generated(sample)
    d = load(sample).entries[0].data
    wb = openpyxl.load_workbook(out / "2024/103003/downloads/103003-2024.xlsx")
    assert wb.sheetnames == ["表1", "表1-1", "表1-2", "表2", "表2-1", "表3", "表3-1", "表3-2", "表3-3", "表4",
                             "表4-1", "表5", "表6", "表7"]
    ws = wb["表3"]
    assert ws["A1"].value == "表3 一般公共预算支出预算表"
    assert ws["A2"].value == f"单位：{d.unit.name}" and ws["H2"].value == "金额单位：万元"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A2:G2", "H2:I2", "A3:C3", "D3:D4", "E3:E4", "A5:D5"} <= merged
    assert [ws.cell(4, c).value for c in (1, 2, 3)] == ["类", "款", "项"]
    assert ws["A5"].value == "合计"
    general = [x for x in d.spending if x.fund == "一般公共预算"]
    assert ws["E5"].data_type == "n" and Decimal(str(ws["E5"].value)) == sum(
        (x.basic + x.project for x in general), Decimal(0))
    assert ws["E5"].number_format == "#,##0.00" and ws["E5"].font.bold
    codes = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value) for r in range(6, ws.max_row + 1)]
    assert ("201", "03", "02") in codes  # 款 and 项 keep their leading zero
    assert all(ws.cell(r, c).data_type == "s" for r in range(6, ws.max_row + 1) for c in (1, 2, 3)
               if ws.cell(r, c).value)
    t33 = wb["表3-3"]
    assert {"A3:A5", "C3:H3", "E4:G4"} <= {str(r) for r in t33.merged_cells.ranges}


def test_xlsx_and_zip_are_byte_identical_across_generations(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = load(demo)
    views = derive(data)
    first = downloads.make(data, views).files
    time.sleep(2.1)  # zip stamps have a 2-second resolution, docProps one second
    shutil.rmtree(books.cache_dir(demo))  # made again, not read back
    second = downloads.make(data, views).files
    binary = [p for p in first if p.endswith((".xlsx", ".zip"))]
    assert len(binary) > 3
    assert all(first[p] == second[p] for p in binary)
    with zipfile.ZipFile(io.BytesIO(first["downloads/budget-data.zip"])) as z:
        names = z.namelist()
        assert names == sorted(names) and "datapackage.json" in names
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    book = next(p for p in binary if p.endswith(".xlsx"))
    again = downloads.make(data, views).files[book]
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert core.count("2023-11-14T22:13:20Z") == 2  # created and modified


def test_unchanged_downloads_are_not_rewritten(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = generate(root)
    assert "2024/103003/downloads/103003-2024.xlsx" in first.report.written
    time.sleep(1.1)
    again = generate(root)
    assert not [p for p in again.report.written if "downloads/" in p]


# ---------------------------------------------------------------- links on the pages


def _size(n: int) -> str:
    """Sizes as a file manager shows them, worked out here (1 KB = 1024 bytes)."""
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


_LINK = re.compile(r'<a href="([^"]+)" download(?: aria-label="[^"]*")?>([^<]+)</a>')


def _links(html: str) -> list[tuple[str, str]]:
    return [(href, re.sub(r"\s+", " ", unescape(text).replace("\u00a0", " "))) for href, text in _LINK.findall(html)]


def test_tables_page_links_every_download_with_its_size(built_sample: Path) -> None:
    page = built_sample / "2024/103003/tables/index.html"
    html = page.read_text(encoding="utf-8")
    assert 'id="downloads"' in html
    links = _links(html)
    assert len(links) == 16  # the workbook, 14 tables, the JSON
    for href, text in links:
        target = (page.parent / href).resolve()
        assert target.is_file(), href
        fmt = target.suffix[1:].upper()
        assert text.endswith(f"（{fmt}，{_size(target.stat().st_size)}）"), (href, text)
    assert any(t.startswith("表3-1 一般公共预算基本支出预算表（CSV，") for _, t in links)
    overview = (built_sample / "2024/103003/index.html").read_text(encoding="utf-8")
    assert {Path(h).suffix for h, _ in _links(overview)} == {".xlsx", ".json"}


def test_site_download_page_lists_every_disclosure_and_stays_out_of_the_nav(built_sample: Path) -> None:
    page = built_sample / "downloads/index.html"
    html = page.read_text(encoding="utf-8")
    links = dict(_links(html))
    for href in ("budget-data.zip", "datapackage.json", "budget-lines.csv"):
        assert href in links and (page.parent / href).is_file()
        assert links[href].endswith(f"，{_size((page.parent / href).stat().st_size)}）")
    unit = '<a href="../2024/103003/tables/#downloads">达州市达川区人民政府信息公开服务中心</a>'
    assert unit in html and 'id="downloads"' in (built_sample / "2024/103003/tables/index.html").read_text(
        encoding="utf-8")
    home = (built_sample / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/"' in home  # the home page's 另见 line and the footer
    primary = home[home.index('md-nav--primary'):home.index('</nav>', home.index('md-nav--primary'))]
    assert "downloads/" not in primary


def test_site_download_page_stays_small_for_a_district(tmp_path: Path) -> None:
    """One link a unit: 71 units × 5 years list in well under the 150 KB page budget. Measured on
    one year of 71 units (the page grows linearly with the years): its Markdown stays under 20 KB,
    so five years stay under 100 KB, and the built page adds ~16 KB of theme."""
    root = tmp_path / "district"
    make_demo(root, units=71, years=1, seed=1)
    from generator.pages import all_pages
    from generator.pipeline import render

    data = load(root)
    page = next(p for p in all_pages(data, derive(data), downloads.Downloads(files={})) if p.path == "downloads.md")
    text = render(root, [page])["downloads.md"]
    assert text.count("/tables/#downloads") == 71
    assert len(text.encode("utf-8")) < 20_000


def test_offline_package_carries_the_downloads(tmp_path: Path) -> None:
    from generator.cli import build_site

    root = copy_project(tmp_path / "project")
    site = build_site(root, tmp_path / "offline", offline=True)  # the link check runs inside
    assert (site / "2024/103003/downloads/103003-2024.xlsx").is_file()
    assert (site / "downloads/budget-data.zip").is_file()
    html = (site / "2024/103003/tables/index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/103003-2024-t1.csv" download' in html


# ---------------------------------------------------------------- hostile text


def test_hostile_names_are_neutralised_in_csv_and_xlsx_and_escaped_on_pages(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")

    def poison(d: Any) -> None:
        d["unit"]["name"] = HOSTILE_FORMULA
        d["projects"][0]["name"] = HOSTILE_HTML
        d["project_performance"][0]["project"] = HOSTILE_HTML

    edit_sample(root, poison)
    generate(root, checked=False)
    out = root / "content" / "generated"
    folder = out / "2024/103003/downloads"
    t33 = read_csv(folder / "103003-2024-t3-3.csv")
    assert [r[1] for r in t33 if r[-1] == "单位"] == ["'" + HOSTILE_FORMULA]
    t32 = read_csv(folder / "103003-2024-t3-2.csv")
    assert HOSTILE_HTML in [r[4] for r in t32]  # shown as written: not a formula, and CSV is not HTML
    lines = fdp_rows(out)
    assert {r["department_name"] for r in lines} == {"'" + HOSTILE_FORMULA}
    wb = openpyxl.load_workbook(folder / "103003-2024.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == HOSTILE_FORMULA and c.data_type == "s" for c in wb["表3-3"]["B"])
    assert json.loads((folder / "103003-2024.json").read_text(encoding="utf-8"))["disclosure"]["unit"]["name"] \
        == HOSTILE_FORMULA
    for page in ("2024/103003/tables.md", "2024/103003/index.md", "downloads.md"):
        text = (out / page).read_text(encoding="utf-8")
        assert "<script" not in text and HOSTILE_FORMULA not in text, page


def test_a_workbook_is_reused_only_when_made_from_the_same_input(sample: Path, tmp_path: Path) -> None:
    """The cached file is kept when its fingerprint matches, and remade (with the new figures)
    when any cell changed, or when the file is not one of ours."""
    from dataclasses import replace

    v = next(iter(views_of(sample).values()))
    tables = tables_of(v)
    cache = tmp_path / "cache"

    def make(ts: list[Table]) -> tuple[bytes, int]:
        [made], stats = books.make_all([books.Book("单位", 2024, tuple(ts))], cache)
        return made, stats.made

    first, made = make(tables)
    assert made == 1
    assert make(tables) == (first, 0)
    next(cache.rglob("*.xlsx")).write_bytes(b"PK junk")
    assert make(tables) == (first, 1)
    t3 = next(i for i, t in enumerate(tables) if t.number == "表3")
    total = tables[t3].body[0]
    cells = tuple(replace(c, value=c.value + 1) if c.value is not None else c for c in total.cells)
    changed = [*tables[:t3], replace(tables[t3], body=(replace(total, cells=cells), *tables[t3].body[1:])),
               *tables[t3 + 1:]]
    remade, made = make(changed)
    assert remade != first and made == 1
    ws = openpyxl.load_workbook(io.BytesIO(remade))["表3"]
    assert Decimal(str(ws["E5"].value)) == (total.cells[1].value or 0) + 1
