"""The figures a text can talk about, and how a phrase names them.

Free text names a figure by a generic phrase (收支总预算, 人员经费, 公务接待费 …), by a
classification name (一般公共服务支出, 事业运行), by a 类/款/项 path, or by a project name.
`Facts.find` picks what the words just before an amount refer to: the most specific kind of name
wins (path, then project, then classification, then generic phrase), and among names of the same
kind the one nearest the amount.

The same 类 has different amounts in different sections of a disclosure: all funds in 一 (收支预算),
the fiscal funds in 二 (财政拨款), this year's appropriation in 三 (一般公共预算当年拨款, the line
less its 上年结转), the fund's own in 六 and 七. A *scope* names which: classification and path
figures are looked up in the scope of the section the words are in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.derive import Split, econ_category, three_public_total
from generator.model import FISCAL_FUNDS, Project, SpendingLine, ThreePublic

if TYPE_CHECKING:
    from generator.check.subject import Subject

_WIDE = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", '"': "”"})
_DROP = re.compile(r"[\s\u200b、·]")


def norm(text: str) -> str:
    """Compare-friendly text: full-width brackets and punctuation, no spaces or 、."""
    return _DROP.sub("", text.translate(_WIDE)).replace("“", "”")


def same_name(a: str, b: str) -> bool:
    """Classification names written with or without the trailing 支出, in either bracket width."""
    return norm(a).removesuffix("支出") == norm(b).removesuffix("支出")


@dataclass(frozen=True)
class Measure:
    """A figure of the data a phrase can refer to (万元)."""

    key: str
    label: str
    value: Decimal | None
    previous: Decimal | None = None
    others: tuple[Decimal, ...] = ()  # the same words may name it on another basis (every fund, 财政拨款)


NEAR = 40  # a name further than this from its amount (in characters) is not what it refers to

# A 类/款/项 path such as 一般公共服务（类）政府办公厅（室）及相关机构事务（款）事业运行（项）.
PATH = re.compile(r"(?P<lei>[\u4e00-\u9fff]+)[（(]类[）)](?P<kuan>[\u4e00-\u9fff（）()]*?)[（(]款[）)]"
                  r"(?P<xiang>[\u4e00-\u9fff（）()]+?)[（(]项[）)]")


@dataclass(frozen=True)
class PathRef:
    """What a path names: the unit's line if it has one, the catalogue code, and any disagreement."""

    class_code: str
    kuan: str
    xiang: str
    line: SpendingLine | None
    code: str | None        # the 项 code in the catalogue, if any
    kuan_ok: bool           # the 款 name is the catalogue's name of that 项's 款


def project_core(name: str) -> str:
    """2024年政府门户网站智能监测经费项目 → 政府门户网站智能监测 (how prose shortens project names)."""
    core = re.sub(r"^\d{4}年度?", "", norm(name)).removesuffix("项目")
    for tail in ("经费", "费", "资金"):
        if core.endswith(tail) and len(core) - len(tail) >= 4:
            return core.removesuffix(tail)
    return core


ALL, FISCAL, GENERAL, BASIC, THREE_PUBLIC = "all", "fiscal", "general", "basic", "three-public"
FUND = "fund:"  # FUND + fund name: 政府性基金预算, 国有资本经营预算
SCOPES: tuple[tuple[str, str], ...] = (  # words of a heading → the scope of the section under it
    ("三公", THREE_PUBLIC), ("政府性基金", FUND + "政府性基金预算"), ("国有资本经营", FUND + "国有资本经营预算"),
    ("基本支出情况", BASIC), ("一般公共预算基本支出", BASIC), ("一般公共预算当年拨款", GENERAL),
    ("财政拨款收支", FISCAL), ("收支预算", ALL), ("收入预算", ALL), ("支出预算", ALL),
)


def scope_of(headings: list[str]) -> str:
    """The scope of a section from its headings, innermost first; ALL when none says."""
    for heading in headings:
        for words, scope in SCOPES:
            if words in heading:
                return scope
    return ALL


