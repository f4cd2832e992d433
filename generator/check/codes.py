"""Classification codes exist in the catalogue (data/codes/, local additions welcome) and every
code ↔ name pair agrees with it: in the data, in 类/款/项 paths of the text, in audited tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.check.facts import PATH, norm, same_name
from generator.check.finding import ERROR, WARNING, Finding, Rule, rule
from generator.check.subject import Subject
from generator.errors import Location

FAMILY = "分类科目编码"

FUNCTION_ROW = re.compile(r"^(\d{3})\t(\d{2})\t(\d{2})\t(?:\d{3,9}[\t ]+)?(?P<name>[^\t\d][^\t]*)")
ECON_ROW = re.compile(r"^(\d{3})\t(\d{2})\t(?P<code>\d{5})\s*(?P<name>[^\t\d][^\t]*)")
PROSE_CODE = re.compile(r"(?<![\d.])(?P<code>\d{5}|\d{7})\s*[（(]?(?P<name>[\u4e00-\u9fff]{2,}[\u4e00-\u9fff（）]*)")


def _data_codes(s: Subject) -> Iterator[tuple[str, str, str, str | None]]:
    """(field, scheme, code, name as entered) for every code of the disclosure."""
    d = s.d
    for i, x in enumerate(d.spending):
        yield f"spending[{i}].code", "function", x.code, x.name
    for i, e in enumerate(d.basic_econ):
        yield f"basic_econ[{i}].code", "dept_econ", e.code, e.name
    for i, p in enumerate(d.projects):
        yield f"projects[{i}].function", "function", p.function, None
        if p.econ:
            yield f"projects[{i}].econ", "dept_econ", p.econ, None
        for k, part in enumerate(p.parts):
            yield f"projects[{i}].parts[{k}].econ", "dept_econ", part.econ, None


LENGTHS = {"function": (7,), "dept_econ": (5,)}
PROJECT_ECON = (3, 5)


@rule
class CodeUnknown(Rule):
    code = "code-unknown"
    title = "分类科目编码不在编码表中"
    severity = ERROR
    description = ("功能分类写到项（7 位），基本支出经济分类写到款（5 位），"
                   "且编码及其上级科目都要在 data/codes/ 的编码表中；本地科目请加到 data/codes/ 下的补充文件。")
    example = "支出明细写了编码 2019999，编码表中没有"

    def check(self, s: Subject) -> Iterator[Finding]:
        catalogue = s.names.catalogue
        for path, scheme, code, _ in _data_codes(s):
            lengths = PROJECT_ECON if path.endswith(".econ") else LENGTHS[scheme]
            if len(code) not in lengths:
                yield self.found(s.at(path), f"编码 {code} 应为 {'或'.join(map(str, lengths))} 位", field=path,
                                 phrase=code)
                continue
            missing = [c for c in dict.fromkeys([code[:3], code[:5] if len(code) > 3 else code[:3], code])
                       if c not in catalogue.get(scheme, {})]
            if missing:
                yield self.found(s.at(path), f"编码表中没有 {'、'.join(missing)}", field=path, phrase=code,
                                 figures=(("编码", code),))


@rule
class CodeName(Rule):
    code = "code-name"
    title = "科目编码与名称不符"
    severity = ERROR
    description = "科目名称须与编码表中该编码的名称一致（类/款/项 写法中各级名称都要对）；请按编码表改正名称或编码。"
    example = ("“社会保障和就业（类）行政事业单位离退休（款）机关事业单位基本养老保险缴费支出（项）”，"
               "20805 的名称是行政事业单位养老支出")

    def check(self, s: Subject) -> Iterator[Finding]:
        names = s.names
        for path, scheme, code, name in _data_codes(s):
            known = names.catalogue.get(scheme, {}).get(code)
            if name and known and norm(name) != norm(known[0]):
                yield self.found(s.at(path.replace(".code", ".name")),
                                 f"编码 {code} 在编码表中是“{known[0]}”，此处写作“{name}”",
                                 field=path, phrase=name, figures=(("文字", name), ("编码表", known[0])))
        for p in s.passages:
            for m in PATH.finditer(p.text):
                ref = s.facts.resolve(m)
                if ref and not ref.kuan_ok:
                    want = self._kuan_names(s, ref.class_code, ref.xiang)
                    should = f"，编码表中“{ref.xiang}（项）”所属的款为“{want}”" if want else ""
                    unused = "" if ref.line else "；本单位也没有该项支出"
                    yield self.found(p.at(m.start()), f"“{m.group()}”：款名“{ref.kuan}”与编码表不符{should}{unused}",
                                     field=p.field, phrase=m.group(),
                                     figures=(("文字", ref.kuan), ("编码表", want or "")))
        yield from self._prose_codes(s)
        if s.text:
            yield from self._table_rows(s)

    def _prose_codes(self, s: Subject) -> Iterator[Finding]:
        """“2080505 机关事业单位基本养老保险缴费支出” in running text: a catalogue code and the name after it."""
        known = {**s.names.catalogue.get("dept_econ", {}), **s.names.catalogue.get("function", {})}
        for p in s.passages:
            if p.kind == "table":
                continue
            for m in PROSE_CODE.finditer(p.text):
                entry = known.get(m["code"])
                if entry and not norm(m["name"]).startswith(norm(entry[0]).removesuffix("支出")):
                    yield self.found(p.at(m.start()), f"“{m.group()}”：编码 {m['code']} 在编码表中是“{entry[0]}”",
                                     field=p.field, phrase=m.group(),
                                     figures=(("文字", m["name"]), ("编码表", entry[0])))

    @staticmethod
    def _kuan_names(s: Subject, class_code: str, xiang: str) -> str:
        """Names of the 款 a 项 of this name belongs to under the class (the unit's own line first)."""
        codes = [x.code for x in s.d.spending
                 if x.code.startswith(class_code) and same_name(s.names.function(x.code), xiang)]
        codes = codes or [c for c, (n, _) in s.names.catalogue.get("function", {}).items()
                          if len(c) == 7 and c.startswith(class_code) and same_name(n, xiang)]
        kuan = [c[:5] for c in dict.fromkeys(codes) if c[:5] in s.names.catalogue.get("function", {})]
        return "”或“".join(dict.fromkeys(s.names.function(c) for c in kuan))

    def _table_rows(self, s: Subject) -> Iterator[Finding]:
        assert s.text is not None
        for row in s.text.rows:
            line = "\t".join(row.cells)
            m = FUNCTION_ROW.match(line)
            scheme, code = "function", ""
            if m:
                code = m[1] + m[2] + m[3]
            elif (m := ECON_ROW.match(line)):
                scheme, code = "dept_econ", m["code"]
            if not m:
                continue
            name = m["name"].strip()
            if row.table == "表3-2" and any(norm(name) == norm(p.name) for p in s.d.projects):
                continue  # 表3-2 names the project, not the 项
            known = s.names.catalogue.get(scheme, {}).get(code)
            where = Location(s.text.rel, row.line)
            if known is None:
                yield self.found(where, f"{row.table}：编码 {code} 不在编码表中", phrase=code)
            elif not same_name(name, known[0]):
                yield self.found(where, f"{row.table}：编码 {code} 在编码表中是“{known[0]}”，表中写作“{name}”",
                                 phrase=name, figures=(("文字", name), ("编码表", known[0])))


@rule
class CodeUnused(Rule):
    code = "code-unused"
    title = "解释或说明了本单位没有的科目"
    severity = WARNING
    description = "名词解释和说明只写本单位有支出的科目；没有支出的科目（如行政单位医疗）请删去。"
    example = "事业单位的名词解释里有“卫生健康（类）行政事业单位医疗（款）行政单位医疗（项）”"

    def check(self, s: Subject) -> Iterator[Finding]:
        for p in s.passages:
            for m in PATH.finditer(p.text):
                ref = s.facts.resolve(m)
                if ref and ref.kuan_ok and ref.line is None:
                    yield self.found(p.at(m.start()), f"“{ref.xiang}（项）”：本单位没有该项支出", field=p.field,
                                     phrase=m.group(), figures=(("编码", ref.code or "（编码表中无此项）"),))
