"""A small XLSX (SpreadsheetML) writer: text, numbers and styles, merges, column widths, row
heights, a frozen header, print titles and page setup — what the download workbooks use, nothing
more.

openpyxl builds an object per cell and per style and serialises them through an XML tree: ~60 ms
of CPU for a disclosure's workbook, 20 s for a district. The parts written here directly as text
cost a few milliseconds, and every byte of them is decided here, so a build gives the same file
every time (with `zipfixed.pack`'s fixed stamps).

Choices, each for what a reader of the file sees:

- Text goes to the shared string table, the form Excel itself writes: every reader knows it, a
  repeated header or 合计 is stored once, and `_xHHHH_` in a text is escaped (`_x005F_xHHHH_`),
  where Excel and openpyxl read it back as written (in an inline string Excel would show the
  character it encodes, and openpyxl the escape).
- A text cell is a string whatever it says: it is never written as a formula.
- A number is the exact decimal string of the `Decimal` given (57.60), never a float's digits.
- Characters XML cannot carry (controls, U+FFFE, U+FFFF, lone surrogates) are dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from generator.downloads import zipfixed

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."
_XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_OOXML_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
# Number formats Excel knows by number; any other gets an id from 164 on.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49}
DEFAULT_FONT = ("Calibri", 11.0)
BORDER_COLOR = "FF808080"  # thin grey lines, as the printed forms have


@dataclass(frozen=True)
class Style:
    """How a cell looks; a workbook lists its styles up front (`Book(styles)`), a cell names one by
    its position in that list."""

    bold: bool = False
    font: str | None = None      # None: the workbook's default font (Calibri)
    size: float | None = None    # None: 11 pt
    horizontal: str | None = None  # left, center, right
    vertical: str | None = None    # top, center, bottom
    wrap: bool = False
    border: bool = False           # a thin grey line on every side
    number_format: str = "General"


def text_xml(text: str) -> str:
    """`text` as XML character data: escaped, without what XML cannot hold, `_xHHHH_` kept literal."""
    text = _INVALID.sub("", text) if _INVALID.search(text) else text
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr_xml(text: str) -> str:
    """`text` as an XML attribute value (between double quotes)."""
    return text_xml(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


@cache
def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def ref(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


class Sheet:
    """One worksheet: its cells by row and column, written out in order by `xml()`."""

    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.cells: dict[int, dict[int, str]] = {}
        self.heights: dict[int, float] = {}
        self.widths: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.frozen_rows = 0
        self.title_rows: tuple[int, int] | None = None
        self.landscape = False
        self.fit_width = False  # fit to one page wide, as many pages tall as it takes

    def _put(self, row: int, column: int, xml: str) -> None:
        self.cells.setdefault(row, {})[column] = xml

    def text(self, row: int, column: int, text: str, style: int = 0) -> None:
        """A string cell (an empty text leaves a styled blank cell)."""
        if not text:
            self.blank(row, column, style)
            return
        self._put(row, column, f'<c r="{ref(row, column)}" s="{style}" t="s"><v>{self.book.string(text)}</v></c>')

    def number(self, row: int, column: int, value: Decimal, style: int = 0) -> None:
        """A number cell holding exactly the digits of `value`."""
        if not value.is_finite():
            raise ValueError(f"{self.name}!{ref(row, column)}: {value} is not a finite number")
        digits = str(value)
        if "E" in digits:  # str() writes 1E+3 and 1E-7; "f" (slower) never does
            digits = f"{value:f}"
        self._put(row, column, f'<c r="{ref(row, column)}" s="{style}"><v>{digits}</v></c>')

    def blank(self, row: int, column: int, style: int) -> None:
        """A cell with a style and no value (the inside of a bordered merged range)."""
        self._put(row, column, f'<c r="{ref(row, column)}" s="{style}"/>')

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        if bottom > top or right > left:
            self.merges.append((top, left, bottom, right))

    def xml(self) -> str:
        rows = sorted(self.cells)
        last_col = max((max(cols) for cols in self.cells.values()), default=1)
        last_col = max(last_col, *self.widths) if self.widths else last_col
        out = [_XML_DECL, f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">']
        if self.fit_width:
            out.append('<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>')
        out.append(f'<dimension ref="A1:{ref(rows[-1] if rows else 1, last_col)}"/>')
        out.append(self._view())
        out.append('<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>')
        if self.widths:
            out.append("<cols>")
            out.extend(f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
                       for c, w in sorted(self.widths.items()))
            out.append("</cols>")
        out.append("<sheetData>")
        for r in rows:
            height = self.heights.get(r)
            out.append(f'<row r="{r}" ht="{height:g}" customHeight="1">' if height else f'<row r="{r}">')
            cols = self.cells[r]
            out.extend(cols[c] for c in sorted(cols))
            out.append("</row>")
        out.append("</sheetData>")
        if self.merges:
            out.append(f'<mergeCells count="{len(self.merges)}">')
            out.extend(f'<mergeCell ref="{ref(top, left)}:{ref(bottom, right)}"/>'
                       for top, left, bottom, right in self.merges)
            out.append("</mergeCells>")
        out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/>')
        setup = ' paperSize="9"' + (' orientation="landscape"' if self.landscape else "")
        setup += ' fitToWidth="1" fitToHeight="0"' if self.fit_width else ""
        out.append(f"<pageSetup{setup}/>")
        out.append("</worksheet>")
        return "".join(out)

    def _view(self) -> str:
        if self.frozen_rows <= 0:
            return '<sheetViews><sheetView workbookViewId="0"/></sheetViews>'
        first = f"A{self.frozen_rows + 1}"
        return ('<sheetViews><sheetView workbookViewId="0">'
                f'<pane ySplit="{self.frozen_rows}" topLeftCell="{first}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{first}" sqref="{first}"/>'
                "</sheetView></sheetViews>")


class Book:
    """A workbook being written: its styles (fixed up front), sheets and shared strings."""

    def __init__(self, styles: Sequence[Style]) -> None:
        self.styles = (Style(), *styles)  # 0 is the default style every reader expects first
        self.sheets: list[Sheet] = []
        self.strings: dict[str, int] = {}
        self.string_cells = 0  # cells that refer to a shared string (the table's `count`)

    def sheet(self, name: str) -> Sheet:
        made = Sheet(self, name)
        self.sheets.append(made)
        return made

    def string(self, text: str) -> int:
        """The index of `text` in the shared string table, for one more cell."""
        self.string_cells += 1
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    def save(self, *, creator: str, title: str, identifier: str, created: dt.datetime,
             when: dt.datetime | None = None) -> bytes:
        """The .xlsx file's bytes; `created` (naive UTC) goes into docProps, `when` stamps the zip
        entries (`zipfixed.pack`)."""
        n = len(self.sheets)
        parts = [("[Content_Types].xml", _content_types(n)), ("_rels/.rels", _ROOT_RELS),
                 ("docProps/app.xml", _APP), ("docProps/core.xml", _core(creator, title, identifier, created)),
                 ("xl/workbook.xml", self._workbook()), ("xl/_rels/workbook.xml.rels", _workbook_rels(n)),
                 ("xl/styles.xml", styles_xml(self.styles)), ("xl/sharedStrings.xml", self._strings())]
        parts += [(f"xl/worksheets/sheet{i}.xml", s.xml()) for i, s in enumerate(self.sheets, 1)]
        return zipfixed.pack(((name, xml.encode("utf-8")) for name, xml in parts), when=when)

    def _workbook(self) -> str:
        sheets = "".join(f'<sheet name="{attr_xml(s.name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, s in enumerate(self.sheets, 1))
        names = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{text_xml(_quoted(s.name))}!${s.title_rows[0]}:${s.title_rows[1]}</definedName>"
            for i, s in enumerate(self.sheets) if s.title_rows)
        return (f'{_XML_DECL}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr/>'
                '<bookViews><workbookView activeTab="0"/></bookViews>'
                f"<sheets>{sheets}</sheets>" + (f"<definedNames>{names}</definedNames>" if names else "")
                + "</workbook>")

    def _strings(self) -> str:
        items = "".join(f'<si><t xml:space="preserve">{text_xml(s)}</t></si>' if s != s.strip()
                        else f"<si><t>{text_xml(s)}</t></si>" for s in self.strings)
        return (f'{_XML_DECL}<sst xmlns="{MAIN}" count="{self.string_cells}" uniqueCount="{len(self.strings)}">'
                f"{items}</sst>")


def _quoted(sheet: str) -> str:
    """A sheet name as a formula names it: in quotes, a quote doubled."""
    return "'" + sheet.replace("'", "''") + "'"


def _content_types(sheets: int) -> str:
    sheet_parts = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                          f'ContentType="{_CT}spreadsheetml.worksheet+xml"/>' for i in range(1, sheets + 1))
    return (f'{_XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{_CT}extended-properties+xml"/>'
            f"{sheet_parts}</Types>")


_ROOT_RELS = (f'{_XML_DECL}<Relationships xmlns="{PKG_REL}">'
              f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
              f'<Relationship Id="rId2" Type="{PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
              f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
              "</Relationships>")
_APP = (f'{_XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>budget-disclosure-generator</Application></Properties>")


def _workbook_rels(sheets: int) -> str:
    rels = [f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, sheets + 1)]
    rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{REL}/styles" Target="styles.xml"/>')
    rels.append(f'<Relationship Id="rId{sheets + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    return f'{_XML_DECL}<Relationships xmlns="{PKG_REL}">{"".join(rels)}</Relationships>'


def _core(creator: str, title: str, identifier: str, created: dt.datetime) -> str:
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_XML_DECL}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:creator>{text_xml(creator)}</dc:creator><dc:title>{text_xml(title)}</dc:title>"
            f"<dc:identifier>{text_xml(identifier)}</dc:identifier>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            "</cp:coreProperties>")


@cache
def styles_xml(styles: tuple[Style, ...]) -> str:
    """xl/styles.xml for `styles` (the first the default), each cellXfs entry in their order."""
    fonts: dict[tuple[bool, str, float], int] = {}
    formats: dict[str, int] = {}
    xfs = []
    for style in styles:
        font_key = (style.bold, style.font or DEFAULT_FONT[0], style.size or DEFAULT_FONT[1])
        font = fonts.setdefault(font_key, len(fonts))
        number = BUILTIN_FORMATS.get(style.number_format)
        if number is None:
            number = formats.setdefault(style.number_format, 164 + len(formats))
        applied = (' applyFont="1"' if font else "") + (' applyNumberFormat="1"' if number else "") \
            + (' applyBorder="1"' if style.border else "")
        align = "".join(f' {name}="{value}"' for name, value in (
            ("horizontal", style.horizontal), ("vertical", style.vertical),
            ("wrapText", "1" if style.wrap else None)) if value)
        head = (f'<xf numFmtId="{number}" fontId="{font}" fillId="0" borderId="{int(style.border)}" xfId="0"'
                f"{applied}")
        xfs.append(f'{head} applyAlignment="1"><alignment{align}/></xf>' if align else f"{head}/>")
    family = '<family val="2"/>'  # Calibri is a sans-serif (swiss) font
    font_xml = "".join(f'<font>{"<b/>" if bold else ""}<sz val="{size:g}"/><name val="{attr_xml(name)}"/>'
                       f'{family if name == DEFAULT_FONT[0] else ""}</font>'
                       for bold, name, size in fonts)
    format_xml = "".join(f'<numFmt numFmtId="{i}" formatCode="{attr_xml(code)}"/>' for code, i in formats.items())
    line = f'style="thin"><color rgb="{BORDER_COLOR}"/>'
    border = (f"<border><left {line}</left><right {line}</right><top {line}</top><bottom {line}</bottom>"
              "<diagonal/></border>")
    return (f'{_XML_DECL}<styleSheet xmlns="{MAIN}">'
            + (f'<numFmts count="{len(formats)}">{format_xml}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{border}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>")