class Facts:
    def __init__(self, s: Subject) -> None:
        self.s = s
        self.generic = _generic(s)
        self._generic_re = re.compile("|".join(re.escape(k) for k in sorted(self.generic, key=len, reverse=True)))
        self.projects = self._project_needles()
        self._named: dict[str, list[tuple[str, Measure]]] = {}
        u = s.d.unit
        names = [u.name, u.short_name, *(x.name for x in u.subordinates), *([u.own_name] if u.own_name else [])]
        self._units = sorted({norm(n) for n in names if n}, key=len, reverse=True)

    def _unnamed(self, text: str) -> str:
        """The words with the units' own names blanked out: 区档案馆 names the unit, not 档案馆 (2012604)."""
        for name in self._units:
            text = text.replace(name, "□")
        return text

    @property
    def named(self) -> list[tuple[str, Measure]]:
        return self.named_in(ALL)

    def named_in(self, scope: str) -> list[tuple[str, Measure]]:
        if scope not in self._named:
            self._named[scope] = self._named_needles(scope)
        return self._named[scope]

    # ------------------------------------------------------------------ lookups

    def find(self, segment: str, scope: str = ALL) -> Measure | None:
        """The figure the words before an amount refer to, or None."""
        for m in reversed(list(PATH.finditer(segment))):
            ref = self.resolve(m)
            if ref and ref.line:
                return self.code_measure(ref.line.code, scope)
        text = self._unnamed(norm(segment))[-NEAR:]
        for needles in (self.projects, self.named_in(scope)):
            found = [(text.rfind(n) + len(n), len(n), m) for n, m in needles if n in text]
            if found:
                return max(found, key=lambda x: (x[0], x[1]))[2]
        matches = list(self._generic_re.finditer(text))
        return self.generic[matches[-1].group()] if matches else None

    def rows(self, scope: str) -> dict[str, Split]:
        """Function 类/款/项 rows as a section of this scope states them."""
        f = self.s.fig
        if scope == FISCAL:
            return f.fiscal_rows
        if scope in (GENERAL, BASIC):
            return f.general_rows
        if scope.startswith(FUND):
            return f.fund_rows(scope.removeprefix(FUND))
        return f.all_rows

    def code_measure(self, code: str, scope: str = ALL) -> Measure:
        """A function 类, 款 or 项 in a scope: the sum over every unit's lines of that code."""
        row = self.rows(scope).get(code, Split())
        value = row.current if scope in (GENERAL, BASIC) else row.total
        name = self.s.names.function(code)
        if len(code) == 7:
            return Measure(f"item:{code}", f"{name}（{code}）", value)
        return Measure(f"class:{code}", name, value)

    def exact(self, label: str, scope: str = ALL) -> Measure | None:
        """A table cell's label naming a figure exactly."""
        text = norm(re.sub(r"^[一二三四五六七八九十]+、|^\d{3,9}(?![\d年])\s*", "", label.strip()))
        for needles in (self.projects, self.named_in(scope)):
            for n, m in needles:
                if n == text:
                    return m
        return self.generic.get(text)

    def explain(self, value: Decimal, measure: Measure | None = None) -> str | None:
        """Another figure of the data that equals `value` (a wrong number is often a neighbour's, or
        last year's)."""
        if value == 0:
            return None
        besides = measure.key if measure else ""
        if measure and measure.previous == value:
            return f"上年{measure.label}"
        for m in [*self.generic.values(), *(m for _, m in self.named), *(m for _, m in self.projects)]:
            if m.key != besides and m.value == value:
                return m.label
            if m.key != besides and m.previous == value:
                return f"上年{m.label}"
        return None

    def line_measure(self, line: SpendingLine) -> Measure:
        names = self.s.names
        return Measure(f"item:{line.code}:{line.fund}", f"{names.function(line.code)}（{line.code}）",
                       line.basic + line.project)

    def resolve(self, m: re.Match[str]) -> PathRef | None:
        """Which class, 项 and line a path names; None when its class is not a known 类."""
        names = self.s.names
        lei = m["lei"]
        classes = [c for c, n in names.function_classes() if lei.endswith(n) or lei.endswith(n.removesuffix("支出"))]
        if not classes:
            return None
        cls = max(classes, key=lambda c: len(names.function(c)))
        kuan, xiang = m["kuan"], m["xiang"]
        lines = [x for x in self.s.d.spending if x.code.startswith(cls) and same_name(names.function(x.code), xiang)]
        if lines:
            line = lines[0]
            return PathRef(cls, kuan, xiang, line, line.code, same_name(names.function(line.code[:5]), kuan))
        codes = [c for c, (n, _) in names.catalogue.get("function", {}).items()
                 if len(c) == 7 and c.startswith(cls) and same_name(n, xiang)]
        fits = [c for c in codes if same_name(names.function(c[:5]), kuan)]
        code: str | None = next(iter(fits or codes), None)
        kuan_ok = bool(fits) or (not codes and any(
            same_name(n, kuan) for c, (n, _) in names.catalogue.get("function", {}).items()
            if len(c) == 5 and c.startswith(cls)))
        return PathRef(cls, kuan, xiang, None, code, kuan_ok)

    def project_named(self, text: str, *, exclude: str = "") -> list[Project]:
        """Projects of 表3-2 whose name or shortened name appears in `text`, longest first."""
        t = norm(text)
        hits = {m.key: m for n, m in self.projects if n in t and m.key != f"project:{exclude}"}
        return [p for p in self.s.d.projects if f"project:{p.name}" in hits]

    # ------------------------------------------------------------------ needles

    def _project_needles(self) -> list[tuple[str, Measure]]:
        out = []
        for p in self.s.d.projects:
            m = Measure(f"project:{p.name}", f"项目“{p.name}”", p.amount)
            out.append((norm(p.name), m))
            core = project_core(p.name)
            if len(core) >= 4:
                out.append((core, m))
        return out

    def _named_needles(self, scope: str) -> list[tuple[str, Measure]]:
        s, names = self.s, self.s.names
        out: list[tuple[str, Measure]] = []
        for code, _ in names.function_classes():
            out.append((norm(names.function(code)), self.code_measure(code, scope)))
        items: dict[str, set[str]] = {}
        for line in s.d.spending:
            items.setdefault(norm(names.function(line.code)), set()).add(line.code)
        for needle, codes in items.items():
            if len(codes) == 1:
                out.append((needle, self.code_measure(next(iter(codes)), scope)))
        if scope == THREE_PUBLIC:  # 公务接待费 there is the 三公 item, not the economic 款 30217
            return out
        econ: dict[str, Decimal] = {}
        for e in s.d.basic_econ:
            if scope in (GENERAL, BASIC) and e.fund != "一般公共预算":
                continue
            for code in (e.code, e.code[:3]):
                econ[code] = econ.get(code, Decimal(0)) + e.amount
        for code, amount in econ.items():
            out.append((norm(names.econ(code)), Measure(f"econ:{code}", f"{names.econ(code)}（{code}）", amount)))
        return out


