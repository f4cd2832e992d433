"""Wording: template residue, another unit's words, known slips, unbalanced quotes, near-copies."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator

from generator.check.facts import norm
from generator.check.finding import ERROR, WARNING, Finding, Rule, Severity, rule
from generator.check.subject import Subject
from generator.terms import LEVEL_PLACEHOLDER

FAMILY = "措辞与模板残留"

RESIDUE = re.compile(r"(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])|(?<=[\u4e00-\u9fff])[xｘ]{2,}|[xｘ]{2,}(?=[\u4e00-\u9fff])"
                     r"|[×✕]{2,}|[○〇□]{2,}"
                     r"|\{[^{}\n]{0,30}\}|｛[^｛｝]{0,30}｝|待填写|待补充|此处填写|请填写|某某|[（(]单位名称[）)]")


@rule
class TemplateResidue(Rule):
    code = "template-residue"
    title = "模板占位符未替换"
    severity = ERROR
    description = "XX、××、{…}、待填写、某某 等是模板留下的占位符，发布前必须换成实际内容。"
    example = "年度目标写“共需资金 XX 万元”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for m in RESIDUE.finditer(p.text.replace(LEVEL_PLACEHOLDER, "")):
                phrase = p.around(m.start(), m.end())
                yield self.found(p.at(m.start()), f"“{phrase}”：“{m.group()}”是未替换的占位符", field=p.field,
                                 phrase=m.group())


def _name(s: Subject) -> str:
    return s.d.unit.name


# (words, whose words they are, does this unit own them, severity). Words of another kind of unit
# are errors; words of another level (全区 on a county site) are warnings: text-level is the rule
# for the level itself, and these words are a weaker sign.
OTHER_UNIT: tuple[tuple[re.Pattern[str], str, Callable[[Subject], bool], Severity], ...] = (
    (re.compile(r"全镇|全乡|本镇|本乡|[镇乡]党委|[镇乡](?:人民)?政府"), "乡镇",
     lambda s: "镇" in _name(s) or "乡" in _name(s) or s.data.site.level == "乡镇级", ERROR),
    (re.compile(r"局机关|本局|局属|局党组"), "局", lambda s: _name(s).endswith("局"), ERROR),
    (re.compile(r"全县|本县|县委|县(?:人民)?政府"), "县", lambda s: s.data.site.level == "县级", WARNING),
    (re.compile(r"全区|本区|区委|区(?:人民)?政府"), "区", lambda s: s.data.site.level != "县级", WARNING),
)


@rule
class OtherUnitWording(Rule):
    code = "other-unit-wording"
    title = "沿用了其他单位的表述"
    severity = ERROR
    description = "文字中出现“全镇”“局机关”等不属于本单位的说法，多是照抄其他单位的文本；请按本单位实际改写。"
    example = "信息公开服务中心的年度任务写“积极完成全镇党支部党费收缴工作”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for pattern, kind, fits, severity in OTHER_UNIT:
                if fits(s):
                    continue
                for m in pattern.finditer(p.text):
                    phrase = p.around(m.start(), m.end())
                    yield self.found(p.at(m.start()), f"“{phrase}”：“{m.group()}”是{kind}一级单位的说法，"
                                     f"不符合{_name(s)}", field=p.field, phrase=m.group(), severity=severity)


TYPOS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"本能强"), "本领强"),            # 思想好、本领强、业绩优、形象佳
    (re.compile(r"(?<![全方层])面加强"), "全面加强"),
    (re.compile(r"按排"), "安排"),
    (re.compile(r"布署"), "部署"),
    (re.compile(r"帐户|帐务"), "账户、账务"),
    (re.compile(r"签定"), "签订"),
    (re.compile(r"凭正"), "凭证"),
)


@rule
class TextTypo(Rule):
    code = "text-typo"
    title = "常见错别字或漏字"
    severity = WARNING
    description = "公文常见的错别字和漏字（本能强→本领强、面加强→全面加强 等）；请改正。"
    example = "“培养一批思想好、本能强、业绩优、形象佳的干部”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for pattern, right in TYPOS:
                for m in pattern.finditer(p.text):
                    phrase = p.around(m.start(), m.end())
                    yield self.found(p.at(m.start()), f"“{phrase}”：“{m.group()}”应为“{right}”", field=p.field,
                                     phrase=m.group(), figures=(("文字", m.group()), ("应为", right)))


PAIRS = (("“", "”"), ("（", "）"), ("《", "》"))


@rule
class TextQuotes(Rule):
    code = "text-quotes"
    title = "引号或括号不成对"
    severity = WARNING
    description = "中文引号、括号、书名号应成对出现；多余或缺少的一半多是复制粘贴留下的。"
    example = "“……激励干部想干事、敢干事、能干事、干成事。” 3. 人员类支出"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for left, right in PAIRS:
                a, b = p.text.count(left), p.text.count(right)
                if a != b:
                    i = self._stray(p.text, left, right)
                    phrase = p.around(i, i + 1)
                    yield self.found(p.at(i), f"“{phrase}”：“{left}”{a} 个，“{right}”{b} 个", field=p.field,
                                     phrase=phrase)

    @staticmethod
    def _stray(text: str, left: str, right: str) -> int:
        depth = 0
        for i, ch in enumerate(text):
            if ch == left:
                depth += 1
            elif ch == right:
                depth -= 1
                if depth < 0:
                    return i
        return text.rfind(left)


def _edits(a: str, b: str) -> list[tuple[str, str]]:
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [(a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


@rule
class GlossaryDiffers(Rule):
    code = "glossary-differs"
    title = "名词解释与全站解释仅差几个字"
    severity = WARNING
    description = "本单位覆盖全站名词解释时，如果与全站解释只差一两个字，多半是漏字或笔误；请核对，或直接使用全站解释。"
    example = "“……公务用车运行维护以及其他费用”，全站解释为“……公务用车运行维护费以及其他费用”"

    def check(self, s: Subject) -> Iterator[Finding]:
        shared = {norm(t.term): t.definition.replace(LEVEL_PLACEHOLDER, s.data.site.level)
                  for t in s.data.glossary.terms}
        for i, t in enumerate(s.d.glossary):
            diff = _slip(shared.get(norm(t.term)), t.definition)
            if diff:
                yield self.found(s.at(f"glossary[{i}].definition"), f"“{t.term}”的解释与全站解释相比：{diff}",
                                 field=f"glossary[{i}].definition", phrase=t.term)
        for p in s.passages:  # an audited text's glossary: (一) 名词：解释
            m = ENTRY.match(p.text) if s.text else None
            diff = _slip(shared.get(norm(m["term"])), m["definition"]) if m else None
            if m and diff:
                yield self.found(p.at(m.start("definition")), f"“{m['term']}”的解释与全站解释相比：{diff}",
                                 phrase=m["term"])


ENTRY = re.compile(r"^[（(][一二三四五六七八九十]+[）)]\s*(?P<term>[^：:]{2,30})[：:](?P<definition>.+)$")


def _slip(shared: str | None, own: str) -> str | None:
    """The few characters by which `own` differs from `shared`, if it is a near copy (≤ 3 characters)."""
    if shared is None:
        return None
    edits = _edits(norm(shared).rstrip("。"), norm(own).rstrip("。"))
    if 0 < sum(max(len(x), len(y)) for x, y in edits) <= 3:
        return "；".join(f"“{x}”→“{y}”" if x and y else (f"漏“{x}”" if x else f"多“{y}”") for x, y in edits)
    return None
