"""A published disclosure written by hand (plain text or Markdown), cut into passages and tables.

Text extracted from a PDF wraps sentences across lines (often with blank lines between): a line
that does not end a sentence is joined to the next one unless that one starts a heading, a list
item or a table row. Spaces next to Chinese characters are dropped (`133.05 万元` → `133.05万元`).
Every character keeps its line number, so a finding points at the line of the phrase.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.check.subject import Passage
from generator.errors import DataError, Location, Problem

HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|#{1,6}\s)")
ITEM = re.compile(r"^(?:\d+[、.．]|[-*+]\s|表\s*\d)")
TABLE_MARK = re.compile(r"^表\s*(\d+(?:\s*-\s*\d+)?)$")
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

    def section_passages(self, heading: Heading) -> list[Passage]:
        """Passages from a heading to the next heading of the same or a higher level."""
        later = [h.line for h in self.headings if h.line > heading.line and h.level <= heading.level]
        end = min(later, default=10**9)
        return [p for p in self.passages if heading.line <= p.at().line < end]  # type: ignore[operator]


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
        raise DataError([Problem("missing-file", f"无法读取要核对的文本：{exc.strerror}", Location(rel))]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem("yaml-encoding", "要核对的文本不是 UTF-8 编码；请另存为 UTF-8", Location(rel, line))]) from None
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


def _table_id(text: str, current: str) -> str:
    m = TABLE_MARK.match(text)
    if m:
        return "表" + re.sub(r"\s", "", m[1])
    if T6_MARK.match(text):
        return "表6"
    if T7_MARK.match(text):
        return "表7"
    if text.startswith("第四部分") or text.startswith("第五部分"):
        return ""
    return current


def parse(text: str, rel: str) -> TextFile:
    passages: list[Passage] = []
    rows: list[Row] = []
    tables: list[TableSection] = []
    headings: list[Heading] = []
    table, section = "", ""
    buf: list[tuple[str, int]] = []

    def flush() -> None:
        if buf:
            starts, joined = [], ""
            for part, line in buf:
                starts.append((len(joined), line, None))
                joined += part
            kind = "title" if heading_level(joined) is not None else "prose"
            passages.append(Passage(joined, rel, kind, tuple(starts), section=section, table=table))
            buf.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        cells = _cells(raw)
        if cells is not None:
            flush()
            if cells and any(cells):
                row = Row(number, cells, table)
                rows.append(row)
                if tables and tables[-1].id == table:
                    tables[-1].rows.append(row)
                    tables[-1].text += "\t".join(cells) + "\n"
                passages.append(Passage("\t".join(cells), rel, "table", ((0, number, None),),
                                        section=section, table=table))
            continue
        line = clean(_MD_HEADING.sub("", raw.lstrip()))
        if not line:
            continue
        if raw.lstrip().startswith("<"):  # a line of HTML (a table row, a figure): a passage of its own
            flush()
            buf.append((line, number))
            flush()
            continue
        new_table = _table_id(line, table)
        if new_table != table or TABLE_MARK.match(line):
            table = new_table
            if table:
                tables.append(TableSection(table, number))
        elif tables and tables[-1].id == table and table:
            tables[-1].text += line + "\n"
        level = heading_level(line, raw)
        if level is not None:
            flush()
            headings.append(Heading(number, level, line))
            section = line
            buf.append((line, number))
            flush()
            continue
        if buf and (ITEM.match(raw.lstrip()) or HEADING.match(line) or buf[-1][0][-1] in END_OF_SENTENCE):
            flush()
        buf.append((line, number))
    flush()
    return TextFile(rel, passages, rows, tables, headings)
