"""Read a filled-in workbook into the YAML tree of a disclosure, remembering each value's cell.

Values only: the workbook is opened with formulas as formulas (never `data_only`, whose cached
results may be stale or forged), and any formula cell, error value or merged data cell is reported.
Sheets, headers and form rows must be the template's; every problem is collected with its
`sheet!cell` before anything else happens.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from generator.workbook import cells, guard
from generator.workbook.layout import (
    CODES_SHEET,
    DATA_SHEETS,
    FIRST_TABLE_ROW,
    FORM_HEADERS,
    FORM_VALUE_COLUMN,
    HEADER_ROW,
    INSTRUCTIONS,
    SHEETS,
    Form,
    Table,
    full_list_path,
)
from generator.workbook.problems import Problem, WorkbookError, cell_ref

MAX_SHEETS = 40
MAX_ROWS = 5_000
MAX_COLUMNS = 40
MAX_PROBLEMS = 200
OTHER_SHEETS = (INSTRUCTIONS, CODES_SHEET)  # written by the template, never read


@dataclass
class Reading:
    """The disclosure as a YAML tree (blank cells left out) and the cell of every field path."""

    tree: dict[str, Any] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    complete: bool = True  # False when a sheet or a form row could not be read at all

    def fail(self, where: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(where, message))


def read_workbook(path: Path, shown: str) -> Reading:
    """The workbook's data with the cell problems found in it; WorkbookError when the file or its
    set of sheets is unusable (nothing else can be said about such a file)."""
    guard.inspect(path, shown)
    book = _open(path, shown)
    reading = Reading()
    _check_sheets(book, reading)
    if reading.problems:
        raise WorkbookError(shown, reading.problems)
    keys: dict[str, dict[str, list[int]]] = {}
    for sheet in SHEETS:
        ws = book[sheet.name]
        if not _scan(ws, sheet, reading):
            reading.complete = False
            continue
        if isinstance(sheet, Form):
            _read_form(ws, sheet, reading)
        else:
            found = _read_table(ws, sheet, reading, keys)
            if found is not None:
                keys[sheet.name] = found
    return reading


def _open(path: Path, shown: str) -> Workbook:
    try:
        with warnings.catch_warnings():  # openpyxl warns about extensions it drops; nothing we read
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=False, data_only=False, keep_vba=False,
                                          keep_links=False, rich_text=False)
    except Exception as exc:  # a hostile file may break the parser anywhere; the user gets one line
        raise WorkbookError(shown, [Problem("", f"无法读取工作簿（{type(exc).__name__}），文件可能已损坏；"
                                                "请在 Excel 中打开后另存为 .xlsx")]) from None


def _check_sheets(book: Workbook, reading: Reading) -> None:
    names = book.sheetnames
    if len(names) > MAX_SHEETS:
        reading.fail("", f"工作簿有 {len(names)} 张工作表，超过上限 {MAX_SHEETS}")
        return
    for name in names:
        if name not in DATA_SHEETS and name not in OTHER_SHEETS:
            reading.fail("", f"多余的工作表“{name[:40]}”：模板中没有这张表，导入不会读取它；"
                             "请删除它，或把内容移到对应的表中")
    for name in DATA_SHEETS:
        if name not in names:
            reading.fail("", f"缺少工作表“{name}”；请用 python -m generator template 重新生成模板，"
                             "不要删除或重命名工作表")
        elif not isinstance(book[name], Worksheet):
            reading.fail("", f"“{name}”应为普通工作表，实际为图表工作表")


def _width(sheet: Form | Table) -> int:
    return len(FORM_HEADERS) if isinstance(sheet, Form) else len(sheet.headers())


def _scan(ws: Worksheet, sheet: Form | Table, reading: Reading) -> bool:
    """Limits, formulas, error values, merged cells and cells outside the template's columns."""
    name = sheet.name
    if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
        reading.fail(cell_ref(name, "A1"), f"工作表有 {ws.max_row} 行、{ws.max_column} 列，超过上限（{MAX_ROWS} 行、"
                                           f"{MAX_COLUMNS} 列）；请删除多余的行和列")
        return False
    for merged in ws.merged_cells.ranges:
        if merged.max_row >= HEADER_ROW:
            reading.fail(cell_ref(name, merged.coord.split(":")[0]),
                         f"合并了单元格 {merged.coord}；表头和数据区不能合并单元格，请取消合并，每格填一个值")
    width = _width(sheet)
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            ref = cell_ref(name, cell.coordinate)
            if cell.data_type == "f":
                formula = str(getattr(cell.value, "text", cell.value))[:60]
                reading.fail(ref, f"单元格含公式“{formula}”；导入只读取直接填写的值，不计算公式，"
                                  "也不采用公式的计算结果，请改为直接填写数值（可用“选择性粘贴→数值”）")
            elif cell.data_type == "e":
                reading.fail(ref, f"单元格是错误值“{cell.value}”；请改为直接填写正确的值")
            elif cell.row >= HEADER_ROW and cell.column > width and not cells.is_blank(cell.value):
                reading.fail(ref, f"模板在这里没有列，导入不会读取这个值{cells.shown(cell.value)}；"
                                  "请删除它或移到对应的列")
    return True


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _read_form(ws: Worksheet, form: Form, reading: Reading) -> None:
    for col, header in enumerate(FORM_HEADERS, 1):
        _expect_header(ws, form.name, HEADER_ROW, col, header, reading)
    for index, fl in enumerate(form.fields):
        row = form.row_of(index)
        if _text(ws.cell(row, 2).value) != fl.label or _text(ws.cell(row, 1).value) != fl.group:
            found = f"{_text(ws.cell(row, 1).value)}›{_text(ws.cell(row, 2).value)}"
            reading.fail(cell_ref(form.name, f"B{row}"),
                         f"这一行应为“{fl.group}›{fl.label}”，实际为“{found[:60]}”；表单的行不能插入、删除或调换")
            reading.complete = False
            continue
        cell = ws.cell(row, FORM_VALUE_COLUMN)
        ref = cell_ref(form.name, cell.coordinate)
        reading.cells[fl.path] = ref
        _value(fl, cell, fl.path, ref, reading.tree, reading)
    last = form.row_of(len(form.fields))
    for extra in ws.iter_rows(min_row=last, max_col=_width(form)):
        for cell in extra:
            if not cells.is_blank(cell.value):
                reading.fail(cell_ref(form.name, cell.coordinate),
                             f"表单只有 {len(form.fields)} 行，这里的{cells.shown(cell.value)}不会被读取；请删除它")


