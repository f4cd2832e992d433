"""Amounts, percentages and changes in free text, each with the figure it refers to.

Shared by the text rules: a passage is scanned once and its tokens cached on the subject.

What an amount refers to is read from the words of its clause (`Facts.find`), in the scope of the
section the passage is in (see `facts.scope_of`). A percentage after 占 is a share: of the base
its words name (占收入预算的 …), else of the base named earlier in the same sentence (the first
item of a list names it for the rest), else of its section's base. A percentage after 增长/下降
is a change on last year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from generator.check.facts import ALL, Measure, norm, scope_of
from generator.check.subject import Passage, Subject

NUMBER = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>亿元|万元|万(?![\u4e00-\u9fff])|元|%|％)")
CLAUSE = re.compile(r"[。；;：:，,！？!?\n]")
CHANGE = re.compile(r"(?P<dir>增加|减少|增长|下降|减)了?\s*$")
BASIS = re.compile(r"比\s*(?:(?P<year>\d{4})\s*年度?)?(?P<what>.*?)(?:增加|减少|增长|下降|减)了?\s*$")
SHARE = re.compile(r"(?:占(?:比|比重)?(?P<base>[^，,。；;：:%％\d]{0,30}?)的?|比重为?|比例为?)\s*$")
GROWTH = re.compile(r"(?:增长|下降|增幅为?|降幅为?)\s*$")
PREVIOUS = re.compile(r"比\s*\d{4}\s*年度?的\s*$")  # 比2023年的450.00万元: last year's figure
# 其次是教育支出，为340.00万元: the clause has no name of its own, it is a clause back
LEAD = re.compile(r"^\s*(?:各为|为|是|达|计|共计?|合计|总计)?\s*$")
WHOLE = re.compile(r"(?:合计|共计|总计)\s*$")  # 共2个项目，合计80.00万元；…占62.50%: the shares that follow are of it
LOOK_BACK = 3  # clauses
BARE = re.compile(r"^[\s（(]*$")  # 教育支出370.00万元（67.27%）: a share right after its amount


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    number: Decimal
    unit: str          # 万元, 万, 元, 亿元 or %
    kind: str          # amount, previous, percent, growth, change
    segment: str       # the words of the same clause before the number
    measure: Measure | None  # amount: what it names; percent, growth and change: the figure just stated
    basis: Measure | None = None  # change: what it is compared with (比 … 增加); percent: the named base
    sign: int = 0      # change: +1 增加, -1 减少
    scope: str = ALL   # the section's scope (facts.SCOPES)
    named: bool = False  # percent: the base is named in its own words (占收入预算的)

    @property
    def wan(self) -> Decimal:
        """The number in 万元."""
        if self.unit == "元":
            return self.number / 10000
        if self.unit == "亿元":
            return self.number * 10000
        return self.number


def passage_scope(s: Subject, p: Passage) -> str:
    """The scope of the section a passage of an audited text is in (ALL for the data's own text)."""
    if s.text is None:
        return ALL
    line = p.at().line
    return scope_of(s.text.chain(line)) if line else ALL


def tokens(s: Subject, p: Passage) -> list[Token]:
    cache: dict[tuple[str, object, str], list[Token]] = s.extra.setdefault("tokens", {})
    key = (p.file, p.starts, p.text)
    if key not in cache:
        cache[key] = _Scanner(s, p.text, passage_scope(s, p)).scan()
    return cache[key]


def _segment(text: str, start: int, floor: int) -> str:
    bounds = [m.end() for m in CLAUSE.finditer(text, floor, start)]
    return text[max([floor, *bounds]):start]


class _Scanner:
    """One pass over a passage, keeping the figure just named and the share base of the sentence."""

    def __init__(self, s: Subject, text: str, scope: str) -> None:
        self.s, self.text, self.scope = s, text, scope
        self.current: Measure | None = None  # the figure the sentence is about (not one in brackets)
        self.last: Measure | None = None     # the figure just stated, in brackets or not
        self.base: Measure | None = None  # the share base named earlier in the sentence
        self.floor = 0

    def scan(self) -> list[Token]:
        out: list[Token] = []
        for m in NUMBER.finditer(self.text):
            if "。" in self.text[self.floor:m.start()]:
                self.base = None
            token = self._token(m)
            self.floor = m.end()
            if token:
                out.append(token)
        return out

    def _token(self, m: re.Match[str]) -> Token | None:
        segment = _segment(self.text, m.start(), self.floor)
        number, unit = Decimal(m["num"]), m["unit"].replace("％", "%")
        at = (m.start(), m.end(), number, unit)
        if unit == "%":
            return self._percent(at, segment)
        change = CHANGE.search(segment)
        if change:
            basis = BASIS.search(segment)
            what = self.s.facts.find(basis["what"], self.scope) if basis and basis["what"] else None
            sign = 1 if change["dir"] in ("增加", "增长") else -1
            measure = self.current or self.s.facts.find(sentence_before(self.text, m.start()), self.scope)
            return Token(*at, "change", segment, measure, what, sign, self.scope)
        if PREVIOUS.search(segment):
            return Token(*at, "previous", segment, self.current, scope=self.scope)
        found = self.last = self._find(segment, m.start())
        if not self._aside(m.start()):  # （公务用车购置费20.92万元，…）: the sentence's figure stays the one before
            self.current = found
        if WHOLE.search(segment) and found is not None:
            self.base = found
        return Token(*at, "amount", segment, found, scope=self.scope)

    def _aside(self, at: int) -> bool:
        """The position is inside brackets opened in the same sentence."""
        before = sentence_before(self.text, at)
        return before.count("（") + before.count("(") > before.count("）") + before.count(")")

    def _percent(self, at: tuple[int, int, Decimal, str], segment: str) -> Token | None:
        if GROWTH.search(segment):
            return Token(*at, "growth", segment, self.current, scope=self.scope)
        share = SHARE.search(segment)
        if not share and BARE.match(segment) and self.last is not None:
            return Token(*at, "percent", segment, self.last, self.base, scope=self.scope)
        if not share:
            return None
        named = share.groupdict().get("base") or ""
        base = self.s.facts.generic.get(norm(named)) if named else None
        if base is not None:
            self.base = base
        return Token(*at, "percent", segment, self.last, self.base, scope=self.scope, named=base is not None)

    def _find(self, segment: str, start: int) -> Measure | None:
        """What the clause names; a clause of its own (为 340.00万元) names it in one of those before."""
        found = self.s.facts.find(segment, self.scope)
        before = self.text[self.floor:start - len(segment)]
        for _ in range(LOOK_BACK if found is None and LEAD.match(segment) else 0):
            before = before.rstrip("，,：:")
            if not before or before[-1] in "。；;":
                break
            clause = _segment(before, len(before), 0)
            found = self.s.facts.find(clause, self.scope)
            if found is not None:
                break
            before = before[:len(before) - len(clause)]
        if found is not None and found.key == "performance" and "表6" in sentence_before(self.text, start):
            found = self.s.facts.generic.get(norm("表6涉及资金"), found)  # …其中8个项目列于表6，涉及资金…
        return found


def sentence_before(text: str, index: int) -> str:
    """The part of the sentence (up to 。；！？) that ends at `index`."""
    start = max([0, *(m.end() for m in re.finditer(r"[。；;！？!?]", text[:index]))])
    return text[start:index]
