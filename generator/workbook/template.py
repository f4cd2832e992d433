"""Write the data-entry workbook: one sheet per block of the disclosure, headers from the model's
labels, drop-down lists for codes and choices, decimal validation for amounts, and the catalogue
name written beside each code as a plain value (never a formula: the importer refuses formulas).

With a disclosure (`--prefill`) every cell holds the YAML's value; without one only the unit code
and the year are filled in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator.errors import HostError
from generator.model import Disclosure
from generator.workbook import cells
from generator.workbook.codes import Codes
from generator.workbook.instructions import write_instructions
from generator.workbook.layout import (
    CODE_LISTS,
    CODES_SHEET,
    FIRST_FORM_ROW,
    FIRST_TABLE_ROW,
    FORM_HEADERS,
    FORM_VALUE_COLUMN,
    HEADER_ROW,
    INSTRUCTIONS,
    SHEETS,
    Field,
    Form,
    Table,
)
from generator.workbook.sheetstyle import HINT_FONT, READ_ONLY_FILL, TITLE_FONT, TOP, WRAP, fit_row, style_header
from generator.writer import replace_atomically

SPARE_ROWS = 200          # empty rows below the data that carry the validation and formats
WIDTHS = {"paras": 60, "text": 36, "amount": 14, "yuan": 16, "number": 10, "int": 10, "code": 12,
          "date": 13, "choice": 20}
FORMATS = {"amount": "0.00", "yuan": "0.00", "code": "@", "text": "@", "paras": "@", "date": "yyyy-mm-dd",
           "int": "0", "choice": "@"}
AMOUNT_LIMIT = "999999999999.99"
LIST_SAFE = {"=": "＝"}


def build(codes: Codes, unit: str, year: int, data: Disclosure | None = None) -> Workbook:
    """The workbook for one unit and year, filled from `data` when given."""
    book = Workbook()
    first = book.active
    assert isinstance(first, Worksheet)
    write_instructions(first, unit, year, data)
    lists = _code_sheet(book, codes)
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        if isinstance(sheet, Form):
            _form(ws, sheet, data, unit, year, lists)
        else:
            _table(ws, sheet, _rows(sheet, data), codes, lists)
    book.move_sheet(CODES_SHEET, offset=len(book.sheetnames))
    for ws in book.worksheets:
        _page_setup(ws)
    return book


def _page_setup(ws: Worksheet) -> None:
    """Printed (or exported to PDF) landscape on A4, as wide as the page, headers on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.title not in (INSTRUCTIONS, CODES_SHEET):
        ws.print_title_rows = f"1:{HEADER_ROW + 1}"


def save(book: Workbook, path: Path) -> None:
    """Write next to the target, then rename: a failed save leaves no half-written workbook."""
    replace_atomically(path, lambda tmp: book.save(tmp))


# ---------------------------------------------------------------- values from the model


