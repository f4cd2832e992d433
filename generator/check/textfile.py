"""A published disclosure written by hand (plain text or Markdown), cut into passages and tables.

Text extracted from a PDF wraps sentences across lines (often with blank lines between): a line
that does not end a sentence is joined to the next one unless that one starts a heading, a list
item or a table row. Spaces next to Chinese characters are dropped (`133.05 万元` → `133.05万元`).
Every character keeps its line number, so a finding points at the line of the phrase.

Markdown written by the generator (or by hand) may hold tables as HTML, one `<tr>` per line: each
such row is a table row with its `<td>`/`<th>` cells, under the table its heading names (`## 表3-1
…`), with the `<caption>` above it. Header rows (`<thead>`) and chart images (`<svg>`) are left out:
the first only name columns, the second repeat the data table printed under them.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.subject import Passage
from generator.errors import DataError, Location, problem

HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、"
                     r"|[（(][一二三四五六七八九十]+[）)]|#{1,6}\s)")
ITEM = re.compile(r"^(?:\d+[、.．]|[-*+]\s|表\s*\d)")
TABLE_MARK = re.compile(r"^表\s*(\d+(?:\s*-\s*\d+)?)$")
TABLE_TITLE = re.compile(r"^表\s*(\d+(?:\s*-\s*\d+)?)\s*[\u4e00-\u9fff]")  # a heading: 表3-1 一般公共预算…
HTML_ROW = re.compile(r"^\s*<tr[\s>]")
HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", re.S)
HTML_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
T6_MARK = re.compile(r"^(?:部门)?预算项目(?:支出)?绩效目标(?:申报)?表")
T7_MARK = re.compile(r"^部门(?:[（(]单位[）)])?整体支出绩效目标(?:申报)?表")
END_OF_SENTENCE = "。；！？!?;"
_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \u3000]+|[ \u3000]+(?=[^\x00-\x7f])")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_ATTR = re.compile(r"\s*\{\s*[:#.][^{}]*\}\s*$")  # Markdown attribute lists: {#t1}, {: .x }
_MD_HEADING = re.compile(r"^(#{1,6})\s+")


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]
    table: str
    caption: str = ""  # an HTML table's caption (表6-1 某项目绩效指标, 支出预算：…（数据表）…)
    caption_line: int = 0


@dataclass
class TableSection:
    """The lines from a table's title to the next table or part: its rows and all its text."""

    id: str
    line: int
    rows: list[Row] = field(default_factory=list)
    text: str = ""


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass
class TextFile:
    rel: str
    passages: list[Passage]
    rows: list[Row]
    tables: list[TableSection]
    headings: list[Heading]
    _chains: list[list[str]] | None = field(default=None, repr=False)

    def chain(self, line: int) -> list[str]:
        """The headings a line is under, innermost first (（二）…, 三、…, 第二部分 …)."""
        if self._chains is None:
            self._chains = _chains(self.headings)
        i = bisect.bisect_right([h.line for h in self.headings], line) - 1
        return self._chains[i] if i >= 0 else []

    def section_passages(self, heading: Heading) -> list[Passage]:
        """Passages from a heading to the next heading of the same or a higher level."""
        later = [h.line for h in self.headings if h.line > heading.line and h.level <= heading.level]
        end = min(later, default=10**9)
        return [p for p in self.passages if heading.line <= p.at().line < end]  # type: ignore[operator]


def _chains(headings: list[Heading]) -> list[list[str]]:
    """For each heading, it and the headings it is under, innermost first."""
    out: list[list[str]] = []
    stack: list[Heading] = []
    for h in headings:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        stack.append(h)
        out.append([x.text for x in reversed(stack)])
    return out


def clean(line: str) -> str:
    """Markup removed (tags, character references) and spaces next to Chinese characters dropped."""
    return _SPACE.sub("", html.unescape(_TAG.sub("", _ATTR.sub("", line)))).strip(" \u3000")


def heading_level(text: str, raw: str = "") -> int | None:
    md = _MD_HEADING.match(raw.lstrip())
    if md:
        return len(md[1]) - 1
    m = HEADING.match(text)
    if not m or len(text) > 40 or re.search(r"[：:]|。$", text):
        return None
    head = m.group()
    if head.startswith("第"):
        return 0
    if head.startswith("#"):
        return len(head.strip())
    return 1 if head.endswith("、") else 2


