"""One disclosure's statutory tables as an XLSX workbook laid out like the official forms.

One sheet per table, named by its number (表1, 表1-1 …): the title, the unit line (单位 on the
left, 金额单位 on the right), the multi-level header with its merged cells, the body with spanning
labels merged, 合计 rows in bold, then the empty-table statement and notes. Codes are text cells
(the printed parts 201 | 03 | 02, leading zeros kept); amounts are numbers with a two-decimal
format, so a reader can add them up. Every text cell is stored as text, never as a formula, even
when it starts with "=". The file is byte-identical from build to build (zipfixed).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator.downloads import zipfixed
from generator.downloads.csvfiles import clean
from generator.money import CENT
from generator.tablemodel import Cell, Row, Table

AMOUNT_FORMAT = "#,##0.00"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name="SimSun", size=14, bold=True)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
SUMS = ("total", "subtotal", "unit")


def workbook_bytes(unit_name: str, year: int, tables: Iterable[Table], *, when: dt.datetime | None = None) -> bytes:
    """The workbook of `tables` for one disclosure, as the bytes of an .xlsx file."""
    stamp = (when or zipfixed.build_time()).astimezone(dt.UTC).replace(tzinfo=None)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for table in tables:
        _sheet(wb.create_sheet(_sheet_name(table)), unit_name, table)
    wb.properties.creator = "budget-disclosure-generator"
    wb.properties.title = f"{unit_name}{year}年部门预算表"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    # openpyxl's own writer into our archive: its save() would stamp the time into docProps.
    with ZipFile(buf, "w", ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return zipfixed.repack(buf.getvalue(), when=when)


def _sheet_name(table: Table) -> str:
    """表3-1 …; Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    name = table.number or table.id
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]


def _at(ws: Worksheet, row: int, column: int) -> XCell:
    """The cell to write (a merged range is written through its top-left cell, never a MergedCell)."""
    cell = ws.cell(row, column)
    assert isinstance(cell, XCell), f"{cell.coordinate} is inside a merged range"
    return cell


def _text(cell: XCell, text: str) -> None:
    """Store `text` as a string cell: openpyxl would make "=…" a formula."""
    cell.value = clean(text)
    cell.data_type = "s"


def width_of(table: Table) -> int:
    return sum(c.colspan for c in table.head[0]) if table.head else 0


def _sheet(ws: Worksheet, unit_name: str, table: Table) -> None:
    width = max(width_of(table), 2)
    _text(_at(ws, 1, 1), f"{table.number} {table.title}".strip())
    _at(ws, 1, 1).font = TITLE_FONT
    _at(ws, 1, 1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 28
    _text(_at(ws, 2, 1), f"单位：{unit_name}")
    if width > 2:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width - 1)
    if table.unit:
        _text(_at(ws, 2, width), f"金额单位：{table.unit}")
        _at(ws, 2, width).alignment = RIGHT
    top = 3
    _header(ws, top, table.head)
    start = top + len(table.head)
    for r, row in enumerate(table.body):
        _row(ws, start + r, row, table)
    below = start + len(table.body) + 1
    for line in ([table.empty_statement] if table.empty_statement else []) + list(table.notes):
        _text(_at(ws, below, 1), line)
        ws.merge_cells(start_row=below, start_column=1, end_row=below, end_column=width)
        _at(ws, below, 1).alignment = LEFT
        below += 1
    ws.freeze_panes = f"A{start}"
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = _column_width(table, c - 1)


def _header(ws: Worksheet, top: int, head: tuple[tuple[Cell, ...], ...]) -> None:
    """Header rows with rowspan/colspan merged: the same walk as the HTML table's header."""
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(head):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            xc = _at(ws, top + r, c + 1)
            _text(xc, str(cell.text))
            xc.font = BOLD
            xc.alignment = CENTER
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(top + r + dr, c + 1 + dc).border = BORDER
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=top + r, start_column=c + 1,
                               end_row=top + r + cell.rowspan - 1, end_column=c + cell.colspan)
            c += cell.colspan


def _row(ws: Worksheet, r: int, row: Row, table: Table) -> None:
    c = 1
    for cell in row.cells:
        xc = _at(ws, r, c)
        if cell.value is not None:
            xc.value = Decimal(cell.value).quantize(CENT)
            xc.number_format = AMOUNT_FORMAT
            xc.alignment = RIGHT
        else:
            _text(xc, str(cell.text))
            if cell.code:
                xc.number_format = "@"  # Excel keeps a text cell text when edited
                xc.alignment = CENTER
            elif cell.num:
                xc.alignment = RIGHT
            else:
                xc.alignment = LEFT
        if row.kind in SUMS:
            xc.font = BOLD
        for dc in range(cell.colspan):
            ws.cell(r, c + dc).border = BORDER
        if cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + cell.colspan - 1)
        c += cell.colspan


def _column_width(table: Table, c: int) -> float:
    """Roughly the widest text of the column (a CJK character counts twice), within bounds."""
    leaf = table.leaf_labels[c] if c < len(table.leaf_labels) else ""
    if leaf in ("类", "款", "项"):
        return 6
    longest = 0
    for row in table.body:
        col = 0
        for cell in row.cells:
            if col == c and cell.colspan == 1:
                text = str(cell.text) if cell.value is None else f"{cell.value:,.2f}"
                longest = max(longest, sum(2 if ord(ch) > 0x2E80 else 1 for ch in text))
            col += cell.colspan
    return float(min(max(longest + 2, 10), 48))
