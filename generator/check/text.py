"""Free text against the data: every amount, percentage, change and count must agree with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import ROUND_HALF_UP, Decimal

from generator.check.compare import num, rounding_note, w, wan_gap
from generator.check.facts import ALL, BASIC, FISCAL, FUND, GENERAL, THREE_PUBLIC, Measure, norm, same_name
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.scan import Token, passage_scope, sentence_before, tokens
from generator.check.subject import Passage, Subject
from generator.derive import Split
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
                        t.unit == "元" and t.number == t.measure.value) and t.wan not in t.measure.others:
                    yield from self._compare(s, p, t, t.wan, t.measure.value, t.measure.label, t.measure)
                elif t.kind == "change" and t.measure and None not in (t.measure.previous, t.measure.value):
                    assert t.measure.value is not None and t.measure.previous is not None
                    diff = t.measure.value - t.measure.previous
                    said = t.wan * t.sign
                    yield from self._compare(s, p, t, said, diff, f"{t.measure.label}比上年的增减额", None)
                elif t.kind == "previous" and t.measure and t.measure.previous is not None:
                    yield from self._compare(s, p, t, t.wan, t.measure.previous, f"上年{t.measure.label}", None)

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


PARENTS = {"personnel": "general-basic", "public": "general-basic", "abroad": "three-public",
           "vehicle": "three-public", "vehicle-purchase": "vehicle", "vehicle-operation": "vehicle",
           "reception": "three-public", "goods": "procurement", "works": "procurement",
           "services": "procurement", "sme": "procurement"}


def _scope_base(s: Subject, scope: str) -> Decimal:
    """The whole a share is taken of when neither its words nor its list name one: the section's."""
    f = s.fig
    if scope == FISCAL:
        return f.fiscal.total
    if scope == GENERAL:
        return f.general.current
    if scope == BASIC:
        return f.general.basic
    if scope == THREE_PUBLIC:
        return s.facts.generic[norm("三公经费")].value or Decimal(0)
    if scope.startswith(FUND):
        return f.by_fund.get(scope.removeprefix(FUND), Split()).total
    return f.total.total


def share_base(s: Subject, t: Token) -> tuple[str, Decimal | None]:
    """(name, whole) a percentage is a share of: the base its sentence names, else its figure's parent
    (人员经费 of 一般公共预算基本支出 …), else its section's base."""
    if t.basis is not None:
        return t.basis.label, t.basis.value
    key = t.measure.key if t.measure else ""
    parent = next((m for m in s.facts.generic.values() if m.key == PARENTS.get(key)), None)
    if parent is not None:
        return parent.label, parent.value
    if key.startswith("econ:") and t.scope in (ALL, BASIC, GENERAL):
        return "一般公共预算基本支出", s.fig.general.basic
    return "", _scope_base(s, t.scope)


@rule
class TextPercent(Rule):
    code = "text-percent"
    title = "文字中的占比与数据不符"
    severity = ERROR
    description = ("“占 x%”应等于该项金额除以句中所说（或本节）的总额；“增长 x%”应等于增减额除以上年数。"
                   "请按表中数字重算。")
    example = "说明中写“住房保障支出 6.52 万元，占 4.97%”，6.52÷133.05 应为 4.90%"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                if t.kind not in ("percent", "growth") or not t.measure or t.measure.value is None:
                    continue
                name, base, part = self._whole(s, t)
                if not base:
                    continue
                exact = part * 100 / base
                places = Decimal(1).scaleb(t.number.as_tuple().exponent)  # type: ignore[arg-type]
                if abs(exact - t.number) < places:
                    continue
                want = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                of = ("比上年的增减幅度" if t.kind == "growth" else f"占{name}的比例" if name else "占比")
                yield self.found(
                    p.at(t.start), f"“{p.around(t.start, t.end)}”：文字为 {num(t.number)}%，按数据 "
                    f"{t.measure.label} {w(t.measure.value)} 计算{of}应为 {want}%", field=p.field,
                    figures=(("文字", f"{t.number}%"), ("数据", f"{want}%")), phrase=p.around(t.start, t.end))

    @staticmethod
    def _whole(s: Subject, t: Token) -> tuple[str, Decimal | None, Decimal]:
        """(base name, base, part) of a share, or of a change on last year."""
        assert t.measure is not None and t.measure.value is not None
        if t.kind == "growth":
            prev = t.measure.previous
            return "上年", prev, abs(t.measure.value - prev) if prev is not None else Decimal(0)
        name, base = share_base(s, t)
        return name, base, t.measure.value


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
    description = ("“比上年增加/减少”应与同一口径的上年数比较（收支总预算比收支总预算，当年拨款比当年拨款）；"
                   "请改正比较对象。")
    example = "“一般公共预算当年拨款 133.05 万元，比 2023 年财政拨款收支总预算减少 10.52 万元”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for t in tokens(s, p):
                if t.kind == "change" and t.measure and t.basis and t.basis.key != t.measure.key:
                    phrase = p.around(t.start, t.end, 24)
                    yield self.found(p.at(t.start), f"“{phrase}”：本年数是{t.measure.label}，却与上年的"
                                     f"{t.basis.label}比较", field=p.field, phrase=phrase,
                                     figures=(("本年口径", t.measure.label), ("比较口径", t.basis.label)))