def value_at(obj: Any, path: str) -> Any:
    """The model value at a dotted path, None when a record on the way is absent."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _rows(table: Table, data: Disclosure | None) -> list[tuple[str | None, Any]]:
    """(parent key, item) for every row of the table, in YAML order."""
    if data is None:
        return []
    if table.parent is None or table.key is None:
        return [(None, item) for item in value_at(data, table.list_path) or ()]
    parent = next(s for s in SHEETS if s.name == table.parent)
    assert isinstance(parent, Table)
    return [(value_at(owner, table.key.path), item)
            for owner in value_at(data, parent.list_path) or ()
            for item in value_at(owner, table.list_path)]


# ---------------------------------------------------------------- sheets


def _title(ws: Worksheet, text: str, note: str) -> None:
    ws["A1"] = f"{text}　{note}"
    ws["A1"].font = TITLE_FONT
    ws.row_dimensions[1].height = 24


def _form(ws: Worksheet, form: Form, data: Disclosure | None, unit: str, year: int,
          lists: dict[str, str]) -> None:
    _title(ws, form.title, "（在 C 列填写；灰色的 A、B、D 列不要改动）")
    for col, header in enumerate(FORM_HEADERS, 1):
        style_header(ws.cell(HEADER_ROW, col, header))
    for index, field in enumerate(form.fields):
        row = form.row_of(index)
        for col, text in ((1, field.group), (2, field.label)):
            cell = ws.cell(row, col, text)
            cell.fill, cell.alignment = READ_ONLY_FILL, TOP
        hint = ws.cell(row, 4, f"{field.hint}。{field.doc}")
        hint.fill, hint.alignment = READ_ONLY_FILL, WRAP
        value = (cells.write(field, value_at(data, field.path), blank_default=False) if data is not None
                 else _identity(field, unit, year))
        entry = ws.cell(row, FORM_VALUE_COLUMN)
        _put(entry, field, value)
        entry.alignment = Alignment(horizontal="left", vertical="top", wrap_text=field.kind in ("paras", "text"))
        _validate(ws, field, f"{get_column_letter(FORM_VALUE_COLUMN)}{row}", lists)
    for letter, width in zip("ABCD", (22, 26, 48, 60), strict=True):
        ws.column_dimensions[letter].width = width
    for index in range(len(form.fields)):
        fit_row(ws, form.row_of(index))
    ws.freeze_panes = f"{get_column_letter(FORM_VALUE_COLUMN)}{FIRST_FORM_ROW}"


def _identity(field: Field, unit: str, year: int) -> Any:
    """What a blank template still knows: whose workbook it is."""
    return {"unit.code": unit, "year": year}.get(field.path)


def _table(ws: Worksheet, table: Table, rows: list[tuple[str | None, Any]], codes: Codes,
           lists: dict[str, str]) -> None:
    _title(ws, table.title, "（每行一条；灰色列只供对照，导入时不读取）")
    last = FIRST_TABLE_ROW + len(rows) + SPARE_ROWS - 1
    for col, (header, field) in enumerate(table.headers(), 1):
        _column(ws, table, col, header, field, last, lists)
    for offset, (key, item) in enumerate(rows):
        _row(ws, FIRST_TABLE_ROW + offset, table, key, item, codes)
        fit_row(ws, FIRST_TABLE_ROW + offset)
    ws.freeze_panes = f"{'B' if table.key is None else 'C'}{FIRST_TABLE_ROW}"
    fit_row(ws, HEADER_ROW)
    fit_row(ws, HEADER_ROW + 1)


def _column(ws: Worksheet, table: Table, col: int, header: str, field: Field | None, last: int,
            lists: dict[str, str]) -> None:
    """Header, hint, width, format and validation of one column (field None: key or name column)."""
    letter = get_column_letter(col)
    style_header(ws.cell(HEADER_ROW, col, header))
    if field is not None:
        hint = field.hint
        ws.column_dimensions[letter].width = WIDTHS[field.kind]
        if field.kind in FORMATS:
            ws.column_dimensions[letter].number_format = FORMATS[field.kind]
        _validate(ws, field, f"{letter}{FIRST_TABLE_ROW}:{letter}{last}", lists)
    elif col == 1 and table.key is not None:
        hint = f"必填；与“{table.parent}”中的{table.key.label}一致"
        ws.column_dimensions[letter].width = 36
    else:
        hint = "对照编码表自动写出，导入时不读取"
        ws.column_dimensions[letter].width = 30
    cell = ws.cell(HEADER_ROW + 1, col, hint)
    cell.font, cell.alignment = HINT_FONT, WRAP


def _row(ws: Worksheet, row: int, table: Table, key: str | None, item: Any, codes: Codes) -> None:
    """One list item: the parent's key first (child tables), each value, a code's name beside it."""
    col = 1
    if table.key is not None:
        _put(ws.cell(row, col), table.key, key)
        col += 1
    for field in table.columns:
        value = cells.write(field, value_at(item, field.path))
        _put(ws.cell(row, col), field, value)
        col += 1
        if field.codes:
            name = codes.name(field.codes, value) if isinstance(value, str) else None
            shown = ws.cell(row, col, name)
            shown.fill, shown.alignment = READ_ONLY_FILL, TOP
            col += 1


def _put(cell: Any, field: Field, value: Any) -> None:
    try:
        cell.value = value
    except IllegalCharacterError:
        raise HostError(f"“{field.label}”（{cell.parent.title}!{cell.coordinate}）的文字中有不可见的控制字符，"
                        "无法写入工作簿；请先在 YAML 中删除它") from None
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text: the nature "=" is no formula, "#N/A" no error value
    if field.kind in FORMATS:
        cell.number_format = FORMATS[field.kind]
    cell.alignment = WRAP if field.kind in ("paras", "text") else TOP


# ---------------------------------------------------------------- validation


def _code_sheet(book: Workbook, codes: Codes) -> dict[str, str]:
    """The lookup sheet (protected): each code list with its names; returns list → range formula."""
    ws = book.create_sheet(CODES_SHEET)
    ws["A1"] = "代码表（供下拉列表和对照使用，请勿修改）"
    ws["A1"].font = TITLE_FONT
    ranges: dict[str, str] = {}
    for index, (key, title) in enumerate(CODE_LISTS.items()):
        col = 1 + index * 3
        entries = codes.names(key)
        style_header(ws.cell(2, col, f"{title}编码"))
        style_header(ws.cell(2, col + 1, "名称"))
        for offset, (code, name) in enumerate(entries.items()):
            ws.cell(3 + offset, col, code).number_format = "@"
            ws.cell(3 + offset, col + 1, name)
        letter = get_column_letter(col)
        ranges[key] = f"{quote_sheetname(CODES_SHEET)}!${letter}$3:${letter}${max(3, 2 + len(entries))}"
        ws.column_dimensions[letter].width = 14
        ws.column_dimensions[get_column_letter(col + 1)].width = 32
    ws.protection.sheet = True
    ws.freeze_panes = "A3"
    return ranges


def _validate(ws: Worksheet, field: Field, where: str, lists: dict[str, str]) -> None:
    dv = _validation(field, lists)
    if dv is None:
        return
    dv.showErrorMessage = True
    dv.errorTitle = "填写有误"
    dv.promptTitle = field.label[:32]
    dv.prompt = f"{field.hint}。{field.doc}"[:255]
    dv.showInputMessage = True
    ws.add_data_validation(dv)
    dv.add(where)


def _validation(field: Field, lists: dict[str, str]) -> DataValidation | None:
    if field.codes:
        return DataValidation(type="list", formula1=lists[field.codes], allow_blank=True,
                              error=f"请从下拉列表中选择{CODE_LISTS[field.codes]}编码，或对照“代码表”填写")
    if field.kind == "choice":
        # Picked from a list, a bare "=" would start a formula in Excel: offer the full-width ＝,
        # which the importer reads as "=" (as the YAML loader does).
        offered = [LIST_SAFE.get(c, c) for c in field.choices]
        return DataValidation(type="list", formula1='"' + ",".join(offered) + '"', allow_blank=True,
                              error=f"请从下拉列表中选择：{'、'.join(offered)}")
    if field.kind in ("amount", "yuan"):
        return DataValidation(type="decimal", operator="between", formula1="0", formula2=AMOUNT_LIMIT,
                              allow_blank=True, error="请填写非负金额，最多两位小数；不要填写公式")
    if field.kind == "int":
        return DataValidation(type="whole", operator="between", formula1="0", formula2="1000000000",
                              allow_blank=True, error="请填写非负整数")
    if field.kind == "number":
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="1000000",
                              allow_blank=True, error="请填写数值")
    return None
