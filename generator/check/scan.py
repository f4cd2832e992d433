"""Amounts, percentages and changes in free text, each with the figure it refers to.

Shared by the text rules: a passage is scanned once and its tokens cached on the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.check.facts import Measure, norm
from generator.check.subject import Passage, Subject

NUMBER = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|万(?![\u4e00-\u9fff])|元|%|％)")
CLAUSE = re.compile(r"[。；;：:，,！？!?\n]")
CHANGE = re.compile(r"(?P<dir>增加|减少|增长|下降|减)了?\s*$")
BASIS = re.compile(r"比\s*(?:(?P<year>\d{4})\s*年度?)?(?P<what>.*?)(?:增加|减少|增长|下降|减)了?\s*$")
SHARE = re.compile(r"(?:占|占比|比重为?|比例为?)\s*$")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    number: Decimal
    unit: str          # 万元, 万, 元, 亿元 or %
    kind: str          # amount, percent, change
    segment: str       # the words of the same clause before the number
    measure: Measure | None  # amount: what it names; percent and change: the figure just stated
    basis: Measure | None = None  # change: what it is compared with (比 … 增加)
    sign: int = 0      # change: +1 增加, -1 减少

    @property
    def wan(self) -> Decimal:
        """The number in 万元."""
        if self.unit == "元":
            return self.number / 10000
        if self.unit == "亿元":
            return self.number * 10000
        return self.number


def tokens(s: Subject, p: Passage) -> list[Token]:
    cache = s.extra.setdefault("tokens", {})
    key = (p.file, p.starts, p.text)
    if key not in cache:
        cache[key] = list(_scan(s, p.text))
    return cache[key]


def _segment(text: str, start: int, floor: int) -> str:
    bounds = [m.end() for m in CLAUSE.finditer(text, floor, start)]
    return text[max([floor, *bounds]):start]


def _scan(s: Subject, text: str) -> list[Token]:
    out: list[Token] = []
    current: Measure | None = None
    floor = 0
    for m in NUMBER.finditer(text):
        segment = _segment(text, m.start(), floor)
        number, unit = Decimal(m["num"]), m["unit"].replace("％", "%")
        floor = m.end()
        if unit == "%":
            if SHARE.search(segment):
                out.append(Token(m.start(), m.end(), number, unit, "percent", segment, current))
            continue
        change = CHANGE.search(segment)
        if change:
            basis = BASIS.search(segment)
            what = s.facts.find(basis["what"]) if basis and basis["what"] else None
            sign = 1 if change["dir"] in ("增加", "增长") else -1
            out.append(Token(m.start(), m.end(), number, unit, "change", segment, current, what, sign))
            continue
        current = s.facts.find(segment)
        out.append(Token(m.start(), m.end(), number, unit, "amount", segment, current))
    return out


def sentence_before(text: str, index: int) -> str:
    """The part of the sentence (up to 。；！？) that ends at `index`."""
    start = max([0, *(m.end() for m in re.finditer(r"[。；;！？!?]", text[:index]))])
    return text[start:index]


def has(text: str, needle: str) -> bool:
    return norm(needle) in norm(text)