PURCHASE = ("大型设备数", "拟购大型设备数")


def _listed_projects(s: Subject) -> int:
    cov = s.d.performance_coverage
    return cov.projects if cov else len(s.d.project_performance)


COUNTS: tuple[tuple[re.Pattern[str], str, Callable[[Subject], int | None]], ...] = (
    (re.compile(r"编制\s*(\d+)\s*[人名]"), "编制人数", lambda s: s.derived.staffing.authorized),
    (re.compile(r"(\d+)\s*人编制"), "编制人数", lambda s: s.derived.staffing.authorized),
    (re.compile(r"编制人数\s*(\d+)\s*[人名]"), "编制人数", lambda s: s.derived.staffing.authorized),
    (re.compile(r"在职(?:人员|职工|在编人员)?\s*(\d+)\s*[人名]"), "在职人数", lambda s: s.derived.staffing.active),
    (re.compile(r"退休(?:人员)?\s*(\d+)\s*[人名]"), "退休人数", lambda s: s.derived.staffing.retired),
    (re.compile(r"(?<!购置)车辆\s*(\d+)\s*辆"), "车辆数", lambda s: s.d.assets.vehicles if s.d.assets else None),
    (re.compile(r"购置车辆\s*(\d+)\s*辆"), "拟购车辆数", lambda s: s.d.assets.new_vehicles if s.d.assets else None),
    (re.compile(r"大型设备\s*(\d+)\s*台"), "大型设备数",
     lambda s: s.d.assets.large_equipment if s.d.assets else None),
    (re.compile(r"大型设备\s*(\d+)\s*台"), "拟购大型设备数",
     lambda s: s.d.assets.new_large_equipment if s.d.assets else None),
    (re.compile(r"单位共\s*(\d+)\s*个"), "纳入编制范围的单位数", lambda s: len(s.d.unit.subordinates) + 1),
    (re.compile(r"所属单位\s*(\d+)\s*个"), "所属单位数", lambda s: len(s.d.unit.subordinates)),
    (re.compile(r"绩效目标管理的项目\s*(\d+)\s*个"), "实行绩效目标管理的项目数", _listed_projects),
    (re.compile(r"其中\s*(\d+)\s*个项目的绩效目标"), "表6 所列项目数", lambda s: len(s.d.project_performance)),
    (re.compile(r"共\s*(\d+)\s*个项目"), "项目数", lambda s: len([p for p in s.d.projects if p.amount])),
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
                    bought = "购置" in sentence_before(p.text, m.start())
                    if label in PURCHASE and label.startswith("拟购") != bought:
                        continue  # 安排购置…大型设备 N 台 is this year's purchase, not what the unit has
                    want, said = get(s), next(g for g in m.groups() if g is not None)
                    if want is not None and int(said) != want:
                        at = m.start(m.lastindex or 1)
                        yield self.found(p.at(at), f"“{p.around(at, at + len(said), 8)}”：数据中{label}为 {want}",
                                         field=p.field, phrase=m.group(), figures=(("文字", said), ("数据", str(want))))


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
        for p in s.passages:
            classes: dict[str, str] | None = None  # made for the passages that list (few)
            for m in LIST.finditer(p.text):
                if m["what"] != "支出":
                    continue
                if classes is None:
                    rows = s.facts.rows(passage_scope(s, p))  # 二 lists the fiscal classes, 一 every class
                    classes = {c: n for c, n in s.names.function_classes() if rows.get(c, Split()).total}
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


COMPARED = re.compile(r"(?:比|较|与|同|对比|相比)\s*$")
# After the year of the budget's own figures: 2024年部门预算、2024年收支总预算、2024年，…、2024年无… .
BUDGET_YEAR = re.compile(r"\s*度?(?:部门|预算|收支|收入|支出|财政|一般公共|[“”\"]?三公|政府性基金|国有资本|机关运行|"
                         r"公务|因公|无|未|实行|绩效|重点工作|目录|[，,]|与)")
DATED = re.compile(r"^((?:19|20)\d{2})年度?(.{4,})$")  # 2024年政府网站…项目: a project named with its year
NOT_COMPARABLE = re.compile(r"\s*(?:预算数?|数)?可比")  # 无2023年预算数可比: last year's, named as missing
YEAR_WORD = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?P<after>\s*度?(?:底|末))?")


