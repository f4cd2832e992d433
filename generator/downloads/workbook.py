"""One disclosure's statutory tables as an XLSX workbook laid out like the official forms.

One sheet per table, named by its number (表1, 表1-1 …): the title, the unit line (单位 on the
left, 金额单位 on the right), the multi-level header with its merged cells, the body with spanning
labels merged, 合计 rows in bold, then the empty-table statement and notes. Codes are text cells
(the printed parts 201 | 03 | 02, leading zeros kept); amounts are numbers with a two-decimal
format, so a reader can add them up. Every text cell is stored as text, never as a formula, even
when it starts with "=". The file is byte-identical from build to build (zipfixed). This module
lays the sheets out; xlsx.py writes the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal

from generator import freshness
from generator.downloads import zipfixed
from generator.downloads.csvfiles import clean
from generator.downloads.xlsx import Book, Sheet, Style
from generator.money import CENT
from generator.tablemodel import Cell, Row, Table, header_places

AMOUNT_FORMAT = "#,##0.00"
SUMS = ("total", "subtotal", "unit")
# Each kind of cell of the forms; the cells of a sum row take the bold variant of their kind.
KINDS: dict[str, Style] = {
    "title": Style(bold=True, font="SimSun", size=14, horizontal="center", vertical="center", wrap=True),
    "plain": Style(horizontal="left", vertical="center", wrap=True),
    "right": Style(horizontal="right", vertical="center"),
    "head": Style(bold=True, border=True, horizontal="center", vertical="center", wrap=True),
    "edge": Style(border=True),
    "amount": Style(border=True, number_format=AMOUNT_FORMAT, horizontal="right", vertical="center"),
    # "@": Excel keeps a text cell text when it is edited
    "code": Style(border=True, number_format="@", horizontal="center", vertical="center", wrap=True),
    "num": Style(border=True, horizontal="right", vertical="center"),
    "text": Style(border=True, horizontal="left", vertical="center", wrap=True),
}
_STYLES = [(kind, bold) for kind in KINDS for bold in (False, True)]
_STYLE_LIST = [replace(KINDS[kind], bold=KINDS[kind].bold or bold) for kind, bold in _STYLES]
_STYLE_INDEX = {key: i for i, key in enumerate(_STYLES, 1)}  # 0 is the workbook's default style


# What the bytes of a workbook depend on besides its tables: this module, the XLSX writer, the cell
# text cleaning, the zip packing, the header placement and the amount format.
CODE_MODULES = ("generator.downloads.workbook", "generator.downloads.xlsx", "generator.downloads.csvfiles",
                "generator.downloads.zipfixed", "generator.tablemodel", "generator.money")
_CODE = freshness.code_digest(*CODE_MODULES)
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
    book = Book(_STYLE_LIST)
    for table in tables:
        _sheet(book.sheet(_sheet_name(table)), unit_name, table)
    return book.save(creator="budget-disclosure-generator", title=clean(f"{unit_name}{year}年部门预算表"),
                     identifier=key, created=stamp(when), when=when)


def _sheet_name(table: Table) -> str:
    """表3-1 …; Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    name = table.number or table.id
    return "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31]


def _style(kind: str, bold: bool = False) -> int:
    return _STYLE_INDEX[(kind, bold)]


def _text(ws: Sheet, row: int, column: int, text: str, kind: str, bold: bool = False) -> None:
    """A string cell, never a formula, without the control characters a workbook cannot hold."""
    ws.text(row, column, clean(text), _style(kind, bold))


def width_of(table: Table) -> int:
    return sum(c.colspan for c in table.head[0]) if table.head else 0


def _edges(ws: Sheet, top: int, left: int, bottom: int, right: int) -> None:
    """Borders on the cells a merged range covers besides its top-left one, then the merge."""
    edge = _style("edge")
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            if r > top or c > left:
                ws.blank(r, c, edge)
    ws.merge(top, left, bottom, right)


def _sheet(ws: Sheet, unit_name: str, table: Table) -> None:
    width = max(width_of(table), 2)
    _text(ws, 1, 1, f"{table.number} {table.title}".strip(), "title")
    ws.merge(1, 1, 1, width)
    ws.heights[1] = 28
    # The unit line: 单位 on the left, 金额单位 on the right over the last two columns (one is too
    # narrow for it, and text does not spill into a merged neighbour).
    split = width - 1 if width < 4 else width - 2
    _text(ws, 2, 1, f"单位：{unit_name}", "plain")
    ws.merge(2, 1, 2, split)
    if table.unit:
        _text(ws, 2, split + 1, f"金额单位：{table.unit}", "right")
        ws.merge(2, split + 1, 2, width)
    top = 3
    _header(ws, top, table.head)
    start = top + len(table.head)
    longest = [0] * width
    for r, row in enumerate(table.body):
        _row(ws, start + r, row, longest)
    below = start + len(table.body) + 1
    for line in ([table.empty_statement] if table.empty_statement else []) + list(table.notes):
        _text(ws, below, 1, line, "plain")
        ws.merge(below, 1, below, width)
        below += 1
    ws.frozen_rows = start - 1
    # Printed like the official forms: landscape, one page wide, the header repeated on every page.
    ws.landscape = ws.fit_width = True
    ws.title_rows = (top, start - 1)
    for c, column_width in enumerate(_column_widths(table, longest), 1):
        ws.widths[c] = column_width


def _header(ws: Sheet, top: int, head: tuple[tuple[Cell, ...], ...]) -> None:
    """Header rows with rowspan/colspan merged, placed as the HTML table places them."""
    for r, c, cell in header_places(head):
        _text(ws, top + r, c + 1, str(cell.text), "head")
        _edges(ws, top + r, c + 1, top + r + cell.rowspan - 1, c + cell.colspan)


def _row(ws: Sheet, r: int, row: Row, longest: list[int]) -> None:
    """A body row; `longest` (per column) takes the width of each single-column cell's text."""
    c = 1
    bold = row.kind in SUMS
    for cell in row.cells:
        if cell.value is not None:
            amount = Decimal(cell.value).quantize(CENT)
            ws.number(r, c, amount, _style("amount", bold))
            shown = _amount_width(amount)
        else:
            text = str(cell.text)
            kind = "code" if cell.code else "num" if cell.num else "text"
            _text(ws, r, c, text, "head" if row.kind == "total" and cell.colspan > 1 else kind, bold)  # 合计 centred
            shown = _display_width(text)
        if cell.colspan > 1:
            _edges(ws, r, c, r, c + cell.colspan - 1)
        elif c <= len(longest) and shown > longest[c - 1]:
            longest[c - 1] = shown
        c += cell.colspan


def _display_width(text: str) -> int:
    """Columns a text takes: a CJK character counts twice."""
    return len(text) if text.isascii() else sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _amount_width(amount: Decimal) -> int:
    """Characters of an amount (two decimals) as "#,##0.00" shows it: 12,345.60 is 9."""
    digits = str(amount)  # plain notation: a Decimal with two decimals is never written with an exponent
    whole = len(digits) - 3 - digits.startswith("-")
    return len(digits) + (whole - 1) // 3


def _column_widths(table: Table, longest: list[int]) -> list[float]:
    """Each column about as wide as its widest body text (`longest`, spanning cells left out), within
    bounds; the narrow code columns 类 款 项 6."""
    leaves = table.leaf_labels
    return [6.0 if c < len(leaves) and leaves[c] in ("类", "款", "项") else float(min(max(wide + 2, 10), 48))
            for c, wide in enumerate(longest)]
