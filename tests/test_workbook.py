"""Excel for data entry: the template's layout, and YAML → workbook → YAML as the identity."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import shutil
import subprocess
import types
import typing
import warnings
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import model
from generator.demo import make_demo
from generator.workbook import cells
from generator.workbook.importer import candidate_text, existing_data
from generator.workbook.layout import DATA_SHEETS, Table, covered_paths
from generator.workbook.reader import read_workbook
from generator.workbook.validate import validate
from tests.conftest import REPO, SAMPLE_FILE, edit_sample
from tests.workbooks import edited, form_cell, prefilled, run, snapshot

AMOUNT = DATA_SHEETS["支出明细"].columns[2]  # type: ignore[union-attr]


def _model_paths(cls: Any, prefix: str = "") -> list[str]:
    """Every leaf field of the model, lists written `[]`: worked out here from the dataclasses."""
    out: list[str] = []
    hints = typing.get_type_hints(cls, vars(model), include_extras=True)
    for fl in dataclasses.fields(cls):
        tp = hints[fl.name]
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = next(a for a in typing.get_args(tp) if a is not type(None))
        if dataclasses.is_dataclass(tp):
            out.extend(_model_paths(tp, f"{prefix}{fl.name}."))
        elif typing.get_origin(tp) is tuple and dataclasses.is_dataclass(typing.get_args(tp)[0]):
            out.extend(_model_paths(typing.get_args(tp)[0], f"{prefix}{fl.name}[]."))
        else:
            out.append(f"{prefix}{fl.name}")
    return out


def test_every_field_of_a_disclosure_has_exactly_one_place_in_the_workbook() -> None:
    placed = covered_paths()
    assert len(placed) == len(set(placed))
    assert sorted(placed) == sorted(_model_paths(model.Disclosure))


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prefilled(REPO, SAMPLE_FILE, tmp_path_factory.mktemp("wb") / "sample.xlsx")


def _open(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path)


def test_the_template_labels_columns_from_the_model_and_shows_names_beside_codes(sample_book: Path) -> None:
    book = _open(sample_book)
    ws = book["支出明细"]
    labels = [fl.metadata["label"] for fl in dataclasses.fields(model.SpendingLine)]
    headers = [c.value for c in ws[2]]
    assert headers == [labels[0], "功能分类科目名称（对照用，导入时不读取）", *labels[1:]]
    # the sample's first line, by hand: 2010302 一般行政管理事务, project 57.60
    assert [ws["A4"].value, ws["B4"].value, ws["C4"].value, ws["E4"].value] == [
        "2010302", "一般行政管理事务", "一般公共预算", 57.6]
    assert ws["A4"].data_type == "s"  # a code is text, never a number
    assert book.sheetnames[0] == "填表说明" and book.sheetnames[-1] == "代码表"
    formulas = [f"{s.title}!{c.coordinate}" for s in book.worksheets for row in s.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []


def test_the_template_validates_codes_choices_and_amounts(sample_book: Path) -> None:
    ws = _open(sample_book)["支出明细"]
    by_column: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            by_column[cell_range.coord[0]] = dv
    assert by_column["A"].type == "list" and "代码表" in by_column["A"].formula1
    assert by_column["C"].type == "list" and "政府性基金预算" in by_column["C"].formula1
    assert by_column["D"].type == "decimal" and by_column["D"].formula1 == "0"


def test_sample_yaml_to_workbook_to_yaml_is_byte_identical(sample_book: Path) -> None:
    original = (REPO / SAMPLE_FILE).read_text(encoding="utf-8")
    reading = read_workbook(sample_book, "sample.xlsx")
    assert candidate_text(reading, original, "103003", 2024) == original


def test_importing_the_unchanged_workbook_leaves_the_file_untouched(project: Path, sample_book: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    assert run(project, "import", str(sample_book)) == 0
    assert "内容没有变化" in capsys.readouterr().out
    assert snapshot(project) == before


def test_an_edit_changes_its_line_only_refuses_without_force_and_the_original_restores_the_bytes(
        project: Path, sample_book: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / SAMPLE_FILE
    original = path.read_bytes()
    changed = edited(sample_book, tmp_path / "changed.xlsx",
                     lambda b: setattr(form_cell(b, "上年数", "收支总预算增减原因"), "value", "人员减少（修改）"))
    assert run(project, "import", str(changed)) == 1
    err = capsys.readouterr().err
    assert "上年数›收支总预算增减原因（previous_year.reason）：预算人员减少 → 人员减少（修改）" in err
    assert "--force" in err and path.read_bytes() == original
    assert run(project, "import", str(changed), "--force") == 0
    diff = [line for line in difflib.unified_diff(original.decode().splitlines(), path.read_text().splitlines(),
                                                  lineterm="", n=0) if line[:1] in "+-" and line[:3] not in "+++---"]
    assert diff == ["-  reason: 预算人员减少", "+  reason: 人员减少（修改）"]  # comments and the rest unchanged
    assert run(project, "import", str(sample_book), "--force") == 0
    assert path.read_bytes() == original


def test_a_workbook_for_a_missing_yaml_creates_it_with_the_same_data(project: Path, sample_book: Path) -> None:
    path = project / SAMPLE_FILE
    expected = existing_data(path, SAMPLE_FILE)
    path.unlink()
    assert run(project, "import", str(sample_book)) == 0
    assert existing_data(path, SAMPLE_FILE) == expected
    assert path.read_text(encoding="utf-8").startswith("# 达州市达川区人民政府信息公开服务中心 2024 年部门预算")


def _fill_new_unit(book: Any) -> None:
    """The least a new department fills in: a 50.00 万元 basic budget, by hand."""
    for label, value in (("单位全称", "达州市达川区测试局"), ("单位简称", "区测试局"), ("单位性质", "公益一类事业单位"),
                         ("主要职能", "负责测试工作。\n完成交办的其他任务。"), ("编制人数", 5), ("在职人数", 4)):
        form_cell(book, "单位信息", label).value = value
    book["重点工作"].append(["做好测试工作", "一是按期完成。"])
    book["支出明细"]["A4"], book["支出明细"]["D4"] = "2010350", 50
    book["基本支出经济分类"]["A4"], book["基本支出经济分类"]["C4"] = "30101", 50
    form_cell(book, "其他情况", "说明").value = "属事业单位，无机关运行经费"


def test_a_blank_template_for_a_new_unit_creates_its_yaml(project: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    blank = tmp_path / "new.xlsx"
    assert run(project, "template", "--unit", "999001", "--year", "2025", "--output", str(blank)) == 0
    before = snapshot(project / "data")
    filled = edited(blank, tmp_path / "filled.xlsx", _fill_new_unit)
    assert run(project, "import", str(filled)) == 0, capsys.readouterr().err
    rel = "data/units/999001/2025.yaml"
    data = existing_data(project / rel, rel)
    assert data is not None and data.unit.name == "达州市达川区测试局"
    assert data.overview.duties == ("负责测试工作。", "完成交办的其他任务。")
    assert [(s.code, s.basic) for s in data.spending] == [("2010350", Decimal("50.00"))]
    after = snapshot(project / "data")
    assert {k: v for k, v in after.items() if k != "units/999001/2025.yaml"} == before


def test_template_refuses_to_overwrite_a_workbook_and_prefill_needs_the_yaml(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"filled in by someone")
    assert run(project, "template", "--unit", "103003", "--year", "2024", "--output", str(taken)) == 1
    assert taken.read_bytes() == b"filled in by someone" and "已存在" in capsys.readouterr().err
    assert run(project, "template", "--unit", "103003", "--year", "2031", "--prefill",
               "--output", str(tmp_path / "x.xlsx")) == 1
    err = capsys.readouterr().err
    assert "找不到 data/units/103003/2031.yaml" in err and err.count("\n") == 1
    assert not (tmp_path / "x.xlsx").exists()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("wbdemo") / "demo"
    make_demo(root, units=8, years=2, seed=1)
    return root


def test_demo_district_round_trips_every_disclosure(demo: Path, tmp_path: Path) -> None:
    files = sorted((demo / "data" / "units").glob("*/*.yaml"))
    assert len(files) == 16
    for path in files:
        rel = path.relative_to(demo).as_posix()
        data = existing_data(path, rel)
        assert data is not None
        book = prefilled(demo, rel, tmp_path / f"{data.unit.code}-{data.year}.xlsx")
        reading = read_workbook(book, book.name)
        old = path.read_text(encoding="utf-8")
        assert candidate_text(reading, old, data.unit.code, data.year) == old, rel
        verdict = validate(demo, rel, candidate_text(reading, None, data.unit.code, data.year), reading.cells)
        assert verdict.errors == [] and verdict.data == data, rel


def test_demo_has_the_shapes_the_round_trip_must_carry(demo: Path) -> None:
    """The identity above covers subordinate units, funds, 上年结转 and project parts."""
    loaded = [existing_data(p, p.relative_to(demo).as_posix()) for p in (demo / "data" / "units").glob("*/*.yaml")]
    assert any(d and d.unit.subordinates for d in loaded)
    assert any(d and any(s.carryover for s in d.spending) for d in loaded)
    assert any(d and any(p.parts for p in d.projects) for d in loaded)
    assert any(d and any(s.fund != "一般公共预算" for s in d.spending) for d in loaded)


def test_amounts_survive_a_saved_workbook_exactly(tmp_path: Path) -> None:
    amounts = [Decimal(x) for x in ("0.01", "0.07", "0.10", "0.29", "57.60", "1.15", "2.675", "999999999.99",
                                    "1234567.89", "0.30", "100", "8.20")]
    amounts = [a for a in amounts if a.as_tuple().exponent >= -2]
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row, amount in enumerate(amounts, 1):
        ws.cell(row, 1, amount)
    book.save(tmp_path / "a.xlsx")
    back = _open(tmp_path / "a.xlsx").active
    assert [cells.read(AMOUNT, back.cell(r, 1).value) for r in range(1, len(amounts) + 1)] == amounts


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=Decimal("99999999999.99"), places=2))
def test_an_amount_read_back_from_its_float_is_the_same_decimal(amount: Decimal) -> None:
    # openpyxl writes str(Decimal) and reads the number back as a float
    assert cells.read(AMOUNT, float(str(amount))) == amount


def test_dates_and_paragraphs_read_as_typed() -> None:
    date_field = next(f for f in DATA_SHEETS["单位信息"].fields if f.path == "published_on")  # type: ignore[union-attr]
    assert cells.read(date_field, dt.datetime(2024, 3, 20)) == dt.date(2024, 3, 20)
    assert cells.read(date_field, "2024-03-20") == dt.date(2024, 3, 20)
    table = DATA_SHEETS["重点工作"]
    assert isinstance(table, Table)
    text = table.columns[1]
    assert cells.read(text, "一是。\r\n\n二是。 ") == ["一是。", "二是。"]


def test_text_that_looks_like_a_formula_or_an_error_value_stays_text(project: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    def mutate(doc: Any) -> None:
        doc["errata"][0]["published"] = "=SUM(A1:A9)"
        doc["errata"][0]["note"] = "#N/A"
    edit_sample(project, mutate)
    book = prefilled(project, SAMPLE_FILE, tmp_path / "s.xlsx")
    ws = _open(book)["勘误"]
    assert (ws["B4"].value, ws["B4"].data_type, ws["D4"].value, ws["D4"].data_type) == ("=SUM(A1:A9)", "s", "#N/A", "s")
    before = snapshot(project)
    assert run(project, "import", str(book)) == 0
    assert "内容没有变化" in capsys.readouterr().out and snapshot(project) == before


def test_a_changed_list_keeps_the_comments_of_its_other_items_and_the_block_after_it(
        sample_book: Path, tmp_path: Path) -> None:
    def change(book: Any) -> None:
        econ = book["基本支出经济分类"]
        econ.delete_rows(next(r for r in range(4, 40) if econ.cell(r, 1).value == "30199"))
        econ.append(["30103", None, 14.18])
        book["项目"].insert_rows(6)
        for ref, value in (("A6", "新项目"), ("B6", "2010302"), ("D6", 1), ("F6", "302")):
            book["项目"][ref] = value
    reading = read_workbook(edited(sample_book, tmp_path / "changed.xlsx", change), "changed.xlsx")
    original = (REPO / SAMPLE_FILE).read_text(encoding="utf-8")
    text = candidate_text(reading, original, "103003", 2024)
    diff = [line for line in difflib.unified_diff(original.splitlines(), text.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == ['-  - {code: "30199", amount: 14.18}   # 其他工资福利支出',
                    '+  - {code: "30103", amount: 14.18}',
                    '+  - {name: 新项目, function: "2010302", amount: 1.00, econ: "302"}']


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice (Debian libreoffice-calc) not installed")
def test_a_workbook_saved_again_by_libreoffice_imports_unchanged(project: Path, sample_book: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Another program's shared strings, styles and number formats read as the same values."""
    out = tmp_path / "lo"
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out), str(sample_book)],
                   check=True, capture_output=True, timeout=300)
    before = snapshot(project)
    assert run(project, "import", str(out / "sample.xlsx")) == 0
    assert "内容没有变化" in capsys.readouterr().out and snapshot(project) == before


