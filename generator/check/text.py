"""Free text against the data: every amount, percentage, change and count must agree with it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from generator.check.compare import num, rounding_note, w, wan_gap
from generator.check.facts import Measure, norm, same_name
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.scan import Token, tokens
from generator.check.subject import Passage, Subject
from generator.derive import Split, three_public_total
from generator.money import fmt

FAMILY = "文字与数据一致"


def _amount_phrase(p: Passage, t: Token) -> str:
    """The words naming the figure and the amount as written, e.g. 卫生健康支出2.78万元."""
    return (t.segment.strip()[-24:] + p.text[t.start:t.end]).strip()


@rule
class TextAmount(Rule):
    code = "text-amount"
    title = "文字中的金额与数据不符"
    severity = ERROR
    description = "文字中写到的每个金额都应等于表中对应的数；请按表中数字改正文字（差额在 0.01 万元以内为尾差警告）。"
    example = "说明中写“卫生健康支出 2.78 万元”，表中卫生健康支出为 2.87 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                if t.kind == "amount" and t.measure and t.measure.value is not None and not (
                        t.unit == "元" and t.number == t.measure.value):
                    yield from self._compare(s, p, t, t.wan, t.measure.value, t.measure.label, t.measure)
                elif t.kind == "change" and t.measure and t.measure.previous is not None and t.measure.value is not None:
                    diff = t.measure.value - t.measure.previous
                    said = t.wan * t.sign
                    yield from self._compare(s, p, t, said, diff, f"{t.measure.label}比上年的增减额", None)

    def _compare(self, s: Subject, p: Passage, t: Token, said: Decimal, data: Decimal, label: str,
                 measure: Measure | None) -> Iterator[Finding]:
        severity = wan_gap(said, data)
        if severity is None:
            return
        other = s.facts.explain(abs(said), measure) if severity is ERROR else None
        hint = f"文中的 {num(abs(said))} 与{other}相同，可能写错了对象或沿用了别处的数字。" if other else None
        yield self.found(
            p.at(t.start), f"“{_amount_phrase(p, t)}”：文字为 {w(said)}，数据中{label}为 {w(data)}"
            f"{rounding_note(severity)}", severity=severity, field=p.field, phrase=_amount_phrase(p, t),
            figures=(("文字", fmt(said)), ("数据", fmt(data))), hint=(hint + self.description) if hint else None)


def _share_bases(s: Subject, key: str) -> list[Decimal]:
    """The wholes a share of this figure may be taken of: its parent figures, else the totals."""
    f, tp, pr = s.fig, s.d.three_public, s.d.procurement
    parents = {"personnel": (f.total.basic, f.general.basic), "public": (f.total.basic, f.general.basic),
               "abroad": (three_public_total(tp),), "vehicle": (three_public_total(tp),),
               "reception": (three_public_total(tp),), "goods": (pr.goods + pr.works + pr.services,),
               "works": (pr.goods + pr.works + pr.services,), "services": (pr.goods + pr.works + pr.services,),
               "sme": (pr.goods + pr.works + pr.services,)}
    wholes = parents.get(key) or (f.total.basic if key.startswith("econ:") else f.total.total,
                                  f.fiscal.total, f.general.total, f.general.current)
    return [b for b in wholes if b]


@rule
class TextPercent(Rule):
    code = "text-percent"
    title = "文字中的占比与数据不符"
    severity = ERROR
    description = "“占 x%”应等于该项金额除以总额；请按表中数字重算。"
    example = "说明中写“住房保障支出 6.52 万元，占 4.97%”，6.52÷133.05 应为 4.90%"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                if t.kind != "percent" or not t.measure or t.measure.value is None:
                    continue
                places = Decimal(1).scaleb(t.number.as_tuple().exponent)  # type: ignore[arg-type]
                shares = [t.measure.value * 100 / b for b in _share_bases(s, t.measure.key)]
                if not shares or any(abs(x - t.number) < places for x in shares):
                    continue
                want = shares[0].quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                yield self.found(
                    p.at(t.start), f"“{p.around(t.start, t.end)}”：文字为 {num(t.number)}%，按数据 "
                    f"{t.measure.label} {w(t.measure.value)} 计算应为 {want}%", field=p.field,
                    figures=(("文字", f"{t.number}%"), ("数据", f"{want}%")), phrase=p.around(t.start, t.end))


ECON_SHARE = re.compile(r"(?P<item>[\u4e00-\u9fff（）]{2,12})的\s*(?P<pct>\d+(?:\.\d+)?)\s*[%％]")


@rule
class TextShareUnverifiable(Rule):
    code = "text-share-unverifiable"
    title = "文字中的比例在数据中找不到"
    severity = WARNING
    description = "数据没有把经济科目拆分到各功能科目，文中“某某的 x%”无法核对；请删去比例或写明金额。"
    example = "用途写“绩效工资的 30%”，而表3-1 的绩效工资全部列在一个科目"

    def check(self, s: Subject) -> Iterator[Finding]:
        econ = {norm(s.names.econ(x.code)) for x in s.d.basic_econ}
        for p in s.passages:
            if p.kind not in ("purpose", "prose", "table"):
                continue
            for m in ECON_SHARE.finditer(p.text):
                if any(norm(m["item"]).endswith(e) for e in econ):
                    yield self.found(p.at(m.start()), f"“{m.group()}”：数据中没有这一比例", field=p.field,
                                     phrase=m.group(), figures=(("文字", f"{m['pct']}%"),))


@rule
class TextUnit(Rule):
    code = "text-unit"
    title = "金额单位错误"
    severity = ERROR
    description = "预算表和说明的金额单位是万元（表7 的资金为元）；请改正单位，不要只写“万”。"
    example = "说明中写“一般公共预算拨款收入 133.05 元”，应为 133.05 万元"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                phrase = p.around(t.start, t.end)
                if t.unit == "元" and t.kind == "amount" and t.measure and t.measure.value == t.number:
                    yield self.found(p.at(t.start), f"“{phrase}”：写作 {num(t.number)} 元，数据中{t.measure.label}为 "
                                     f"{w(t.measure.value)}，单位应为万元", field=p.field, phrase=phrase,
                                     figures=(("文字", f"{t.number}元"), ("数据", fmt(t.measure.value) + "万元")))
                elif t.unit == "万":
                    yield self.found(p.at(t.start), f"“{phrase}”：金额只写了“万”，应写“万元”", severity=WARNING,
                                     field=p.field, phrase=phrase)


@rule
class TextComparison(Rule):
    code = "text-comparison"
    title = "增减比较的口径不一致"
    severity = WARNING
    description = "“比上年增加/减少”应与同一口径的上年数比较（收支总预算比收支总预算，当年拨款比当年拨款）；请改正比较对象。"
    example = "“一般公共预算当年拨款 133.05 万元，比 2023 年财政拨款收支总预算减少 10.52 万元”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                if t.kind == "change" and t.measure and t.basis and t.basis.key != t.measure.key:
                    phrase = p.around(t.start, t.end, 24)
                    yield self.found(p.at(t.start), f"“{phrase}”：本年数是{t.measure.label}，却与上年的"
                                     f"{t.basis.label}比较", field=p.field, phrase=phrase,
                                     figures=(("本年口径", t.measure.label), ("比较口径", t.basis.label)))


COUNTS = (
    (re.compile(r"编制\s*(\d+)\s*[人名]"), "编制人数", lambda s: s.d.overview.staffing.authorized),
    (re.compile(r"在职(?:人员|职工|在编人员)?\s*(\d+)\s*[人名]"), "在职人数", lambda s: s.d.overview.staffing.active),
    (re.compile(r"退休(?:人员)?\s*(\d+)\s*[人名]"), "退休人数", lambda s: s.d.overview.staffing.retired),
    (re.compile(r"车辆\s*(\d+)\s*辆"), "车辆数", lambda s: s.d.assets.vehicles if s.d.assets else None),
    (re.compile(r"大型设备\s*(\d+)\s*台"), "大型设备数", lambda s: s.d.assets.large_equipment if s.d.assets else None),
)


@rule
class TextCount(Rule):
    code = "text-count"
    title = "文字中的人数、车辆数与数据不符"
    severity = ERROR
    description = "编制、在职、退休人数和车辆、大型设备数应与数据一致；请按数据改正。"
    example = "说明写“在职人员 6 人”，数据为 5 人"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for pattern, label, get in COUNTS:
                for m in pattern.finditer(p.text):
                    want = get(s)
                    if want is not None and int(m[1]) != want:
                        yield self.found(p.at(m.start()), f"“{m.group()}”：数据中{label}为 {want}", field=p.field,
                                         phrase=m.group(), figures=(("文字", m[1]), ("数据", str(want))))


LIST = re.compile(r"(?P<what>支出|收入)包括[：:](?P<items>[^。；]+)")
AMOUNT_TAIL = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:万元|万|元)\s*$")


@rule
class TextClassList(Rule):
    code = "text-class-list"
    title = "“支出包括”所列科目与数据不符"
    severity = ERROR
    description = "“支出包括”应列出有支出的每个功能分类类级科目，且只列类级科目；请按表1-2 改正。"
    example = "“支出包括：一般公共服务支出、一般行政管理事务（政府）支出、……”把项级科目与类级并列"

    def check(self, s: Subject) -> Iterator[Finding]:
        classes = {c: n for c, n in s.names.function_classes() if s.fig.all_rows.get(c, Split()).total}
        for p in s.passages:
            for m in LIST.finditer(p.text):
                if m["what"] != "支出":
                    continue
                items = [AMOUNT_TAIL.sub("", x).strip() for x in re.split(r"[、，,]", m["items"])]
                items = [re.sub(r"^本年", "", x) for x in items if x]
                wrong = [x for x in items if not any(same_name(x, n) for n in classes.values())]
                missing = [n for n in classes.values() if not any(same_name(x, n) for x in items)]
                for x in wrong:
                    yield self.found(p.at(m.start()), f"“支出包括”中的“{x}”不是本单位有支出的类级科目", field=p.field,
                                     phrase=x, figures=(("应列", "、".join(classes.values())),))
                if missing:
                    yield self.found(p.at(m.start()), f"“支出包括”漏列了{'、'.join(missing)}", field=p.field,
                                     phrase=m.group()[:40], figures=(("漏列", "、".join(missing)),))
