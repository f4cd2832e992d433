"""Rules of the audit of a published text about units and codes: code ↔ name pairs in any table
row, and unit code ↔ name ↔ type pairs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from generator.check import codes
from generator.check.facts import norm, same_name
from generator.check.finding import ERROR, Finding, Rule, rule
from generator.check.subject import Passage, Subject
from generator.check.tablerows import AMOUNT, ECON_TABLES, UNIT_HEAD
from generator.check.textfile import Row
from generator.derive import members
from generator.errors import Location
from generator.model import ThreePublic

FAMILY = "已公开文本核对（编码与单位）"

ORG_END = r"(?:局|中心|委员会|办公室|政府|院|所|站|队|馆|处|室|会|部|学校|中学|小学|幼儿园|医院)"
SUBJECT = r"[·\s]*(?:\d{4}\s*年|所有收入|安排|实行|机关运行经费|共有|未填报|无|为[一二三]级预算单位|属|编制\s*\d)"
VARIANTS = ("办公室", "机关", "本部", "党组", "委员会")  # identity.VARIANT: unit-name reports these
UNIT_LISTS = ("表3-3", "表4-1")  # tables whose rows are units: the name after a unit code is that unit's
UNIT_TYPES = ("行政单位", "参照公务员法管理事业单位", "公益一类事业单位", "公益二类事业单位", "生产经营类事业单位",
              "其他事业单位", "其他单位")


# ---------------------------------------------------------------------------- code ↔ name in rows


@rule
class TableCodeName(Rule):
    code = "table-code-name"
    title = "表中科目编码与名称不符"
    severity = ERROR
    description = "表格每一行的科目编码（类、款、项各级，功能分类或经济分类）与名称应与编码表一致；请改正名称或编码。"
    example = "表1-2 中“205 | 一般公共服务支出”，205 是教育支出"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        skip = {norm(p.name) for p in s.d.projects} | {norm(n) for n in _unit_names(s)}
        for row in s.text.rows:
            line = "\t".join(row.cells)
            if codes.FUNCTION_ROW.match(line) or codes.ECON_ROW.match(line):
                continue  # code-name checks these
            found = _code_and_name(row.cells)
            if not found or norm(found[1]) in skip:
                continue
            code, name = found
            econ = row.table in ECON_TABLES or "经济分类" in row.caption
            known = s.names.catalogue.get("dept_econ" if econ else "function", {}).get(code)
            if known and not same_name(name, known[0]):
                yield self.found(Location(s.text.rel, row.line), f"{row.table or '表'}中编码 {code} 在编码表中是"
                                 f"“{known[0]}”，表中写作“{name}”", phrase=name,
                                 figures=(("文字", name), ("编码表", known[0])))


def _code_and_name(cells: tuple[str, ...]) -> tuple[str, str] | None:
    """(code, name) of a row that starts with a code (one cell, or 类/款/项 in cells of their own)."""
    digits: list[str] = []
    for cell in cells:
        if re.fullmatch(r"\d{2,7}", cell) or (not cell and digits):
            digits.append(cell)
            continue
        code = "".join(digits)
        ok = re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code) and digits and digits[0] and (
            len(digits) == 1 or all(len(d) in (0, 2) for d in digits[1:]))
        name = re.sub(r"^\d{3,12}[\s\-—－]*", "", cell)  # 103003 一般行政管理事务: a unit code before the name
        return (code, name) if ok and name and not AMOUNT.match(cell) else None
    return None


# ---------------------------------------------------------------------------- units


def _unit_names(s: Subject) -> list[str]:
    d = s.d
    return [d.unit.name, d.unit.short_name, *(m.name for m in s.derived.members)]


@rule
class UnitPair(Rule):
    code = "unit-pair"
    title = "单位编码、名称与性质不对应"
    severity = ERROR
    description = ("单位编码后的名称、名称后括注的单位性质，以及作为本部门预算主体的名称，都应是数据中同一个单位的；"
                   "请改正。")
    example = "表中“201002 示例区教育服务中心”，201002 是示例区第一中学；或“示例区第一中学2024年收支总预算……”"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        if s.text is None:
            return
        accepted, known = self._accepted(s), self._known(s)
        for row in s.text.rows:
            yield from self._row(s, row, accepted, known)
        typed, subject = self._typed_pattern(s), self._subject_pattern(s)
        for p in s.passages:
            if p.kind != "table":
                yield from self._typed(s, p, typed)
                yield from self._subject(s, p, subject)
                yield from self._purposes(s, p)

    def _purposes(self, s: Subject, p: Passage) -> Iterator[Finding]:
        """三公 purposes unit by unit (部门本级主要用于…；某单位主要用于…): each unit once, one that has the
        item, with its own purpose."""
        assert s.text is not None
        heading = s.text.chain(p.at().line or 0)[:1]
        item = next((key for words, key in TP_ITEMS if any(words in h for h in heading)), None)
        if item is None or "主要用于" not in p.text:
            return
        own = members(s.d)[0]
        by_name = {norm(m.name): m for m in members(s.d)} | {norm("部门本级"): own, norm(s.d.unit.name): own}
        seen: set[str] = set()
        for m in re.finditer(r"(?:^|[；;。，,])\s*([^；;。，,]{2,40}?)主要用于([^；;。]+)", p.text):
            unit = by_name.get(norm(m[1]))
            if unit is None:
                continue
            amount, purpose = _tp_item(unit.three_public, item)
            said = m[2].strip()
            other = bool(purpose) and norm((purpose or "").rstrip("。")) != norm(said)
            problem = ("重复列出" if unit.code in seen else "该单位没有这项经费" if not amount else
                       f"数据中该单位的用途是“{purpose}”" if other else "")
            seen.add(unit.code)
            if problem:
                yield self.found(p.at(m.start(1)), f"“{m[1]}主要用于{said[:20]}”：{problem}", field=p.field,
                                 phrase=m[1], figures=(("文字", m[1]),))

    @staticmethod
    def _accepted(s: Subject) -> dict[str, set[str]]:
        """Unit code → the names it may be printed with."""
        d = s.d
        out: dict[str, set[str]] = {}
        for i, m in enumerate(members(d)):
            out.setdefault(m.code, set()).add(norm(m.name))
            if i == 0:
                out[m.code] |= {norm(d.unit.name), norm(d.unit.name + "本级"), norm(d.unit.name + "（本级）")}
        out.setdefault(d.unit.code, set()).add(norm(d.unit.name))
        return out

    @staticmethod
    def _known(s: Subject) -> set[str]:
        return {norm(n) for n in _unit_names(s)} | {norm(e.data.unit.name) for e in s.data.entries}

    @staticmethod
    def _foreign(s: Subject, name: str, known: set[str]) -> bool:
        """A name that is some unit's: one of this department's, another disclosure's, or of the region."""
        region = s.data.site.region
        regional = bool(region and name.startswith(region) and re.search(ORG_END + r"(?:本级)?$", name))
        return norm(name) in known or regional

    def _row(self, s: Subject, row: Row, accepted: dict[str, set[str]], known: set[str]) -> Iterator[Finding]:
        assert s.text is not None
        texts = [c for c in row.cells if c]
        for i, cell in enumerate(texts[:3]):
            m = UNIT_HEAD.match(cell)
            if not m or m[1] not in accepted:
                continue
            name = m[2] or (texts[i + 1] if i + 1 < len(texts) else "")
            listing = row.table in UNIT_LISTS or "编制范围的单位" in row.caption
            if name and norm(name) not in accepted[m[1]] and (listing or self._foreign(s, name, known)):
                want = next(iter(sorted(accepted[m[1]], key=len)))
                yield self.found(Location(s.text.rel, row.line), f"单位编码 {m[1]} 是“{want}”，表中写作“{name}”",
                                 phrase=name, figures=(("文字", name), ("数据", want)))
            elif "编制范围的单位" in row.caption:
                yield from self._unit_facts(s, row, m[1])
            return

    def _unit_facts(self, s: Subject, row: Row, code: str) -> Iterator[Finding]:
        """A row of 概况's list of units: its type, budget level and staff are that unit's."""
        assert s.text is not None
        unit = next((x for x in members(s.d) if x.code == code), None)
        if unit is None:
            return
        staff = unit.staffing
        want = [str(v) for v in (staff.authorized, staff.active, staff.retired)] if staff else ["", "", ""]
        cells = list(row.cells)
        said = [c for c in cells if c in UNIT_TYPES or re.fullmatch(r"[一二三]级预算单位", c)]
        counts = [c for c in cells[-3:]] if len(cells) >= 5 else []
        wrong = [(c, x) for c, x in zip(said, (unit.type, unit.budget_level), strict=False)
                 if c != x and (c in UNIT_TYPES) == (x in UNIT_TYPES)]
        wrong += [(c, x) for c, x in zip(counts, want, strict=False) if c != x]
        for c, x in wrong:
            blank = "（空白）"
            yield self.found(Location(s.text.rel, row.line), f"单位 {code} {unit.name}：表中写作“{c or blank}”，"
                             f"数据为“{x or blank}”", phrase=c, figures=(("文字", c), ("数据", x)))

    @staticmethod
    def _typed_pattern(s: Subject) -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
        units = {norm(m.name): (m.code, m.type) for m in members(s.d)}
        for name in (s.d.unit.name, s.d.unit.short_name):
            units.setdefault(norm(name), (s.d.unit.code, s.d.unit.type))
        names = sorted({*(m.name for m in members(s.d)), s.d.unit.name, s.d.unit.short_name}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        pattern = re.compile("(" + alternatives + r")[（(](" + "|".join(UNIT_TYPES) + r")[）)]")
        return pattern, units

    def _typed(self, s: Subject, p: Passage,
               typed: tuple[re.Pattern[str], dict[str, tuple[str, str]]]) -> Iterator[Finding]:
        """示例区第一中学（公益一类事业单位）: the type in brackets is that unit's; each unit listed once."""
        pattern, units = typed
        listed: list[str] = []
        for m in pattern.finditer(p.text):
            code, kind = units[norm(m[1])]
            listed.append(code)
            if m[2] != kind:
                yield self.found(p.at(m.start()), f"“{m.group()}”：数据中{m[1]}的单位性质为“{kind}”",
                                 field=p.field, phrase=m.group(), figures=(("文字", m[2]), ("数据", kind)))
        twice = [c for c in dict.fromkeys(listed) if listed.count(c) > 1]
        if twice:
            yield self.found(p.at(0), f"所属单位名单中{'、'.join(units_name(s, c) for c in twice)}出现了两次",
                             field=p.field, phrase=p.text[:40])

    @staticmethod
    def _subject_pattern(s: Subject) -> re.Pattern[str]:
        d = s.d
        own = {norm(d.unit.name), norm(d.unit.short_name)} | ({norm(d.unit.parent)} if d.unit.parent else set())
        others = [n for n in _unit_names(s) if norm(n) not in own]
        region = re.escape(s.data.site.region) if s.data.site.region else None
        parts = [re.escape(n) for n in sorted(set(others), key=len, reverse=True)]
        if region:
            parts.append(region + r"[\u4e00-\u9fff（）]{1,30}?" + ORG_END + r"(?:（本级）|本级)?")
        return re.compile("(" + "|".join(parts or ["(?!)"]) + ")(?=" + SUBJECT + ")")

    def _subject(self, s: Subject, p: Passage, pattern: re.Pattern[str]) -> Iterator[Finding]:
        """Another unit's name where the department is meant: 示例区第一中学2024年收支总预算…"""
        d = s.d
        own = {norm(d.unit.name), norm(d.unit.short_name)} | ({norm(d.unit.parent)} if d.unit.parent else set())
        if not pattern.search(p.text):
            return
        spans = [(m.start(), m.end()) for n in own_names(s) for m in re.finditer(re.escape(n), p.text)]
        for m in pattern.finditer(p.text):
            if any(norm(m[1]) == o or norm(m[1]).removeprefix(o) in VARIANTS for o in own):
                continue  # the own name, or it with 办公室 and the like (unit-name says so)
            if any(a <= m.start() < b and m.end() <= b for a, b in spans):
                continue  # inside the own name (示例区委… in 中共示例区委…)
            yield self.found(p.at(m.start()), f"“{p.around(m.start(), m.end())}”：此处说的是本部门，单位名称应为"
                             f"“{d.unit.name}”（或简称“{d.unit.short_name}”），写成了“{m[1]}”",
                             field=p.field, phrase=m[1], figures=(("文字", m[1]), ("单位名称", d.unit.name)))


TP_ITEMS = (("因公出国", "abroad"), ("公务用车", "vehicle"), ("公务接待", "reception"))


def _tp_item(t: ThreePublic, key: str) -> tuple[Decimal, str | None]:
    """A unit's amount and purpose of one 三公 item."""
    if key == "vehicle":
        return t.vehicle_purchase + t.vehicle_operation, t.purposes.vehicle
    return getattr(t, key), getattr(t.purposes, key)


def own_names(s: Subject) -> list[str]:
    d = s.d
    return [n for n in (d.unit.name, d.unit.short_name, d.unit.parent) if n]


def units_name(s: Subject, code: str) -> str:
    return next((m.name for m in s.derived.members if m.code == code), code)
