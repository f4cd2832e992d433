"""Broken and hostile workbooks: each is refused with a `sheet!cell` (or file-level) message in
Chinese, exit status 1, no traceback, and not one file of the project changed."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SAMPLE_FILE, copy_project, run_cli
from tests.workbooks import edited, form_cell, prefilled, run, snapshot

Maker = Callable[[Path, Path], Path]  # (the prefilled sample workbook, a folder) -> the bad file


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prefilled(REPO, SAMPLE_FILE, tmp_path_factory.mktemp("hostile") / "sample.xlsx")


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for every case: since no case may change it, sharing it tests that too."""
    return copy_project(tmp_path_factory.mktemp("hostile") / "project")


def cell(sheet: str, ref: str, value: Any) -> Maker:
    def make(book: Path, folder: Path) -> Path:
        return edited(book, folder / "bad.xlsx", lambda b: b[sheet].__setitem__(ref, value))
    return make


def form(sheet: str, label: str, value: Any) -> Maker:
    def make(book: Path, folder: Path) -> Path:
        return edited(book, folder / "bad.xlsx", lambda b: setattr(form_cell(b, sheet, label), "value", value))
    return make


def change(how: Callable[[Any], Any]) -> Maker:
    def make(book: Path, folder: Path) -> Path:
        return edited(book, folder / "bad.xlsx", how)
    return make


def raw(content: bytes, name: str = "bad.xlsx") -> Maker:
    def make(book: Path, folder: Path) -> Path:
        (folder / name).write_bytes(content)
        return folder / name
    return make


def renamed(name: str) -> Maker:
    def make(book: Path, folder: Path) -> Path:
        return Path(shutil.copy(book, folder / name))
    return make


def rezip(extra: dict[str, bytes] | None = None, patch: Callable[[str, bytes], bytes] | None = None,
          before: Callable[[Any], Any] | None = None) -> Maker:
    """The workbook's zip rewritten: parts added, or every part passed through `patch`."""
    def make(book: Path, folder: Path) -> Path:
        source = edited(book, folder / "step.xlsx", before) if before else book
        out = folder / "bad.xlsx"
        with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info)
                dst.writestr(info.filename, patch(info.filename, data) if patch else data)
            for name, data in (extra or {}).items():
                dst.writestr(name, data)
        return out
    return make


def _cached_result(name: str, data: bytes) -> bytes:
    return data.replace(b"<f>SUM(2.8,2.8)</f><v />", b"<f>SUM(2.8,2.8)</f><v>5.6</v>")


def _dtd(name: str, data: bytes) -> bytes:
    return b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data if name == "xl/workbook.xml" else data


def _excel_float(name: str, data: bytes) -> bytes:
    """What Excel stores for =0.1+0.2 pasted as a value (openpyxl itself writes 16 digits only)."""
    return data.replace(b"<v>0.123456</v>", b"<v>0.30000000000000004</v>")


def _many_cells(name: str, data: bytes) -> bytes:
    """Empty cells cost the parser memory too: 310 000 of them, in ~7 MB of XML."""
    if not name.startswith("xl/worksheets/sheet2"):
        return data
    cells = b"".join(b'<c r="A%d" s="1"/>' % i for i in range(10, 310_010))
    return data.replace(b"</sheetData>", b'<row r="9">' + cells + b"</row></sheetData>")


def _many_sheets(book: Any) -> None:
    for i in range(30):
        book.create_sheet(f"草稿{i}")


def _many_parts() -> dict[str, bytes]:
    return {f"xl/media/p{i}.xml": b"<x/>" for i in range(600)}