def _expect_header(ws: Worksheet, sheet: str, row: int, col: int, expected: str, reading: Reading) -> None:
    cell = ws.cell(row, col)
    if _text(cell.value) != expected:
        reading.fail(cell_ref(sheet, cell.coordinate),
                     f"表头应为“{expected}”，实际为{cells.shown(cell.value) if cell.value is not None else '空白'}；"
                     "请不要修改、插入或删除列")


def _value(fl: Any, cell: Any, path: str, ref: str, target: dict[str, Any], reading: Reading) -> None:
    """Put a non-blank cell's value at `path` in `target`, or record why it cannot be read."""
    if cells.is_blank(cell.value) or cell.data_type in ("f", "e"):  # formulas: reported by _scan
        return
    try:
        _put(target, path, cells.read(fl, cell.value))
    except cells.CellError as exc:
        reading.fail(ref, str(exc))


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for name in parents:
        target = target.setdefault(name, {})
    target[last] = value


def _get(target: dict[str, Any], path: str) -> Any:
    for name in path.split("."):
        target = target.get(name, {}) if isinstance(target, dict) else {}
    return target


def _read_table(ws: Worksheet, table: Table, reading: Reading,
                keys: dict[str, dict[str, list[int]]]) -> dict[str, list[int]] | None:
    """Rows to list items; returns each item's key value → item indices (for child tables), None
    when the sheet could not be read."""
    headers = table.headers()
    bad_header = False
    for col, (header, _field) in enumerate(headers, 1):
        before = len(reading.problems)
        _expect_header(ws, table.name, HEADER_ROW, col, header, reading)
        bad_header = bad_header or len(reading.problems) > before
    if bad_header or (table.parent is not None and table.parent not in keys):
        reading.complete = False  # a parent sheet that could not be read is reported already
        return None
    base = full_list_path(table)
    items: list[dict[str, Any]] = []
    reading.cells.setdefault(base, cell_ref(table.name, f"A{FIRST_TABLE_ROW}"))
    for row in ws.iter_rows(min_row=FIRST_TABLE_ROW, max_col=len(headers)):
        values = {col: cell for col, cell in enumerate(row) if headers[col][1] is not None
                  or (col == 0 and table.key is not None)}
        if all(cells.is_blank(cell.value) for cell in values.values()):
            continue
        item: dict[str, Any] = {}
        path = _item_path(table, row[0], len(items), item, reading, keys)
        if path is None:
            continue
        reading.cells[path] = cell_ref(table.name, row[0].coordinate)
        for col, cell in values.items():
            fl = headers[col][1]
            if fl is None:
                continue
            ref = cell_ref(table.name, cell.coordinate)
            reading.cells[f"{path}.{fl.path}"] = ref
            _value(fl, cell, fl.path, ref, item, reading)
        if table.parent is None:
            items.append(item)
    if table.parent is None and items:
        _put(reading.tree, table.list_path, items)
    return _keys_of(table, items)


def _keys_of(table: Table, items: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Each item's identifying text (a project's name) → its indices, for a child table to refer to."""
    children = [s for s in SHEETS if isinstance(s, Table) and s.parent == table.name]
    out: dict[str, list[int]] = {}
    for child in children:
        assert child.key is not None
        for index, item in enumerate(items):
            value = _get(item, child.key.path)
            if isinstance(value, str):
                out.setdefault(value.strip(), []).append(index)
    return out


def _item_path(table: Table, first: Any, index: int, item: dict[str, Any], reading: Reading,
               keys: dict[str, dict[str, list[int]]]) -> str | None:
    """The item's path; a child row is attached to its parent's item found by the key column."""
    if table.parent is None:
        return f"{table.list_path}[{index}]"
    parent = DATA_SHEETS[table.parent]
    assert isinstance(parent, Table) and table.key is not None
    if first.data_type in ("f", "e"):
        return None  # reported by _scan
    ref = cell_ref(table.name, first.coordinate)
    name = _text(first.value)
    found = keys.get(table.parent, {}).get(name, [])
    if not name:
        reading.fail(ref, f"请填写所属的{table.key.label}（与“{table.parent}”工作表中的一致）")
        return None
    if len(found) != 1:
        why = "找不到" if not found else f"有 {len(found)} 个"
        reading.fail(ref, f"“{table.parent}”工作表中{why}{table.key.label}为“{name[:40]}”的行；"
                          f"这一行须对应其中唯一的一行")
        return None
    owners = _get(reading.tree, parent.list_path)
    owner = owners[found[0]]
    children = owner.setdefault(table.list_path, [])
    children.append(item)
    return f"{parent.list_path}[{found[0]}].{table.list_path}[{len(children) - 1}]"
