"""The download workbook as its readers see it (issue 13's faster writer, generator/downloads/xlsx.py):
read back with openpyxl, each fact checked against a value written here by hand, or against the
table model the workbook is made from, never against the writer's own output."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import warnings
import zipfile
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest

from generator.downloads import workbook
from generator.load import load
from generator.tablemodel import Cell, Row, Table, code, h, header_places
from generator.view import derive
from tests.conftest import REPO

DOWNLOADS = REPO / "generator" / "downloads"

WHEN = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
UNIT = '<&>"单位'
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _amount(value: str) -> Cell:
    return Cell(value=Decimal(value), num=True)


# 表3 by hand: a two-level header, a 合计 row spanning the four label columns, codes with leading
# zeros, hostile text, a 小计 row and a note with a control character.
T3 = Table(
    id="t3", number="表3", title="一般公共预算支出预算表", unit="万元",
    head=((h("科目编码", colspan=3), h("科目名称", rowspan=2), h("合计", rowspan=2), h("基本支出", rowspan=2)),
          (h("类"), h("款"), h("项"))),
    body=(Row((Cell("合计", colspan=4), _amount("12345678.90"), _amount("0.10")), kind="total"),
          Row((code("201"), code("03"), code("02"), Cell("=SUM(A1:A9)"), _amount("0.30"), _amount("0.20"))),
          Row((code("201"), code(""), code(""), Cell('<&>"_x0041_'), _amount("0"), _amount("2.5"))),
          Row((Cell("小计", colspan=4), _amount("100"), _amount("1234.56")), kind="subtotal")),
    notes=("注：本表\x07金额保留两位\uffff小数。",))
# A table with no rows, no money unit, and a number that is no valid sheet name as it stands.
T9 = Table(id="t9", number="表9/1", title="空表", unit="", head=((h("项目"), h("说明")),), body=(),
           empty_statement="本单位无此项支出，故本表为空表。")


@pytest.fixture(scope="module")
def made() -> tuple[bytes, str]:
    key = workbook.fingerprint(UNIT, 2024, [T3, T9], workbook.stamp(WHEN))
    return workbook.build(UNIT, 2024, [T3, T9], key, WHEN), key


def _open(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(io.BytesIO(data))


def _merged(ws: Any) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_sheets_titles_merges_and_the_unit_line(made: tuple[bytes, str]) -> None:
    wb = _open(made[0])
    assert wb.sheetnames == ["表3", "表9_1"]
    ws = wb["表3"]
    assert _merged(ws) == {"A1:F1", "A2:D2", "E2:F2", "A3:C3", "D3:D4", "E3:E4", "F3:F4", "A5:D5", "A8:D8",
                           "A10:F10"}
    assert ws["A1"].value == "表3 一般公共预算支出预算表"
    assert (ws["A1"].font.name, ws["A1"].font.sz, ws["A1"].font.b) == ("SimSun", 14, True)
    assert ws.row_dimensions[1].height == 28
    assert ws["A2"].value == f"单位：{UNIT}" and ws["E2"].value == "金额单位：万元"
    assert ws["E2"].alignment.horizontal == "right"
    assert [ws.cell(3, c).value for c in range(1, 7)] == ["科目编码", None, None, "科目名称", "合计", "基本支出"]
    assert [ws.cell(4, c).value for c in range(1, 4)] == ["类", "款", "项"]
    assert ws["A10"].value == "注：本表金额保留两位小数。"  # what XML cannot hold dropped
    empty = wb["表9_1"]
    assert _merged(empty) == {"A1:B1", "A5:B5"}
    assert empty["A2"].value == "单位：<&>\"单位" and empty["B2"].value is None
    assert empty["A5"].value == "本单位无此项支出，故本表为空表。"


def test_header_cells_are_bold_centred_and_bordered_even_inside_a_merge(made: tuple[bytes, str]) -> None:
    ws = _open(made[0])["表3"]
    for ref in ("A3", "D3", "A4", "C4"):
        cell = ws[ref]
        assert cell.font.b and (cell.alignment.horizontal, cell.alignment.vertical) == ("center", "center"), ref
    for ref in ("A3", "D3", "A4", "E6", "D7"):
        b = ws[ref].border
        assert (b.left.style, b.right.style, b.top.style, b.bottom.style) == ("thin",) * 4, ref
    assert ws["A1"].border.left.style is None and ws["A2"].border.bottom.style is None
    # openpyxl shows a merged range's inner cells with the first cell's outline; Excel draws each
    # cell's own border, so the cells inside the header's and body's merges carry the thin one too
    with zipfile.ZipFile(io.BytesIO(made[0])) as z:
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(z.read("xl/styles.xml"))
    xfs = styles.find(f"{MAIN}cellXfs")
    assert xfs is not None
    bordered = [xf.get("borderId") == "1" for xf in xfs]
    style_of = {c.get("r"): int(c.get("s", "0")) for c in sheet.iter(f"{MAIN}c")}
    inside = ["B3", "C3", "D4", "E4", "F4", "B5", "C5", "D5", "B8", "C8", "D8"]
    assert [ref for ref in inside if not bordered[style_of[ref]]] == []
    assert not bordered[style_of["A1"]] and not bordered[style_of["A10"]]


def test_amounts_are_numbers_exact_to_the_cent_and_sums_are_bold(made: tuple[bytes, str]) -> None:
    ws = _open(made[0])["表3"]
    expected = {"E5": "12345678.90", "F5": "0.10", "E6": "0.30", "F6": "0.20", "E7": "0.00", "F7": "2.50",
                "E8": "100.00", "F8": "1234.56"}
    for ref, text in expected.items():
        cell = ws[ref]
        assert cell.data_type == "n" and cell.number_format == "#,##0.00", ref
        assert Decimal(str(cell.value)) == Decimal(text), ref
        assert cell.alignment.horizontal == "right", ref
    assert {ref: bool(ws[ref].font.b) for ref in expected} == {
        "E5": True, "F5": True, "E6": False, "F6": False, "E7": False, "F7": False, "E8": True, "F8": True}
    assert ws["A5"].value == "合计" and ws["A5"].font.b and ws["A5"].alignment.horizontal == "center"
    assert ws["A8"].value == "小计" and ws["A8"].font.b and ws["A8"].alignment.horizontal == "left"
    # In the file, each amount is the decimal's own digits, never a float's
    with zipfile.ZipFile(io.BytesIO(made[0])) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    values = dict(re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*><v>([^<]*)</v>', sheet))
    assert {ref: values[ref] for ref in expected} == expected


def test_codes_and_hostile_text_stay_text(made: tuple[bytes, str]) -> None:
    data = made[0]
    ws = _open(data)["表3"]
    assert [(ws.cell(6, c).value, ws.cell(6, c).data_type) for c in (1, 2, 3)] == [("201", "s"), ("03", "s"),
                                                                                   ("02", "s")]
    assert ws["A6"].number_format == "@" and ws["B7"].number_format == "@" and ws["B7"].value is None
    assert (ws["D6"].value, ws["D6"].data_type) == ("=SUM(A1:A9)", "s")
    assert (ws["D7"].value, ws["D7"].data_type) == ('<&>"_x0041_', "s")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    assert not any(b"<f>" in xml or b"<f " in xml for xml in parts.values())  # no formula anywhere
    for xml in parts.values():
        ElementTree.fromstring(xml)  # every part well-formed
    strings = parts["xl/sharedStrings.xml"].decode("utf-8")
    # Escaped for XML, and "_x0041_" kept literal for Excel (which would read it as "A")
    assert "&lt;&amp;&gt;\"_x005F_x0041_" in strings and "\x07" not in strings


def test_freeze_print_titles_page_setup_and_widths(made: tuple[bytes, str]) -> None:
    wb = _open(made[0])
    ws, empty = wb["表3"], wb["表9_1"]
    assert (ws.freeze_panes, empty.freeze_panes) == ("A5", "A4")
    assert (ws.print_title_rows, empty.print_title_rows) == ("$3:$4", "$3:$3")
    for sheet in (ws, empty):
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (
            "landscape", "9", 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # 类 款 项 narrow; 科目名称 as wide as "=SUM(A1:A9)" (11) + 2; 合计 "12,345,678.90" (13) + 2; at least 10
    assert {c: ws.column_dimensions[c].width for c in "ABCDEF"} == {"A": 6, "B": 6, "C": 6, "D": 13, "E": 15,
                                                                    "F": 10}


def test_properties_fingerprint_and_fixed_stamps(made: tuple[bytes, str]) -> None:
    data, key = made
    props = _open(data).properties
    assert (props.creator, props.title, props.identifier) == (
        "budget-disclosure-generator", '<&>"单位2024年部门预算表', key)
    assert props.created == props.modified == dt.datetime(2023, 11, 14, 22, 13, 20)
    assert workbook.stored_fingerprint(data) == key and key.startswith("budget-disclosure-generator:")
    assert workbook.stored_fingerprint(b"PK not a workbook") is None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert z.namelist()[0] == "[Content_Types].xml"
    assert workbook.build(UNIT, 2024, [T3, T9], key, WHEN) == data  # byte-identical when made again


def test_the_fingerprint_covers_every_module_that_writes_the_bytes() -> None:
    """A workbook cached under a fingerprint is reused only while the code that wrote it is the
    same: each generator module imported by workbook.py or xlsx.py (but freshness, which only
    hashes) is part of the digest."""
    imported = {"generator.downloads.workbook"}
    for name in ("workbook.py", "xlsx.py"):
        for node in ast.walk(ast.parse((DOWNLOADS / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
                if node.module == "generator.downloads" or node.module == "generator":
                    imported |= {f"{node.module}.{alias.name}" for alias in node.names}
                else:
                    imported.add(node.module)
    imported.discard("generator.freshness")
    assert "generator.downloads.xlsx" in imported
    assert imported <= set(workbook.CODE_MODULES)


# ---------------------------------------------------------------- the sample, against its table model


@pytest.fixture(scope="module")
def sample_book() -> tuple[list[Table], Any, dict[str, dict[str, str]]]:
    data = load(REPO)
    view = derive(data)[("103003", 2024)]
    tables = view.statutory_tables()
    key = workbook.fingerprint(view.d.unit.name, 2024, tables, workbook.stamp(WHEN))
    made = workbook.build(view.d.unit.name, 2024, tables, key, WHEN)
    raw: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(io.BytesIO(made)) as z:
        for i, table in enumerate(tables, 1):
            root = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            raw[table.number] = {c.get("r", ""): c.findtext(f"{MAIN}v") or "" for c in root.iter(f"{MAIN}c")
                                 if c.get("t") is None and c.find(f"{MAIN}v") is not None}
    return tables, _open(made), raw


def test_every_cell_of_the_sample_is_its_table_cell(sample_book: tuple[list[Table], Any, dict[str, dict[str, str]]]
                                                    ) -> None:
    """Header texts and merges, body texts, codes and amounts, bold sums: each sheet against the
    table it was made from (the check the one-off old-vs-new comparison made, kept small)."""
    tables, wb, raw = sample_book
    assert wb.sheetnames == [t.number for t in tables]
    amounts = 0
    for table in tables:
        ws = wb[table.number]
        merged = _merged(ws)
        for r, c, cell in header_places(table.head):
            xc = ws.cell(3 + r, 1 + c)
            assert xc.value == (str(cell.text) or None) and xc.font.b, (table.number, xc.coordinate)
            if cell.rowspan > 1 or cell.colspan > 1:
                end = ws.cell(3 + r + cell.rowspan - 1, c + cell.colspan).coordinate
                assert f"{xc.coordinate}:{end}" in merged
        start = 3 + len(table.head)
        for i, row in enumerate(table.body):
            col = 1
            for cell in row.cells:
                xc = ws.cell(start + i, col)
                where = (table.number, xc.coordinate)
                assert bool(xc.font.b) == (row.kind in ("total", "subtotal", "unit")), where
                if cell.value is not None:
                    amounts += 1
                    assert xc.data_type == "n" and xc.number_format == "#,##0.00", where
                    assert raw[table.number][xc.coordinate] == f"{cell.value.quantize(Decimal('0.01')):f}", where
                else:
                    assert xc.value == (str(cell.text) or None), where
                    assert xc.number_format == ("@" if cell.code else "General"), where
                if cell.colspan > 1:
                    assert f"{xc.coordinate}:{ws.cell(start + i, col + cell.colspan - 1).coordinate}" in merged
                col += cell.colspan
    assert amounts > 200

