"""Rows of a printed table matched with the rows the generator lays out from the data.

A row is known by its key: its classification code (function 类/款/项, economic 类/款), its project
(表3-2) or its labels (表1, 表2), and by the unit whose block it is in. A department with
subordinate units prints its own rows and then one block per unit, each opened by a row that
starts with the unit's code and name ("201002 示例区第一中学"); a row with a unit-code column
(表3-2) belongs to that unit. The same walk over the generator's tables and over a printed text
gives the same keys, so each printed row is compared with the row of the same unit and key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.check.arithmetic import leaf_labels, positions, tables
from generator.check.facts import norm
from generator.check.subject import Subject
from generator.derive import members
from generator.model import Disclosure
from generator.tablemodel import Table

AMOUNT = re.compile(r"^\d+\.\d{2}$")
NUMERAL = re.compile(r"^[一二三四五六七八九十]+、")
UNIT_HEAD = re.compile(r"^(\d{3,12})[\s\-—－]*(.*)$")
ECON_TABLES = ("表2-1", "表3-1")
FUNCTION_TABLES = ("表1-1", "表1-2", "表3", "表3-2", "表4", "表5")
LABEL_TABLES = ("表1", "表2", "表3-3", "表4-1")
ROW_TABLES = (*FUNCTION_TABLES, *ECON_TABLES, *LABEL_TABLES)
DEPT = ""  # the unit key of the department's own rows (before any unit block)


@dataclass(frozen=True)
class Key:
    """Where a row belongs: the unit block (DEPT for the department's rows) and what the row is."""

    unit: str
    what: str  # f:<function code>[|project], e:<economic code>, l:<labels>, u: (a unit's own row)

    @property
    def code(self) -> str:
        return self.what[2:].split("|")[0] if self.what[:2] in ("f:", "e:") else ""


@dataclass(frozen=True)
class Expected:
    """A row as the generator lays it out: its cells as printed and the column each cell is under."""

    key: Key
    cells: tuple[str, ...]
    numeric: tuple[bool, ...]
    columns: tuple[str, ...]
    values: tuple[Decimal | None, ...] = ()  # each amount cell's Decimal, as laid out

    def value(self, i: int) -> Decimal:
        """The figure of cell `i`: an amount's own Decimal; a count's printed digits."""
        held = self.values[i] if i < len(self.values) else None
        return held if held is not None else Decimal(self.cells[i] or "0")

    def first(self) -> tuple[str, Decimal] | None:
        """(column, value) of the first figure of the row (its 合计)."""
        i = next((i for i, n in enumerate(self.numeric) if n), None)
        return (self.columns[i], self.value(i)) if i is not None else None


def units(d: Disclosure) -> dict[str, str]:
    """Code → name of every unit whose block a department table may print."""
    return {m.code: m.name for m in members(d)}


def unit_head(cells: tuple[str, ...], known: dict[str, str]) -> str | None:
    """The unit a row opens, if it starts with a unit's code followed by a name."""
    texts = [c for c in cells if c]
    m = UNIT_HEAD.match(texts[0]) if texts else None
    if not m or m[1] not in known:
        return None
    rest = m[2] or (texts[1] if len(texts) > 1 else "")
    return m[1] if rest and not rest[0].isdigit() else None


def _function_key(table: str, cells: tuple[str, ...], known: dict[str, str]) -> tuple[str | None, str] | None:
    if len(cells) < 3 or not re.fullmatch(r"\d{3}", cells[0]):
        return None
    pair = r"(\d{2})?"
    if not re.fullmatch(pair, cells[1]) or not re.fullmatch(pair, cells[2]) or (cells[2] and not cells[1]):
        return None
    code, rest, unit = cells[0] + cells[1] + cells[2], list(cells[3:]), None
    if rest and re.fullmatch(r"\d{3,12}", rest[0]):
        unit = rest.pop(0)
    elif rest and not rest[0] and table == "表3-2":
        rest.pop(0)
    name = rest[0] if rest and not AMOUNT.match(rest[0]) else ""
    return (unit if unit in known else None), "f:" + code + (f"|{norm(name)}" if table == "表3-2" else "")


def _econ_key(cells: tuple[str, ...]) -> str | None:
    c = list(cells[:3]) + [""] * (3 - len(cells[:3]))
    if re.fullmatch(r"\d{3}", c[0]) and re.fullmatch(r"\d{2}", c[1]):
        return "e:" + c[0] + c[1]
    if re.fullmatch(r"\d{3}", c[0]) and not c[1]:
        return "e:" + c[0]
    if not c[0] and re.fullmatch(r"\d{3}", c[1]):
        return "e:" + c[1]
    return None


def label_key(cells: tuple[str, ...]) -> str:
    return "l:" + "|".join(norm(NUMERAL.sub("", c)) for c in cells if c and not AMOUNT.match(c))


def walk(table: str, rows: Iterable[tuple[str, ...]], known: dict[str, str], single: bool) -> Iterator[Key]:
    """The key of each row, in order; a unit's row opens its block (a single unit's stays the department's)."""
    block = DEPT
    for cells in rows:
        head = unit_head(cells, known)
        if head is not None:
            block = DEPT if single else head
            yield Key(block, "u:")
            continue
        if table in ECON_TABLES and (econ := _econ_key(cells)):
            yield Key(block, econ)
            continue
        func = _function_key(table, cells, known) if table in FUNCTION_TABLES else None
        if func:
            unit, what = func
            yield Key(DEPT if single or (unit is None and block == DEPT) else (unit or block), what)
            continue
        yield Key(block, label_key(cells))


class Layout:
    """The generator's rows of one disclosure's tables, by table and key (several rows may share a key)."""

    def __init__(self, s: Subject) -> None:
        self.known = units(s.d)
        self.single = not s.d.unit.subordinates
        self.rows: dict[str, dict[Key, list[Expected]]] = {}
        for number, table in tables(s).items():
            if number in ROW_TABLES:
                self.rows[number] = self._index(number, table)

    def _index(self, number: str, table: Table) -> dict[Key, list[Expected]]:
        labels = leaf_labels(table)
        body: list[tuple[tuple[str, ...], tuple[bool, ...], tuple[str, ...], tuple[Decimal | None, ...]]] = []
        for row in table.body:
            placed = positions(row.cells)
            body.append((tuple(str(cell.text) for cell in row.cells), tuple(cell.num for cell in row.cells),
                         tuple(labels[c] if c < len(labels) else "" for c, _ in placed),
                         tuple(cell.value for cell in row.cells)))
        out: dict[Key, list[Expected]] = {}
        keys = walk(number, (b[0] for b in body), self.known, self.single)
        for key, (texts, numeric, columns, values) in zip(keys, body, strict=True):
            out.setdefault(key, []).append(Expected(key, texts, numeric, columns, values))
        return out

    def match(self, number: str, rows: list[tuple[str, ...]]) -> list[tuple[Key, Expected | None]]:
        """Each printed row of a table with the generator's row of the same unit and key (None if none)."""
        index = self.rows.get(number, {})
        seen: dict[Key, int] = {}
        out = []
        for key in walk(number, rows, self.known, self.single):
            n = seen.get(key, 0)
            seen[key] = n + 1
            candidates = index.get(key, [])
            out.append((key, candidates[n] if n < len(candidates) else (candidates[-1] if candidates else None)))
        return out


def layout(s: Subject) -> Layout:
    cached = s.extra.get("layout")
    if not isinstance(cached, Layout):
        cached = s.extra["layout"] = Layout(s)
    return cached
