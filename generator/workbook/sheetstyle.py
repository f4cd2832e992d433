"""How the workbook looks: fills, fonts, and row heights that fit wrapped Chinese text.

Spreadsheet programs do not grow a row for wrapped text written by another program (LibreOffice
prints such rows one line high, the text running over the next rows), so each row's height is set
from its longest cell.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
READ_ONLY_FILL = PatternFill("solid", fgColor="EDEDED")
HINT_FONT = Font(italic=True, color="666666", size=9)
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_POINTS = 15
MAX_LINES = 12
DEFAULT_WIDTH = 9


def style_header(cell: Any) -> None:
    cell.font = Font(bold=True)
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _width(text: str) -> float:
    """Column-width units: a digit is one; a Han character measured about 1.8 in Excel and LibreOffice."""
    return sum(1.8 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def lines(text: str, width: float) -> int:
    """How many lines `text` takes in a wrapped cell `width` units wide."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(_width(part) / usable)) for part in text.split("\n"))


def fit_row(ws: Worksheet, row: int) -> None:
    """Make the row tall enough for its longest wrapped text (up to MAX_LINES lines)."""
    needed = 1
    for cell in ws[row]:
        if isinstance(cell.value, str) and cell.alignment.wrap_text:
            dim = ws.column_dimensions.get(cell.column_letter)
            width = dim.width if dim is not None and dim.width else DEFAULT_WIDTH
            needed = max(needed, lines(cell.value, width))
    if needed > 1:
        ws.row_dimensions[row].height = min(needed, MAX_LINES) * LINE_POINTS + 2
