"""Each statutory table as a CSV file that Excel, LibreOffice and data tools all read correctly.

Choices, each for a reader who opens the file without instructions:

- UTF-8 with a byte order mark: Excel on Windows reads a CSV without one in the local code page
  (GBK), which garbles every Chinese character; data tools skip the mark.
- One header row: a multi-level header is flattened by joining the headers above a column with
  "·" (基本支出·人员经费); an amount column names its money unit (合计（万元）).
- Codes are written whole in every code column (类 201, 款 20103, 项 2010302) instead of the
  printed table's two-digit parts (03, 02). Excel turns a CSV cell "03" into the number 3 and loses
  the zero whatever the quoting; a whole function or economic code never starts with 0, so Excel
  keeps its digits, and typed readers see text because every code is quoted and declared `string`
  in the Fiscal Data Package's schema (fiscal.py). The printed layout, parts and all, is in the
  XLSX workbook, where codes are text cells.
- Amounts are plain decimals with two places (57.60), no thousands separator, zero written 0.00:
  the exact Decimal of the table cell, never a float.
- A last column 行类型 (合计、单位、类、款、项 …) says which rows are sums of others, so a reader
  adding up a column does not count a figure twice.
- Text that a spreadsheet would run as a formula (a cell starting with = + - @, a tab or a carriage
  return) gets a leading apostrophe: `guard`. The apostrophe stays visible, which tells the reader
  the text was changed; a tab would hide the change. Amounts and codes are never guarded (they are
  digits).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from generator.money import CENT
from generator.tablemodel import Cell, Table, _header_grid

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
CODE_PARTS = ("类", "款", "项")
# What each row kind of a table is, in words: a reader filters on it to avoid double counting.
_FUNCTION = {"total": "合计", "unit": "单位", "class": "类", "subclass": "款", "item": "项"}
_ECON = {"total": "合计", "unit": "单位", "class": "类", "item": "款"}
KINDS = {"t1-1": _FUNCTION, "t1-2": _FUNCTION, "t3": _FUNCTION, "t4": _FUNCTION, "t5": _FUNCTION,
         "t2-1": _ECON, "t3-1": _ECON, "t3-2": {"total": "合计", "subclass": "项", "item": "项目"},
         "t3-3": {"total": "合计", "item": "单位"}, "t4-1": {"total": "合计", "item": "单位"},
         "t6": {"total": "合计", "item": "项目"}}
OTHER_KINDS = {"total": "合计", "subtotal": "小计"}
KIND_COLUMN = "行类型"


def clean(text: str) -> str:
    """Without the control characters an XLSX cannot hold (the pages drop them too, escape.esc)."""
    return CONTROL.sub("", text)


def guard(text: str) -> str:
    """Text a spreadsheet must show, never evaluate (OWASP's CSV injection advice)."""
    text = clean(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def amount_columns(table: Table) -> set[int]:
    """Columns (0-based, colspans expanded) where some body cell carries an amount."""
    found: set[int] = set()
    for row in table.body:
        c = 0
        for cell in row.cells:
            if cell.value is not None:
                found.add(c)
            c += cell.colspan
    return found


def header(table: Table) -> list[str]:
    """One header row: the headers above each column joined by "·", amounts with their unit."""
    money_cols = amount_columns(table)
    out = []
    for c, column in enumerate(_header_grid(table.head)):
        text = "·".join(str(cell.text) for cell in column)
        if c in money_cols and table.unit:
            text += f"（{table.unit}）"
        out.append(text)
    return out


def _kind(table: Table, kind: str) -> str:
    return KINDS.get(table.id, OTHER_KINDS).get(kind, "")


def body_rows(table: Table) -> list[list[str | Decimal]]:
    """The body as plain strings: spans expanded (a spanning label goes in its last column, the
    name column in every layout), codes whole, amounts exact, text guarded."""
    leaves = table.leaf_labels
    rows = []
    for row in table.body:
        out: list[str | Decimal] = []
        prefix = ""
        for cell in row.cells:
            leaf = leaves[len(out)] if len(out) < len(leaves) else ""
            value = _value(cell, leaf, prefix)
            if cell.code and leaf in CODE_PARTS and str(cell.text):
                prefix = str(value)
            out.extend([*([""] * (cell.colspan - 1)), value])
        rows.append([*out, _kind(table, row.kind)])
    return rows


def _value(cell: Cell, leaf: str, prefix: str) -> str | Decimal:
    """An amount as a Decimal to two places (written unquoted), anything else as text (quoted)."""
    if cell.value is not None:
        return cell.value.quantize(CENT)
    text = str(cell.text)
    if cell.code and leaf in CODE_PARTS and leaf != "类":
        return prefix + text if text else ""
    return guard(text)


def table_csv(table: Table) -> bytes:
    """The CSV file of one table: BOM, one header row, body rows; `\\r\\n` line ends (RFC 4180).
    Text and codes are quoted, amounts are not (QUOTE_NONNUMERIC writes a Decimal bare)."""
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([*header(table), KIND_COLUMN])
    for row in body_rows(table):
        writer.writerow(row)
    return (BOM + buf.getvalue()).encode("utf-8")
