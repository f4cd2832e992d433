"""Read the tables of a built HTML page back into cells, headers and captions (stdlib only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class HtmlCell:
    text: str
    header: bool
    colspan: int
    rowspan: int
    col: int = 0  # first grid column, filled in by `grid`


@dataclass
class HtmlTable:
    caption: str = ""
    head: list[list[HtmlCell]] = field(default_factory=list)
    body: list[list[HtmlCell]] = field(default_factory=list)
    classes: str = ""

    @property
    def number(self) -> str:
        return self.caption.split()[0] if self.caption else ""

    def column_labels(self) -> dict[int, list[str]]:
        """Grid column → the header labels stacked above it, top to bottom."""
        labels: dict[int, list[str]] = {}
        _grid(self.head, lambda cell, cols: [labels.setdefault(c, []).append(cell.text) for c in cols])
        return labels

    def rows(self) -> list[list[HtmlCell]]:
        _grid(self.body, lambda cell, cols: None)
        return self.body


def _grid(rows: list[list[HtmlCell]], visit) -> None:  # type: ignore[no-untyped-def]
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            cell.col = c
            cols = list(range(c, c + cell.colspan))
            for dr in range(cell.rowspan):
                for cc in cols:
                    taken.add((r + dr, cc))
            visit(cell, cols)
            c += cell.colspan


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._section = ""
        self._cell: HtmlCell | None = None
        self._row: list[HtmlCell] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.tables.append(HtmlTable(classes=a.get("class") or ""))
            self._section = "body"
        elif tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self._section = "head"
        elif tag == "tbody":
            self._section = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = HtmlCell("", tag == "th", int(a.get("colspan") or 1), int(a.get("rowspan") or 1))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._cell.text = re.sub(r"\s+", " ", self._cell.text).strip()
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            target = self.tables[-1].head if self._section == "head" else self.tables[-1].body
            target.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_caption and self.tables:
            self.tables[-1].caption += data
        elif self._cell is not None:
            self._cell.text += data


def parse_tables(html: str) -> list[HtmlTable]:
    parser = _Parser()
    parser.feed(html)
    return parser.tables