@rule
class TextYearRole(Rule):
    code = "text-year-role"
    title = "本年度与上年度用反了"
    severity = ERROR
    description = "“比 X 年”“与 X 年”中的 X 应为上一年度；其余地方说的预算年度应为本年度。请核对年份。"
    example = "2024 年预算写“比 2024 年财政拨款收支总预算减少 10.52 万元”，或“2023 年收支总预算 133.05 万元”"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        if d.kind != "预算":
            return
        dates = {x.year for x in (d.published_on, d.approved_on, d.assets.as_of if d.assets else None) if x}
        for p in s.passages:
            if p.kind == "table":
                continue
            for m in YEAR_WORD.finditer(p.text):
                year = int(m[1])
                compared = bool(COMPARED.search(p.text[max(m.start() - 4, 0):m.start()])
                                or NOT_COMPARABLE.match(p.text, m.end()))
                if m["after"] and year in dates:  # 截至2023年底: the assets' date
                    continue
                want = d.year - 1 if compared else d.year
                if not compared and not BUDGET_YEAR.match(self._after_names(s, p.text[m.end():])):
                    continue  # 延续2023年项目: free words may name last year; the budget's own figures may not
                if year != want and year in (d.year, d.year - 1):
                    phrase = p.around(m.start(), m.end())
                    what = "比较的应是上一年度" if compared else "说的应是本年度"
                    yield self.found(p.at(m.start()), f"“{phrase}”：{what}（{want} 年），写成了 {year} 年",
                                     field=p.field, phrase=phrase, figures=(("文字", str(year)), ("应为", str(want))))
            yield from self._projects(s, p)

    @staticmethod
    def _after_names(s: Subject, text: str) -> str:
        """The words after a year, the unit's own name skipped (2024年区教育局机关运行经费…)."""
        u = s.d.unit
        for name in sorted({u.name, u.short_name, *(x.name for x in u.subordinates)}, key=len, reverse=True):
            if name and text.startswith(name):
                return text[len(name):]
        return text

    def _projects(self, s: Subject, p: Passage) -> Iterator[Finding]:
        """A project named with its year (2024年政府网站…项目) must carry that year wherever it is named."""
        names = {x.name for x in s.d.projects} | {x.project for x in s.d.project_performance}
        for name in names:
            dated = DATED.match(name)
            if not dated or dated[2] not in p.text:
                continue
            for m in re.finditer(r"((?:19|20)\d{2})\s*年度?" + re.escape(dated[2]), p.text):
                if m[1] != dated[1]:
                    yield self.found(p.at(m.start()), f"“{m.group()[:30]}”：项目“{name}”的年度是 {dated[1]} 年，"
                                     f"写成了 {m[1]} 年", field=p.field, phrase=m.group(),
                                     figures=(("文字", m[1]), ("应为", dated[1])))


LABELLED_DATE = re.compile(r"(?P<label>批复日期|公开日期|发布日期|截至)\s*[：:]?\s*(?P<y>\d{4})\s*[年\-/.]\s*"
                           r"(?P<m>\d{1,2})\s*[月\-/.]\s*(?P<d>\d{1,2})\s*日?")
DATE_FIELDS = {"批复日期": ("approved_on", "批复日期"), "公开日期": ("published_on", "公开日期"),
               "发布日期": ("published_on", "公开日期"), "截至": ("assets.as_of", "资产截止日期")}


@rule
class TextDate(Rule):
    code = "text-date"
    title = "文字中的日期与数据不符"
    severity = ERROR
    description = "写明“批复日期”“公开日期”“截至”的日期应与数据中的批复日期、公开日期、资产截止日期一致；请核对。"
    example = "页首写“批复日期：2023年3月5日”，数据中批复日期为 2024-03-05"
    audit_only = True

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        known = {"approved_on": d.approved_on, "published_on": d.published_on,
                 "assets.as_of": d.assets.as_of if d.assets else None}
        for p in s.passages:
            for m in LABELLED_DATE.finditer(p.text):
                path, label = DATE_FIELDS[m["label"]]
                want = known[path]
                said = (int(m["y"]), int(m["m"]), int(m["d"]))
                if want is not None and said != (want.year, want.month, want.day):
                    written = "-".join(map(str, said))
                    yield self.found(p.at(m.start()), f"“{m.group()}”：数据中{label}为 {want.isoformat()}",
                                     field=p.field, phrase=m.group(),
                                     figures=(("文字", written), ("数据", want.isoformat())))