INCOME = (("事业收入", "事业收入"), ("事业单位经营收入", "事业单位经营收入"), ("其他收入", "其他收入"),
          ("上级补助收入", "上级补助收入"), ("附属单位上缴收入", "附属单位上缴收入"),
          ("财政专户管理资金", "财政专户管理资金收入"))


def _three_public(s: Subject) -> list[tuple[tuple[str, ...], Measure]]:
    """The department's 三公 (本级 and every unit), each item with last year's same item."""
    tp = s.derived.three_public
    py = s.d.previous_year
    pt: ThreePublic | None = py.three_public if py else None

    def prev(get: Callable[[ThreePublic], Decimal]) -> Decimal | None:
        return get(pt) if pt else None

    return [
        (("”三公”经费", "三公经费", "”三公”经费财政拨款预算", "”三公”经费财政拨款"),
         Measure("three-public", "“三公”经费", three_public_total(tp), prev(three_public_total))),
        (("因公出国（境）费", "因公出国（境）经费", "因公出国（境）费用"),
         Measure("abroad", "因公出国（境）费", tp.abroad, prev(lambda t: t.abroad))),
        (("公务用车购置及运行费", "公务用车购置及运行维护费"),
         Measure("vehicle", "公务用车购置及运行费", tp.vehicle_purchase + tp.vehicle_operation,
                 prev(lambda t: t.vehicle_purchase + t.vehicle_operation))),
        (("公务用车购置费",), Measure("vehicle-purchase", "公务用车购置费", tp.vehicle_purchase,
                                    prev(lambda t: t.vehicle_purchase))),
        (("公务用车运行费", "公务用车运行维护费"),
         Measure("vehicle-operation", "公务用车运行费", tp.vehicle_operation, prev(lambda t: t.vehicle_operation))),
        (("公务接待费",), Measure("reception", "公务接待费", tp.reception, prev(lambda t: t.reception))),
    ]