def test_the_nature_list_offers_a_full_width_equals_read_as_equals(sample_book: Path) -> None:
    table = DATA_SHEETS["项目绩效指标"]
    assert isinstance(table, Table)
    nature = next(c for c in table.columns if c.path == "nature")
    assert [cells.read(nature, v) for v in ("＝", ">=", " ≤ ", "定性")] == ["=", "≥", "≤", "定性"]
    ws = _open(sample_book)["项目绩效指标"]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"＝,≥,≤,>,<,定性"' in lists


def test_a_record_of_zeros_is_not_lost_as_no_record(project: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """上年“三公”经费 all 0.00 (compare with zero) differs from none given (no comparison)."""
    def mutate(doc: Any) -> None:
        doc["previous_year"]["three_public"] = {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": 0,
                                                "reception": 0}
    edit_sample(project, mutate)
    book = prefilled(project, SAMPLE_FILE, tmp_path / "s.xlsx")
    assert form_cell(_open(book), "上年数", "因公出国（境）费").value == 0
    before = snapshot(project)
    assert run(project, "import", str(book)) == 0
    assert "内容没有变化" in capsys.readouterr().out and snapshot(project) == before


def test_a_control_character_in_the_yaml_stops_the_template_with_one_line(project: Path, tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    edit_sample(project, lambda doc: doc["unit"].__setitem__("short_name", "区信息\x07中心"))
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "s.xlsx"
    assert run(project, "template", "--unit", "103003", "--year", "2024", "--prefill", "--output", str(out)) == 1
    err = capsys.readouterr().err
    assert "“单位简称”（单位信息!C" in err and "控制字符" in err and err.count("\n") == 1
    assert list(folder.iterdir()) == []


def test_a_broken_yaml_is_replaced_only_with_force(project: Path, sample_book: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = project / SAMPLE_FILE
    expected = existing_data(path, SAMPLE_FILE)
    path.write_text("unit: [this is: not, valid\n", encoding="utf-8")
    assert run(project, "import", str(sample_book)) == 1
    assert "现有文件有错误" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "unit: [this is: not, valid\n"
    assert run(project, "import", str(sample_book), "--force") == 0
    assert existing_data(path, SAMPLE_FILE) == expected


def test_a_template_is_refused_when_two_code_lists_name_a_code_differently(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The drop-down lists are the build's code lists: a conflict the build refuses is refused here."""
    local = project / "data" / "codes" / "local.yaml"
    local.write_text('scheme: function\nentries:\n  - {code: "2010302", name: 另一个名称, source: 本地}\n',
                     encoding="utf-8")
    out = tmp_path / "t.xlsx"
    assert run(project, "template", "--unit", "103003", "--year", "2024", "--output", str(out)) == 1
    err = capsys.readouterr().err
    assert "data/codes/local.yaml:3" in err and "2010302" in err and "Traceback" not in err
    assert not out.exists()
