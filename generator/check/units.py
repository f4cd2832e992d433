"""A department and its units: every line belongs to 本级 or a declared subordinate unit, each code once.

Also the helpers the other rules use to speak about units: a unit's label for messages and the
YAML path of its 三公 block.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.finding import ERROR, Finding, Rule, rule
from generator.check.subject import Subject
from generator.derive import members, own_code
from generator.model import Disclosure

FAMILY = "部门与所属单位"

LINE_TABLES = (("spending", "表1-2、表3 支出明细"), ("basic_econ", "表3-1 基本支出明细"), ("projects", "表3-2 项目"))


def unit_label(d: Disclosure, code: str) -> str:
    """How messages name a unit: “name”（code）, or nothing for a disclosure without subordinates."""
    if not d.unit.subordinates:
        return ""
    name = next((m.name for m in members(d) if m.code == code), "未声明的单位")
    return f"“{name}”（{code}）"


def three_public_path(d: Disclosure, code: str) -> str:
    """Where a unit's 三公 is entered: top-level `three_public` for 本级, else its subordinate entry."""
    for k, sub in enumerate(d.unit.subordinates):
        if sub.code == code and code != own_code(d):
            return f"unit.subordinates[{k}].three_public"
    return "three_public"


def unit_codes(d: Disclosure) -> set[str]:
    return {m.code for m in members(d)}


@rule
class UnitUnknown(Rule):
    code = "unit-unknown"
    title = "明细行的单位编码不是本部门的单位"
    severity = ERROR
    description = ("支出、基本支出和项目明细的 unit 只能写本级单位编码（unit.own_code，未填时为 unit.code）"
                   "或 unit.subordinates 中声明的所属单位编码；请改正编码或补充所属单位。")
    example = "某支出行写 unit: \"103009\"，而本部门只有 103001（本级）和 103002"

    def check(self, s: Subject) -> Iterator[Finding]:
        d = s.d
        known = unit_codes(d)
        listed = "、".join(sorted(known))
        for key, table in LINE_TABLES:
            for i, line in enumerate(getattr(d, key)):
                if line.unit is not None and line.unit not in known:
                    path = f"{key}[{i}].unit"
                    yield self.found(s.at(path), f"{table}第 {i + 1} 行的单位编码 {line.unit} 既不是本级，"
                                     f"也不是已声明的所属单位（本部门的单位：{listed}）", field=path, phrase=line.unit,
                                     figures=(("单位编码", line.unit), ("本部门单位", listed)))


@rule
class UnitDuplicate(Rule):
    code = "unit-duplicate"
    title = "单位编码重复"
    severity = ERROR
    description = "本级和每个所属单位的编码各不相同，所属单位也不能使用部门自己的编码；重复时各行无法分清属于哪个单位。"
    example = "两个所属单位都写了编码 103002"

    def check(self, s: Subject) -> Iterator[Finding]:
        u = s.d.unit
        if not u.subordinates:
            return
        seen = {own_code(s.d): "本级" if u.own_code else "本级（部门编码）"}
        department = {u.code} if u.own_code and u.own_code != u.code else set()
        for k, sub in enumerate(u.subordinates):
            path = f"unit.subordinates[{k}].code"
            if sub.code in seen:
                yield self.found(s.at(path), f"所属单位“{sub.name}”的编码 {sub.code} 与{seen[sub.code]}重复",
                                 field=path, phrase=sub.code)
            elif sub.code in department:
                yield self.found(s.at(path), f"所属单位“{sub.name}”的编码 {sub.code} 与部门编码（unit.code）相同",
                                 field=path, phrase=sub.code)
            seen.setdefault(sub.code, f"所属单位“{sub.name}”")