def _funds(s: Subject) -> list[tuple[tuple[str, ...], Measure]]:
    """Income by source (this year's part) and the two funds with their own sections."""
    f, py = s.fig, s.d.previous_year

    def by(name: str) -> Split:
        return f.by_fund.get(name, Split())

    out: list[tuple[tuple[str, ...], Measure]] = [
        ((label,), Measure(f"income:{fund}", label, by(fund).current)) for fund, label in INCOME]
    out += [
        (("政府性基金预算", "政府性基金", "政府性基金预算支出", "政府性基金支出"),
         Measure("fund", "政府性基金预算支出", by("政府性基金预算").total, py.government_fund if py else None)),
        (("政府性基金预算拨款收入", "政府性基金预算拨款"),
         Measure("fund-income", "政府性基金预算拨款收入", by("政府性基金预算").current)),
        (("国有资本经营预算", "国有资本经营预算支出"),
         Measure("capital", "国有资本经营预算支出", by("国有资本经营预算").total, py.state_capital if py else None)),
        (("国有资本经营预算拨款收入", "国有资本经营预算拨款"),
         Measure("capital-income", "国有资本经营预算拨款收入", by("国有资本经营预算").current)),
        (("上年结转财政拨款", "财政拨款上年结转"),
         Measure("fiscal-carryover", "上年结转财政拨款", f.fiscal.carryover)),
    ]
    return out


def _performance(s: Subject) -> list[tuple[tuple[str, ...], Measure]]:
    listed = s.derived.performance_total
    cov = s.d.performance_coverage
    return [(("涉及资金", "绩效目标管理的项目资金"),
             Measure("performance", "实行绩效目标管理的项目资金", cov.amount if cov else listed)),
            (("表6涉及资金", "表6所列项目资金"), Measure("performance-listed", "表6所列项目资金", listed))]


def _basic_by_category(s: Subject, category: str) -> tuple[Decimal, ...]:
    """人员经费 or 公用经费 of the fiscal funds and of every fund: a unit with 事业收入 and the like may
    state either (the primary figure, as in 表3-1, is 一般公共预算's)."""
    lines = [x for x in s.d.basic_econ if econ_category(x) == category]
    return (sum((x.amount for x in lines if x.fund in FISCAL_FUNDS), Decimal(0)),
            sum((x.amount for x in lines), Decimal(0)))


def _generic(s: Subject) -> dict[str, Measure]:
    d, f = s.d, s.fig
    py = d.previous_year
    pr, oc = d.procurement, d.operating_costs
    table: list[tuple[tuple[str, ...], Measure]] = [
        (("收支总预算", "收支预算总数", "收支预算总额", "收支预算", "收入预算", "预算收入", "支出预算", "预算支出",
          "收入总计", "支出总计", "本年收入", "本年支出", "收入合计", "支出合计"),
         Measure("total", "收支总预算", f.total.total, py.total if py else None)),
        (("财政拨款收支总预算", "财政拨款收支预算", "财政拨款收入", "财政拨款支出", "财政拨款预算", "财政预算资金",
          "财政拨款"),
         Measure("fiscal", "财政拨款收支总预算", f.fiscal.total, py.fiscal if py else None)),
        (("一般公共预算当年拨款", "一般公共预算拨款收入", "一般公共预算拨款"),
         Measure("general", "一般公共预算当年拨款", f.general.current, py.general_budget if py else None)),
        (("一般公共预算支出",), Measure("general-total", "一般公共预算支出", f.general.total)),
        (("基本支出",), Measure("basic", "基本支出", f.total.basic)),
        (("一般公共预算基本支出",), Measure("general-basic", "一般公共预算基本支出", f.general.basic)),
        (("项目支出", "项目经费", "绩效目标经费"), Measure("project", "项目支出", f.total.project)),
        (("一般公共预算项目支出",), Measure("general-project", "一般公共预算项目支出", f.general.project)),
        (("人员经费", "人员类经费", "人员支出"), Measure("personnel", "人员经费", f.personnel, None,
                                                 _basic_by_category(s, "人员经费"))),
        (("公用经费", "日常公用经费", "公用支出"), Measure("public", "公用经费", f.public, None,
                                                 _basic_by_category(s, "公用经费"))),
        (("上年结转",), Measure("carryover", "上年结转", f.total.carryover)),
        *_three_public(s),
        (("政府采购预算", "政府采购"), Measure("procurement", "政府采购预算", pr.goods + pr.works + pr.services)),
        (("货物类",), Measure("goods", "政府采购货物类", pr.goods)),
        (("工程类",), Measure("works", "政府采购工程类", pr.works)),
        (("服务类",), Measure("services", "政府采购服务类", pr.services)),
        (("中小企业",), Measure("sme", "面向中小企业预留", pr.sme_reserved)),
        (("机关运行经费",), Measure("operating", "机关运行经费", oc.amount, oc.previous)),
        *_funds(s),
        *_performance(s),
        (("单位价值",), Measure("threshold", "大型设备单位价值标准", d.assets.threshold if d.assets else None)),
    ]
    return {norm(k): m for keys, m in table for k in keys}
