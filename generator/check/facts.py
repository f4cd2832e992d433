"""The figures a text can talk about, and how a phrase names them.

Free text names a figure by a generic phrase (收支总预算, 人员经费, 公务接待费 …), by a
classification name (一般公共服务支出, 事业运行), by a 类/款/项 path, or by a project name.
`Facts.find` picks what the words just before an amount refer to: the most specific kind of name
wins (path, then project, then classification, then generic phrase), and among names of the same
kind the one nearest the amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from generator.derive import Split, three_public_total
from generator.model import Project, SpendingLine

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


class Facts:
    def __init__(self, s: Subject) -> None:
        self.s = s
        self.generic = _generic(s)
        self._generic_re = re.compile("|".join(re.escape(k) for k in sorted(self.generic, key=len, reverse=True)))
        self.projects = self._project_needles()
        self.named = self._named_needles()

    # ------------------------------------------------------------------ lookups

    def find(self, segment: str) -> Measure | None:
        """The figure the words before an amount refer to, or None."""
        for m in reversed(list(PATH.finditer(segment))):
            ref = self.resolve(m)
            if ref and ref.line:
                return self.line_measure(ref.line)
        text = norm(segment)[-NEAR:]
        for needles in (self.projects, self.named):
            found = [(text.rfind(n) + len(n), len(n), m) for n, m in needles if n in text]
            if found:
                return max(found, key=lambda x: (x[0], x[1]))[2]
        matches = list(self._generic_re.finditer(text))
        return self.generic[matches[-1].group()] if matches else None

    def exact(self, label: str) -> Measure | None:
        """A table cell's label naming a figure exactly."""
        text = norm(re.sub(r"^[一二三四五六七八九十]+、|^\d{3,9}\s*", "", label.strip()))
        for needles in (self.projects, self.named):
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
        code = (fits or codes or [None])[0]
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

    def _named_needles(self) -> list[tuple[str, Measure]]:
        s, names = self.s, self.s.names
        out: list[tuple[str, Measure]] = []
        for code, name in names.function_classes():
            out.append((norm(name), Measure(f"class:{code}", name, s.fig.all_rows.get(code, Split()).total)))
        items: dict[str, list[SpendingLine]] = {}
        for line in s.d.spending:
            items.setdefault(norm(names.function(line.code)), []).append(line)
        for needle, lines in items.items():
            if len(lines) == 1:
                out.append((needle, self.line_measure(lines[0])))
        econ: dict[str, Decimal] = {}
        for line in s.d.basic_econ:
            for code in (line.code, line.code[:3]):
                econ[code] = econ.get(code, Decimal(0)) + line.amount
        for code, amount in econ.items():
            out.append((norm(names.econ(code)), Measure(f"econ:{code}", f"{names.econ(code)}（{code}）", amount)))
        return out


def _generic(s: Subject) -> dict[str, Measure]:
    d, f = s.d, s.fig
    py = d.previous_year
    tp, pr, oc = d.three_public, d.procurement, d.operating_costs
    tp_prev = three_public_total(py.three_public) if py and py.three_public else None
    fund = lambda name: f.by_fund.get(name, Split()).total  # noqa: E731
    table: list[tuple[tuple[str, ...], Measure]] = [
        (("收支总预算", "收支预算总数", "收支预算总额", "收支预算", "收入预算", "预算收入", "支出预算", "预算支出",
          "收入总计", "支出总计", "本年收入", "本年支出", "收入合计", "支出合计"),
         Measure("total", "收支总预算", f.total.total, py.total if py else None)),
        (("财政拨款收支总预算", "财政拨款收支预算", "财政拨款收入", "财政拨款支出", "财政拨款预算", "财政预算资金"),
         Measure("fiscal", "财政拨款收支总预算", f.fiscal.total, py.fiscal if py else None)),
        (("一般公共预算当年拨款", "一般公共预算拨款收入", "一般公共预算拨款"),
         Measure("general", "一般公共预算当年拨款", f.general.current, py.general_budget if py else None)),
        (("一般公共预算支出",), Measure("general-total", "一般公共预算支出", f.general.total)),
        (("基本支出",), Measure("basic", "基本支出", f.total.basic)),
        (("一般公共预算基本支出",), Measure("general-basic", "一般公共预算基本支出", f.general.basic)),
        (("项目支出", "项目经费", "绩效目标经费"), Measure("project", "项目支出", f.total.project)),
        (("一般公共预算项目支出",), Measure("general-project", "一般公共预算项目支出", f.general.project)),
        (("人员经费", "人员类经费", "人员支出"), Measure("personnel", "人员经费", f.personnel)),
        (("公用经费", "日常公用经费", "公用支出"), Measure("public", "公用经费", f.public)),
        (("上年结转",), Measure("carryover", "上年结转", f.total.carryover)),
        (("”三公”经费", "三公经费", "”三公”经费财政拨款预算", "”三公”经费财政拨款"),
         Measure("three-public", "“三公”经费", three_public_total(tp), tp_prev)),
        (("因公出国（境）费", "因公出国（境）经费", "因公出国（境）费用"), Measure("abroad", "因公出国（境）费", tp.abroad)),
        (("公务用车购置及运行费", "公务用车购置及运行维护费"),
         Measure("vehicle", "公务用车购置及运行费", tp.vehicle_purchase + tp.vehicle_operation)),
        (("公务用车购置费",), Measure("vehicle-purchase", "公务用车购置费", tp.vehicle_purchase)),
        (("公务用车运行费", "公务用车运行维护费"), Measure("vehicle-operation", "公务用车运行费", tp.vehicle_operation)),
        (("公务接待费",), Measure("reception", "公务接待费", tp.reception)),
        (("政府采购预算", "政府采购"), Measure("procurement", "政府采购预算", pr.goods + pr.works + pr.services)),
        (("货物类",), Measure("goods", "政府采购货物类", pr.goods)),
        (("工程类",), Measure("works", "政府采购工程类", pr.works)),
        (("服务类",), Measure("services", "政府采购服务类", pr.services)),
        (("中小企业",), Measure("sme", "面向中小企业预留", pr.sme_reserved)),
        (("机关运行经费",), Measure("operating", "机关运行经费", oc.amount, oc.previous)),
        (("政府性基金预算", "政府性基金"), Measure("fund", "政府性基金预算支出", fund("政府性基金预算"))),
        (("国有资本经营预算",), Measure("capital", "国有资本经营预算支出", fund("国有资本经营预算"))),
        (("单位价值",), Measure("threshold", "大型设备单位价值标准", d.assets.threshold if d.assets else None)),
    ]
    return {norm(k): m for keys, m in table for k in keys}