CASES: dict[str, tuple[Maker, tuple[str, ...]]] = {
    "not a zip": (raw(b"just text, renamed to .xlsx"), ("bad.xlsx：", "不是有效的 .xlsx 文件")),
    "truncated": (lambda b, f: raw(b.read_bytes()[:4000])(b, f), ("bad.xlsx：", "不是有效的 .xlsx 文件")),
    "encrypted": (raw(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4000)), ("bad.xlsx：", "已加密")),
    "macro file": (renamed("bad.xlsm"), ("bad.xlsm：", "不读取含宏", ".xlsm")),
    "legacy xls": (renamed("bad.xls"), ("bad.xls：", "旧版 .xls")),
    "macro inside": (rezip({"xl/vbaProject.bin": b"\x00" * 100}), ("bad.xlsx：", "含有宏")),
    "zip bomb": (rezip({"xl/media/pad.bin": bytes(3_000_000)}), ("bad.xlsx：", "压缩比异常")),
    "too many parts": (rezip(_many_parts()), ("bad.xlsx：", "个部件，超过上限")),
    "dtd": (rezip(patch=_dtd), ("bad.xlsx：", "DTD")),
    "too large": (raw(bytes(11 * 1024 * 1024)), ("bad.xlsx：", "超过上限")),
    "too many cells": (rezip(patch=_many_cells), ("bad.xlsx：", "单元格超过 300000 个")),
    "too many sheets": (change(_many_sheets), ("bad.xlsx：", "张工作表，超过上限 40")),
    "missing sheet": (change(lambda b: b.remove(b["项目"])), ("bad.xlsx：", "缺少工作表“项目”")),
    "extra sheet": (change(lambda b: b.create_sheet("草稿")), ("bad.xlsx：", "多余的工作表“草稿”")),
    "wrong header": (cell("项目", "D2", "金额（元）"), ("项目!D2：", "表头应为“金额”", "“金额（元）”")),
    "moved form row": (cell("单位信息", "B5", "别的"), ("单位信息!B5：", "这一行应为")),
    "formula": (cell("项目", "D4", "=2.8+2.8"), ("项目!D4：", "单元格含公式“=2.8+2.8”", "不计算公式")),
    "formula with cached value": (rezip(patch=_cached_result,
                                        before=lambda b: b["项目"].__setitem__("D4", "=SUM(2.8,2.8)")),
                                  ("项目!D4：", "单元格含公式", "不采用公式的计算结果")),
    "error value": (cell("项目", "D4", "#N/A"), ("项目!D4：", "错误值“#N/A”")),
    "merged data cells": (change(lambda b: b["支出明细"].merge_cells("D4:E4")),
                          ("支出明细!D4：", "合并了单元格 D4:E4")),
    "date for amount": (cell("项目", "D4", dt.date(2024, 5, 6)),
                        ("项目!D4：", "应为金额（万元，最多两位小数），实际为日期 2024-05-06")),
    "float with binary error": (rezip(patch=_excel_float, before=lambda b: b["项目"].__setitem__("D4", 0.123456)),
                                ("项目!D4：", "实际为“0.30000000000000004”")),
    "three decimals as text": (cell("项目", "D4", "12.345"),
                               ("项目!D4：应为金额（万元，最多两位小数），实际为“12.345”",)),
    "three decimals as number": (cell("整体绩效目标", "C3", 754470.185), ("整体绩效目标!C3：", "应为金额（元",
                                                                          "“754470.185”")),
    "negative amount": (cell("项目", "D4", -5), ("项目!D4：", "应为金额")),
    "boolean amount": (cell("项目", "D4", True), ("项目!D4：", "逻辑值 TRUE")),
    "unknown fund": (cell("项目", "E4", "一般预算"), ("项目!E4：", "应为以下之一", "“一般预算”")),
    "bad code": (cell("支出明细", "A4", "20103X2"), ("支出明细!A4：", "应为数字编码")),
    "required left blank": (form("单位信息", "单位全称", None), ("单位信息!C", "“单位全称”必填")),
    "int as words": (form("单位信息", "编制人数", "十"), ("单位信息!C", "应为整数", "“十”")),
    "date with a time": (form("单位信息", "公开日期", dt.datetime(2024, 3, 20, 10, 30)), ("单位信息!C", "不带时间")),
    "unit code that is a path": (form("单位信息", "单位编码", "../../etc"), ("单位信息!C", "单位编码应为数字")),
    "part of no project": (change(lambda b: b["项目资金构成"].append(["没有这个项目", "302", None, 1])),
                           ("项目资金构成!A4：", "找不到项目名称为“没有这个项目”")),
    "too many rows": (cell("项目", "A6000", "x"), ("项目!A1：", "超过上限")),
    "text too long": (cell("支出明细", "I4", "长" * 12_000), ("支出明细!I4：", "文字过长")),
    "value outside the columns": (cell("项目", "Z4", "备注"), ("项目!Z4：", "模板在这里没有列")),
    "tables that disagree": (cell("项目", "D4", 6.6), ("支出明细!E4：", "项目绩效目标!B6：", "[t3-vs-t3-2-project]")),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_workbook_is_located_and_changes_nothing(name: str, sample_book: Path, shared_project: Path,
                                                        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = CASES[name]
    bad = make(sample_book, tmp_path)
    before = snapshot(shared_project)
    assert run(shared_project, "import", str(bad)) == 1
    out = capsys.readouterr()
    assert out.err.startswith("错误："), out.err
    for phrase in expected:
        assert phrase in out.err, (name, out.err)
    assert "Traceback" not in out.err and out.out == ""
    assert snapshot(shared_project) == before


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


def test_a_missing_file_is_one_line(shared_project: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert run(shared_project, "import", str(tmp_path / "nowhere.xlsx")) == 1
    assert "找不到这个文件" in capsys.readouterr().err


def test_through_the_real_command_line_a_formula_is_reported_without_traceback(
        sample_book: Path, shared_project: Path, tmp_path: Path) -> None:
    bad = cell("项目", "D4", "=2.8+2.8")(sample_book, tmp_path)
    before = snapshot(shared_project)
    result = run_cli(shared_project, "import", str(bad))
    assert result.code == 1
    assert "项目!D4：单元格含公式" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(shared_project) == before


def test_every_problem_of_a_workbook_is_reported_in_one_pass_in_sheet_order(
        sample_book: Path, shared_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def spoil(book: Any) -> None:
        book["项目"]["D5"] = "12.345"          # unreadable amount
        book["项目"]["E4"] = "一般预算"         # not a fund: found by the loader
        book["项目"]["D7"] = "=SUM(1,2)"       # formula
        form_cell(book, "单位信息", "单位全称").value = None  # required
    bad = edited(sample_book, tmp_path / "bad.xlsx", spoil)
    assert run(shared_project, "import", str(bad)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "错误：工作簿有 4 处问题，未改动任何文件："
    assert [line.split(" ")[1].split("：")[0] for line in lines[1:]] == ["单位信息!C9", "项目!E4", "项目!D5", "项目!D7"]
