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
import hashlib
import io
import re
import zipfile
from copy import copy
from decimal import Decimal
from typing import ClassVar

import openpyxl
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from generator import freshness
from generator.downloads import zipfixed
from generator.downloads.csvfiles import clean
from generator.money import CENT
from generator.tablemodel import Cell, Row, Table, header_places

AMOUNT_FORMAT = "#,##0.00"
_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(name="SimSun", size=14, bold=True)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
SUMS = ("total", "subtotal", "unit")


# What the bytes of a workbook depend on besides its tables: this module, the cell text cleaning,
# the zip packing, the header placement, the amount format, and openpyxl's writer.
_CODE = freshness.code_digest("generator.downloads.workbook", "generator.downloads.csvfiles",
                               "generator.downloads.zipfixed", "generator.tablemodel", "generator.money") \
    + f" openpyxl {openpyxl.__version__}"
_IDENTIFIER = re.compile(r"<dc:identifier>([^<]*)</dc:identifier>")
FINGERPRINT_PREFIX = "budget-disclosure-generator:"  # before the digest a workbook or zip carries


def fingerprint(unit_name: str, year: int, tables: list[Table], stamp: dt.datetime) -> str:
    """A digest of everything the workbook's bytes depend on, stored in its docProps (dc:identifier)."""
    text = "\x1f".join([_CODE, unit_name, str(year), stamp.isoformat(), repr(tables)])
    return FINGERPRINT_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored_fingerprint(data: bytes) -> str | None:
    """The fingerprint a workbook written by `build` carries; None for anything else."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            core = archive.read("docProps/core.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None
    found = _IDENTIFIER.search(core)
    return found[1] if found else None


def stamp(when: dt.datetime | None = None) -> dt.datetime:
    """The creation time a workbook records: `when` (default `zipfixed.build_time()`), naive UTC."""
    return (when or zipfixed.build_time()).astimezone(dt.UTC).replace(tzinfo=None)


def build(unit_name: str, year: int, tables: list[Table], key: str, when: dt.datetime | None = None) -> bytes:
    """Make the workbook (no reuse); `key` is its `fingerprint`, recorded in its docProps."""
    created = stamp(when)
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    style = _Styles()
    for table in tables:
        _sheet(wb.create_sheet(_sheet_name(table)), unit_name, table, style)
    wb.properties.creator = "budget-disclosure-generator"
    wb.properties.title = f"{unit_name}{year}年部门预算表"
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.identifier = key
    buf = io.BytesIO()
    # openpyxl's own writer into our archive: its save() would stamp the time into docProps.
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
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


class _Styles:
    """Each style of the workbook registered once, then copied onto cells. openpyxl hashes every
    style object on every assignment to find its index; done per cell, that took half a second a
    workbook. A cell instead takes a copy of the indexes (its StyleArray) of the first cell that
    was styled the same way."""

    # name → (font, alignment, border, number format)
    KINDS: ClassVar[dict[str, tuple[Font | None, Alignment | None, Border | None, str | None]]] = {
        "title": (TITLE_FONT, CENTER, None, None),
        "plain": (None, LEFT, None, None),
        "right": (None, RIGHT, None, None),
        "head": (BOLD, CENTER, BORDER, None),
        "edge": (None, None, BORDER, None),
        "amount": (None, RIGHT, BORDER, AMOUNT_FORMAT),
        "code": (None, CENTER, BORDER, "@"),  # "@": Excel keeps a text cell text when it is edited
        "num": (None, RIGHT, BORDER, None),
        "text": (None, LEFT, BORDER, None),
    }

    def __init__(self) -> None:
        self.known: dict[tuple[str, bool], StyleArray] = {}

    def __call__(self, cell: XCell, kind: str, bold: bool = False) -> None:
        key = (kind, bold)
        if key in self.known:
            cell._style = copy(self.known[key])  # type: ignore[attr-defined]
            return
        font, alignment, border, number_format = self.KINDS[kind]
        if font or bold:
            cell.font = BOLD if bold and not font else font or BOLD
        if alignment:
            cell.alignment = alignment
        if border:
            cell.border = border
        if number_format:
            cell.number_format = number_format
        self.known[key] = copy(cell._style)  # type: ignore[attr-defined]


def _merge(ws: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    """Merge a range whose cells are already written and styled. Worksheet.merge_cells (and a
    MergedCellRange) would also replace the inner cells by MergedCells and restyle the edges: slow,
    and not needed, as they are empty and bordered here; the writer needs only the range."""
    if bottom > top or right > left:
        ws.merged_cells.add(CellRange(min_col=left, min_row=top, max_col=right, max_row=bottom))


def _sheet(ws: Worksheet, unit_name: str, table: Table, style: _Styles) -> None:
    width = max(width_of(table), 2)
    _text(_at(ws, 1, 1), f"{table.number} {table.title}".strip())
    style(_at(ws, 1, 1), "title")
    _merge(ws, 1, 1, 1, width)
    ws.row_dimensions[1].height = 28
    # The unit line: 单位 on the left, 金额单位 on the right over the last two columns (one is too
    # narrow for it, and text does not spill into a merged neighbour).
    split = width - 1 if width < 4 else width - 2
    _text(_at(ws, 2, 1), f"单位：{unit_name}")
    style(_at(ws, 2, 1), "plain")
    _merge(ws, 2, 1, 2, split)
    if table.unit:
        _text(_at(ws, 2, split + 1), f"金额单位：{table.unit}")
        style(_at(ws, 2, split + 1), "right")
        _merge(ws, 2, split + 1, 2, width)
    top = 3
    _header(ws, top, table.head, style)
    start = top + len(table.head)
    for r, row in enumerate(table.body):
        _row(ws, start + r, row, style)
    below = start + len(table.body) + 1
    for line in ([table.empty_statement] if table.empty_statement else []) + list(table.notes):
        _text(_at(ws, below, 1), line)
        style(_at(ws, below, 1), "plain")
        _merge(ws, below, 1, below, width)
        below += 1
    ws.freeze_panes = f"A{start}"
    # Printed like the official forms: landscape, one page wide, the header repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{top}:{start - 1}"
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = _column_width(table, c - 1)


def _header(ws: Worksheet, top: int, head: tuple[tuple[Cell, ...], ...], style: _Styles) -> None:
    """Header rows with rowspan/colspan merged, placed as the HTML table places them."""
    for r, c, cell in header_places(head):
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                if dr or dc:
                    style(_at(ws, top + r + dr, c + 1 + dc), "edge")
        xc = _at(ws, top + r, c + 1)
        _text(xc, str(cell.text))
        style(xc, "head")
        _merge(ws, top + r, c + 1, top + r + cell.rowspan - 1, c + cell.colspan)


def _row(ws: Worksheet, r: int, row: Row, style: _Styles) -> None:
    c = 1
    bold = row.kind in SUMS
    for cell in row.cells:
        xc = _at(ws, r, c)
        if cell.value is not None:
            xc.value = Decimal(cell.value).quantize(CENT)
            style(xc, "amount", bold)
        else:
            _text(xc, str(cell.text))
            kind = "code" if cell.code else "num" if cell.num else "text"
            style(xc, "head" if row.kind == "total" and cell.colspan > 1 else kind, bold)  # 合计 centred
        for dc in range(1, cell.colspan):
            style(_at(ws, r, c + dc), "edge")
        _merge(ws, r, c, r, c + cell.colspan - 1)
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
