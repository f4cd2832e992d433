"""One unit, one year, one government level throughout a disclosure."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.finding import ERROR, Finding, Rule, rule
from generator.check.subject import Passage, Subject

FAMILY = "单位、年度与层级"

YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)")
LEVEL = re.compile(r"(?P<lv>省|市|区|县|乡镇|乡|镇)级(?=财政(?:当年)?拨付|预算单位|部门预算)")
ORG_END = re.compile(r"(?:中心|局|委员会|办公室|政府|院|所|站|队|馆|处|室|会|部|本级)$")
VARIANT = ("办公室", "机关", "本部", "党组", "委员会")
TYPE = re.compile(r"单位性质(?:为|是|：|:)\s*(?P<t>[\u4e00-\u9fff]{2,16}?(?:单位|机关))")
BUDGET_LEVEL = re.compile(r"为(?P<lv>[一二三])级预算单位")


def _own_names(s: Subject) -> list[str]:
    u = s.d.unit
    names = [u.name, *(x.name for x in u.subordinates), *([u.own_name] if u.own_name else [])]
    return sorted([n for n in names + ([u.parent] if u.parent else []) if n], key=len, reverse=True)


def _own_codes(s: Subject) -> set[str]:
    u = s.d.unit
    return {u.code, *([u.own_code] if u.own_code else []), *(x.code for x in u.subordinates)}


@rule
class TextYear(Rule):
    code = "text-year"
    title = "文字中的年度与公开年度不符"
    severity = ERROR
    description = "文字中只应出现本年度、上一年度（比较）和资产截止日期等有据可查的年份；请改为正确年度。"
    example = "2024 年的名词解释写“纳入区信息公开服务中心 2021 年‘三公’经费财政拨款预算”"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        allowed = {d.year, d.year - 1} | ({d.year + 1} if d.kind == "决算" else set())
        allowed |= {x.year for x in (d.published_on, d.approved_on, d.assets.as_of if d.assets else None) if x}
        for p in s.passages:
            for m in YEAR.finditer(p.text):
                if int(m[1]) not in allowed:
                    phrase = p.around(m.start(), m.end())
                    yield self.found(p.at(m.start()), f"“{phrase}”：{m[1]} 年与公开年度 {d.year} 年不符", field=p.field,
                                     phrase=phrase, figures=(("文字", m[1]), ("年度", str(d.year))))


@rule
class TextLevel(Rule):
    code = "text-level"
    title = "政府层级与本站不符"
    severity = ERROR
    description = "全站只有一个政府层级（data/site.yaml 的 level）；“某级财政”“某级预算单位”须与之一致。"
    example = "区级单位的名词解释写“指市级财政当年拨付的资金”"

    def check(self, s: Subject) -> Iterator[Finding]:
        level = s.data.site.level
        for p in s.passages:
            for m in LEVEL.finditer(p.text):
                if f"{m['lv']}级" != level:
                    phrase = p.around(m.start(), m.end())
                    yield self.found(p.at(m.start()), f"“{phrase}”：写作“{m['lv']}级”，本站为“{level}”", field=p.field,
                                     phrase=phrase, figures=(("文字", f"{m['lv']}级"), ("本站", level)))


@rule
class UnitName(Rule):
    code = "unit-name"
    title = "单位名称前后不一"
    severity = ERROR
    description = "全文只用一个单位全称（unit.name），可加“本级”；不要加“办公室”等字样，也不要写成别的单位。"
    example = "第一部分写“……信息公开服务中心办公室”，表3 写“达州市达川区人民政府办公室本级”"

    def check(self, s: Subject) -> Iterator[Finding]:
        region = s.data.site.region
        if not region:
            return
        run = re.compile(re.escape(region) + r"[\u4e00-\u9fff（）]*")
        names = _own_names(s)
        for p in s.passages:
            inside = [(x.start(), x.end()) for n in names for x in re.finditer(re.escape(n), p.text)]
            for m in run.finditer(p.text):
                if not any(a < m.start() < b for a, b in inside):  # 示例区委… inside 中共示例区委…
                    yield from self._one(s, p, m, names)

    def _one(self, s: Subject, p: Passage, m: re.Match[str], names: list[str]) -> Iterator[Finding]:
        text = m.group()
        while text.endswith("）") and text.count("（") < text.count("）"):  # the bracket around the name
            text = text[:-1]
        own = next((n for n in names if text.startswith(n)), None)
        if own:
            rest = text[len(own):]
            extra = next((v for v in VARIANT if rest.startswith(v)), None)
            if extra:
                at = m.start() + len(own)
                yield self.found(p.at(at), f"“{own}{extra}”：单位名称多了“{extra}”", field=p.field,
                                 phrase=own + extra, figures=(("文字", own + extra), ("单位名称", s.d.unit.name)))
            return
        if ORG_END.search(text) and (p.kind == "table" or text.endswith("本级")):
            yield self.found(p.at(m.start()), f"“{text}”：与本单位名称“{s.d.unit.name}”不同", field=p.field,
                             phrase=text, figures=(("文字", text), ("单位名称", s.d.unit.name)))


FUNCTION_ROW = re.compile(r"^(\d{3})\t(\d{2})\t(\d{2})\t(\d{3,9})(?=\t|\s|$)")


@rule
class UnitCode(Rule):
    code = "unit-code"
    title = "单位编码与数据不符"
    severity = ERROR
    description = "表中的单位代码应为本单位（或所属单位）的预算单位编码；请改正。"
    example = "表3 各行单位代码印作 103，本单位编码为 103003"

    def check(self, s: Subject) -> Iterator[Finding]:
        codes, region = _own_codes(s), s.data.site.region
        before = re.compile(r"(?<![\d.])(\d{3,9})\s*[-—－–]?\s*(?=" + re.escape(region) + ")") if region else None
        rows: dict[tuple[str, str], list[Passage]] = {}
        for p in s.passages:
            for m in before.finditer(p.text) if before else ():
                if m[1] not in codes and p.text[m.end():].startswith(s.d.unit.name):
                    yield self._found(s, p, m.start(), m[1])
            row = FUNCTION_ROW.match(p.text) if p.kind == "table" else None
            if row and row[4] not in codes:
                rows.setdefault((p.table, row[4]), []).append(p)
        for (table, code), ps in rows.items():
            yield self._found(s, ps[0], 0, code, f"{table}共 {len(ps)} 行" if len(ps) > 1 else table)

    def _found(self, s: Subject, p: Passage, at: int, code: str, where: str = "") -> Finding:
        return self.found(p.at(at), f"{where}单位代码为 {code}，本单位编码为 {s.d.unit.code}", field=p.field,
                          phrase=code, figures=(("文字", code), ("单位编码", s.d.unit.code)))


@rule
class UnitType(Rule):
    code = "unit-type"
    title = "单位性质或预算级次与数据不符"
    severity = ERROR
    description = "“单位性质为……”“为……级预算单位”应与 unit.type、unit.budget_level 一致，且使用规范类别名称。"
    example = "文字写“单位性质为公益性事业单位”，数据为公益一类事业单位"

    def check(self, s: Subject) -> Iterator[Finding]:
        u = s.d.unit
        for p in s.passages:
            for m in TYPE.finditer(p.text):
                if m["t"] != u.type:
                    yield self.found(p.at(m.start()), f"“{m.group()}”：数据中单位性质为“{u.type}”", field=p.field,
                                     phrase=m.group(), figures=(("文字", m["t"]), ("数据", u.type)))
            for m in BUDGET_LEVEL.finditer(p.text):
                if f"{m['lv']}级预算单位" != u.budget_level:
                    yield self.found(p.at(m.start()), f"“{m.group()}”：数据中为“{u.budget_level}”", field=p.field,
                                     phrase=m.group(), figures=(("文字", m.group()), ("数据", u.budget_level)))
