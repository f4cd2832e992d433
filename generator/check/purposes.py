"""What money is said to be for: no purpose for a zero amount, and only items the tables have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from generator.catalogue import Names
from generator.check.facts import PATH, norm
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.scan import sentence_before, tokens
from generator.check.subject import Passage, Subject
from generator.derive import econ_category, line_unit, project_lines
from generator.model import SpendingLine

FAMILY = "用途说明"

USE = re.compile(r"(?:主要|计划|拟)?用于")
# Words for spending the economic catalogue names differently: the 类 they belong to.
ALIASES = (("设备购置", ("309", "310")), ("购置设备", ("309", "310")), ("车辆购置", ("309", "310")),
           ("购置车辆", ("309", "310")))


def _zero_fields(s: Subject) -> Iterator[tuple[str, str, Decimal]]:
    d = s.d
    for i, line in enumerate(d.spending):
        if line.purpose and line.basic + line.project == 0:
            yield f"spending[{i}].purpose", f"{s.names.function(line.code)}（{line.code}）", Decimal(0)
    blocks = [("three_public", d.three_public, "")]
    blocks += [(f"unit.subordinates[{k}].three_public", sub.three_public, f"“{sub.name}”")
               for k, sub in enumerate(d.unit.subordinates)]
    for path, tp, who in blocks:
        for key, label, amount in (("abroad", "因公出国（境）费", tp.abroad),
                                   ("vehicle", "公务用车购置及运行费", tp.vehicle_purchase + tp.vehicle_operation),
                                   ("reception", "公务接待费", tp.reception)):
            if getattr(tp.purposes, key) and amount == 0:
                yield f"{path}.purposes.{key}", f"{who}{label}", amount
    pr = d.procurement
    if pr.purpose and pr.goods + pr.works + pr.services == 0:
        yield "procurement.purpose", "政府采购预算", Decimal(0)


@rule
class PurposeZeroAmount(Rule):
    code = "purpose-zero-amount"
    title = "金额为零却说明了用途"
    severity = ERROR
    description = ("金额为零的项目不安排支出，不应写“主要用于……”；"
                   "请删去用途，或核对金额（数据中的这类用途不会印出，报警告；已公开文本中的报错误）。")
    example = "政府采购预算 0 万元，“主要用于采购办公设备”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for path, label, _amount in _zero_fields(s):  # the generator never prints it: a warning
            yield self.found(s.at(path), f"{label}为 0，却写了用途（不会印出）", field=path, severity=WARNING,
                             figures=(("金额", "0.00 万元"),))
        for p in s.passages:
            if p.kind in ("purpose", "term", "definition", "indicator", "name"):
                continue
            yield from self._in_text(s, p)

    def _in_text(self, s: Subject, p: Passage) -> Iterator[Finding]:
        for m in USE.finditer(p.text):
            before = sentence_before(p.text, m.start())
            start = m.start() - len(before)
            amounts = [t for t in tokens(s, p) if t.kind == "amount" and start <= t.start < m.start()]
            if amounts:
                zero = amounts[-1].number == 0
            else:
                measure = s.facts.find(before)
                zero = bool(measure and measure.value == 0 and not measure.key.startswith(("class:", "econ:")))
            if zero:
                phrase = p.around(m.start(), m.end(), 16)
                yield self.found(p.at(m.start()), f"“{phrase}”：金额为 0，却说明了用途", field=p.field, phrase=phrase)


# The list for the last catalogue asked about (a check run shares one Names): asked for ~11 times
# per disclosure, it normalises every 款's name.
_last: tuple[Names, list[tuple[str, tuple[str, ...]]]] | None = None


def _econ_names(s: Subject) -> list[tuple[str, tuple[str, ...]]]:
    global _last
    if _last is None or _last[0] is not s.names:
        _last = (s.names, _econ_names_of(s))
    return _last[1]


def _econ_names_of(s: Subject) -> list[tuple[str, tuple[str, ...]]]:
    by_name: dict[str, list[str]] = {}
    for code, (name, _) in s.names.catalogue.get("dept_econ", {}).items():
        if len(code) == 5:
            by_name.setdefault(norm(name), []).append(code)
    pairs = [(n, tuple(c)) for n, c in by_name.items()] + [(norm(a), cls) for a, cls in ALIASES]
    return sorted(pairs, key=lambda x: -len(x[0]))


def named_items(s: Subject, text: str) -> list[tuple[str, tuple[str, ...]]]:
    """Economic items named in `text` (longest names first, never counted twice)."""
    t = norm(text)
    out = []
    for name, codes in _econ_names(s):
        if name in t:
            out.append((name, codes))
            t = t.replace(name, "\0")
    return out


def allowed_for_line(s: Subject, line: SpendingLine) -> set[str] | None:
    """Economic codes (款, or 类 for projects classified to 类) a line's spending can include: the
    basic items of the same unit and fund, and the parts of that unit's projects under the line's code."""
    d = s.d
    unit = line_unit(d, line.unit)
    allowed: set[str] = set()
    if line.basic:
        allowed |= {x.code for x in d.basic_econ if x.fund == line.fund and line_unit(d, x.unit) == unit}
    if line.project:
        parts = [pl.part for pl in project_lines(d)
                 if pl.function == line.code and pl.part.fund == line.fund and pl.unit == unit]
        if any(not p.econ for p in parts):
            return None  # some project has no economic classification: nothing to hold the text to
        allowed |= {p.econ for p in parts}
    return allowed


def allowed_for_code(s: Subject, code: str) -> set[str] | None:
    """What a text about a function 项 may name: a department's text speaks of every unit's line of it."""
    out: set[str] = set()
    for line in (x for x in s.d.spending if x.code == code):
        allowed = allowed_for_line(s, line)
        if allowed is None:
            return None
        out |= allowed
    return out


def covered(codes: tuple[str, ...], allowed: set[str]) -> bool:
    """Whether an item named by its codes (款, or 类 for the aliases) is among the allowed codes."""
    return any(c in allowed or c[:3] in allowed or any(a.startswith(c) for a in allowed) for c in codes)


def _basic_allowed(s: Subject, what: str) -> set[str]:
    lines = [x for x in s.d.basic_econ if x.fund == "一般公共预算"]
    if what in ("人员经费", "公用经费"):
        lines = [x for x in lines if econ_category(x) == what]
    return {x.code for x in lines}


SCOPE = re.compile(r"(?P<what>人员经费|公用经费|基本支出)[^。；]*?包括[：:]?(?P<list>[^。；]*)")


@rule
class TextEconItem(Rule):
    code = "text-econ-item"
    title = "用途中提到的经济科目在表中没有"
    severity = WARNING
    description = ("用途或构成说明中列举的支出（如印刷费、公务接待费）应是表3-1、表3-2 中实际安排的经济科目；"
                   "请删去或补列。")
    example = "事业运行的用途写“办公费、印刷费等日常公用经费”，而表3-1 没有印刷费"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for start, text, allowed, context in self._scopes(s, p):
                for name, codes in named_items(s, text):
                    if not covered(codes, allowed):
                        yield self.found(p.at(start),
                                         f"{context}提到“{name}”，但表中没有该经济科目（{'、'.join(codes)}）",
                                         field=p.field, phrase=name, figures=(("科目", "、".join(codes)),))

    def _scopes(self, s: Subject, p: Passage) -> Iterator[tuple[int, str, set[str], str]]:
        if p.kind == "purpose" and isinstance(p.owner, SpendingLine):
            allowed = allowed_for_line(s, p.owner)
            if allowed is not None:
                yield 0, p.text, allowed, f"{s.names.function(p.owner.code)}的用途"
            return
        if p.kind not in ("prose", "table"):
            return
        paths = list(PATH.finditer(p.text))
        for i, m in enumerate(paths):
            ref = s.facts.resolve(m)
            if ref and ref.line:
                end = paths[i + 1].start() if i + 1 < len(paths) else len(p.text)
                allowed = allowed_for_code(s, ref.line.code)
                if allowed is not None:
                    yield m.end(), p.text[m.end():end], allowed, f"{s.names.function(ref.line.code)}的用途"
        if not paths:
            for m in SCOPE.finditer(p.text):
                yield m.start("list"), m["list"], _basic_allowed(s, m["what"]), f"{m['what']}的构成"