def read(path: Path, rel: str) -> TextFile:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError([problem("missing-file", f"无法读取要核对的文本：{exc.strerror}", Location(rel))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found = problem("yaml-encoding", "要核对的文本不是 UTF-8 编码；请另存为 UTF-8", Location(rel, line))
        raise DataError([found]) from None
    return parse(text, rel)


def _cells(line: str) -> tuple[str, ...] | None:
    if "\t" in line:
        return tuple(clean(c) for c in line.split("\t"))
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and len(s) > 2:
        if re.fullmatch(r"[|:\-\s]+", s):
            return ()
        return tuple(clean(c) for c in s[1:-1].split("|"))
    return None


def _table_id(text: str, current: str, level: int | None = None, markdown: bool = False) -> str:
    """The table a line opens (表3-1 …), "" when it closes the table part, else the current one."""
    m = TABLE_MARK.match(text) or (TABLE_TITLE.match(text) if level is not None else None)
    if m:
        return "表" + re.sub(r"\s", "", m[1])
    if T6_MARK.match(text):
        return "表6"
    if T7_MARK.match(text):
        return "表7"
    if text.startswith("第四部分") or text.startswith("第五部分") or (markdown and level is not None and level <= 1):
        return ""
    return current


def html_cells(raw: str) -> tuple[str, ...]:
    """The cells of one HTML table row, markup removed."""
    return tuple(clean(c) for c in HTML_CELL.findall(raw))


@dataclass
class _Parser:
    """The state of one pass over a text: the passages so far and where in the document we are."""

    rel: str
    passages: list[Passage] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    tables: list[TableSection] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    table: str = ""
    section: str = ""
    caption: str = ""
    caption_line: int = 0
    in_head: bool = False
    buf: list[tuple[str, int]] = field(default_factory=list)

    def flush(self) -> None:
        if self.buf:
            starts, joined = [], ""
            for part, line in self.buf:
                starts.append((len(joined), line, None))
                joined += part
            kind = "title" if heading_level(joined) is not None else "prose"
            self.passages.append(Passage(joined, self.rel, kind, tuple(starts), section=self.section, table=self.table))
            self.buf.clear()

    def row(self, number: int, cells: tuple[str, ...]) -> None:
        self.flush()
        if not cells or not any(cells):
            return
        row = Row(number, cells, self.table, self.caption, self.caption_line if self.caption else 0)
        self.rows.append(row)
        if self.tables and self.tables[-1].id == self.table:
            self.tables[-1].rows.append(row)
            self.tables[-1].text += "\t".join(cells) + "\n"
        self.passages.append(Passage("\t".join(cells), self.rel, "table", ((0, number, None),),
                                     section=self.section, table=self.table))

    def html(self, number: int, raw: str, line: str) -> None:
        """A line of HTML: a table row, a caption, a chart image (skipped) or a paragraph of its own."""
        if "<thead" in raw:
            self.in_head = True
        if "</thead" in raw:
            self.in_head = False
            return
        caption = HTML_CAPTION.search(raw)
        if caption:
            self.caption, self.caption_line = clean(caption[1]), number
        if "<table" in raw:
            self.caption = clean(caption[1]) if caption else ""
        if HTML_ROW.match(raw):
            if not self.in_head:
                self.row(number, html_cells(raw))
            return
        if caption:  # a table's title: a passage of its own, for the words rules (years, names)
            self.flush()
            self.passages.append(Passage(self.caption, self.rel, "caption", ((0, number, None),),
                                         section=self.section, table=self.table))
            return
        if "<svg" in raw or self.in_head:
            return
        if self.tables and self.tables[-1].id == self.table and self.table:
            self.tables[-1].text += line + "\n"
        self.flush()
        self.buf.append((line, number))
        self.flush()

    def line(self, number: int, raw: str) -> None:
        cells = _cells(raw)
        if cells is not None:
            self.row(number, cells)
            return
        line = clean(_MD_HEADING.sub("", raw.lstrip()))
        if not line:
            return
        if raw.lstrip().startswith("<"):
            self.html(number, raw, line)
            return
        level = heading_level(line, raw)
        new_table = _table_id(line, self.table, level, bool(_MD_HEADING.match(raw.lstrip())))
        titled = bool(new_table and TABLE_TITLE.match(line) and level is not None)
        if new_table != self.table or TABLE_MARK.match(line) or titled:
            self.table = new_table
            self.caption = ""
            if self.table:
                self.tables.append(TableSection(self.table, number))
        elif self.tables and self.tables[-1].id == self.table and self.table:
            self.tables[-1].text += line + "\n"
        if level is not None:
            self.flush()
            self.headings.append(Heading(number, level, line))
            self.section = line
            self.buf.append((line, number))
            self.flush()
            return
        if self.buf and (ITEM.match(raw.lstrip()) or HEADING.match(line) or self.buf[-1][0][-1] in END_OF_SENTENCE):
            self.flush()
        self.buf.append((line, number))


def parse(text: str, rel: str) -> TextFile:
    p = _Parser(rel)
    for number, raw in enumerate(text.splitlines(), start=1):
        p.line(number, raw)
    p.flush()
    return TextFile(rel, p.passages, p.rows, p.tables, p.headings)
