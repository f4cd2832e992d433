"""Mutation testing of the checker: change one fact, and see whether the check finds it, and where.

A *case* is one disclosure: its data and the text the generator renders from it (the pages of
概况, 预算情况说明, 预算表, 绩效目标 and 名词解释, one after the other, as a published text would
hold them). Unmutated, the text audits with no finding at all.

Two kinds of mutation, each a single fact changed so that the meaning changes:

* in the **text** (as if the published document were typed wrong): an amount ± 1.00, a percentage
  ± 0.50, a year ± 1, a unit's name swapped for another unit's, a classification code's name
  swapped for another code's, a count (staff, units, projects …) ± 1. The text is audited against
  the data; the right place is the mutated line.
* in the **YAML** (as if the data were entered wrong): a spending line's basic or project amount or
  an economic line ± 1.00 (of the department's own unit, or of a subordinate unit), two 表6
  entries swapped between their projects, an indicator weight + 1. The data is checked and the
  unmutated text audited against it; the right place is the mutated YAML line or a line of the text
  that the mutated data would print differently (found by rendering both and comparing).

A mutation is *caught* when the run reports a finding the unmutated run does not (same rule, file
and line); it is caught *at the line* when one such finding is at the right place.

Where: amounts and percentages in sentences and in every table cell (statutory tables, the data
tables under charts, 表6, 表7); years wherever written; unit names wherever one of the department's
units is named (swapped for another of its units, else for another disclosure's unit); code names
in table rows that print a code, and the 款 and 项 names of 类/款/项 paths; counts that the data
holds (编制、在职、退休、单位数、项目数、车辆、设备, 概况's list of units, 表6's indicator counts).
Not mutated: chart pictures (`<svg>`, which the audit skips: the data table under each chart says
the same), and numbers of free text that the data does not hold ("全区47个部门").
"""

from __future__ import annotations

import dataclasses
import difflib
import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.catalogue import Names
from generator.check import audit_text, check
from generator.check.facts import PATH, norm
from generator.check.finding import Finding, Report
from generator.check.textfile import parse
from generator.derive import members
from generator.errors import DataError
from generator.escape import Safe
from generator.load import Dataset, Entry, Source
from generator.model import Disclosure

TEXT = "disclosure.md"  # the rendered text's name in findings
PAGES = ("index.md", "explanation.md", "tables.md", "performance.md", "glossary.md")

TEXT_CLASSES = {
    "text-amount": "文字：金额",
    "text-percent": "文字：百分比",
    "text-year": "文字：年度",
    "text-unit-name": "文字：单位名称",
    "text-code-name": "文字：科目编码与名称",
    "text-count": "文字：人数、单位数、项目数",
}
YAML_CLASSES = {
    "yaml-row": "数据：本级明细行金额",
    "yaml-unit-row": "数据：所属单位明细行金额",
    "yaml-t6-project": "数据：表6 项目对调",
    "yaml-weight": "数据：指标权重",
}
CLASSES = {**TEXT_CLASSES, **YAML_CLASSES}

SKIP_LINE = re.compile(r"<svg")  # chart images: their words repeat the chart's data table
TAGS = r"(?:\s*<[^>]+>)*\s*"  # markup between a number and its unit (<span>…</span><span>万元</span>)
AMOUNT = re.compile(r"(?<![\d.])(\d+\.\d{2})(?=" + TAGS + r"(?:万元|元)|</td>)")
PERCENT = re.compile(r"(?<![\d.])(\d+\.\d{2})(?=" + TAGS + r"[%％])")
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)")
# Counts the data holds (staff, units, projects, vehicles …), not numbers in free text ("全区47个部门").
COUNT = re.compile(r"(?:编制|编制人数|在职|退休|单位共|所属单位|项目|共|其中|车辆|设备|人员)" + TAGS
                   + r"(\d+)(?=" + TAGS + r"(?:人|个|辆|台))|(?<![\d.])(\d+)(?=" + TAGS + r"人编制)")
COUNT_CELL = re.compile(r'<td class="num"[^>]*>(\d+)</td>')
ROW_CELLS = re.compile(r"<(t[dh])\b[^>]*>(.*?)</t[dh]>")


@dataclass(frozen=True)
class Mutation:
    cls: str
    line: int                # the (first) line changed: of the text, or of the YAML file
    lines: tuple[int, ...]   # every line changed
    note: str                # what changed, e.g. 2024年 → 2025年
    content: str             # the whole mutated text, or the whole mutated YAML file

    @property
    def in_text(self) -> bool:
        return self.cls in TEXT_CLASSES


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    caught: bool
    at_line: bool
    findings: tuple[Finding, ...]  # the findings the unmutated run does not give


@dataclass
class Case:
    """One disclosure, its dataset (reduced to it), its rendered text and its YAML text."""

    data: Dataset
    entry: Entry
    text: str
    yaml: str
    neighbours: tuple[str, ...] = ()  # other units of the dataset (other disclosures), by name
    _plain: str | None = dataclasses.field(default=None, repr=False)

    @property
    def d(self) -> Disclosure:
        return self.entry.data

    @property
    def yaml_rel(self) -> str:
        return self.entry.source.rel

    def plain(self) -> str:
        """The text rendered with blank chart pictures (same lines as `text`), made once."""
        if self._plain is None:
            with _blank_charts():
                self._plain = rendered(self.data, self.entry)
        return self._plain


# ---------------------------------------------------------------------------- cases and runs


def rendered(data: Dataset, entry: Entry) -> str:
    """The disclosure's pages as the generator writes them, one after the other."""
    from generator.pages import disclosure_pages
    from generator.view import view

    names = Names(data.catalogue)
    pages = [p for p in disclosure_pages(view(entry, names), data, names) if _kind(p) in PAGES]
    env = _environment(Path(data.root))
    out = {p.path: env.get_template(p.template).render({**p.context, "page": p}) for p in pages}
    return "\n".join(out[p.path] for p in sorted(pages, key=lambda p: PAGES.index(_kind(p))))


def _kind(p: Any) -> str:
    """Which of PAGES a page is (the parts of a split 预算表 are all tables.md, kept in their order)."""
    from generator.pages import page_kind

    return page_kind(p.path.rsplit("/", 1)[-1])


_ENVIRONMENTS: dict[Path, Any] = {}


def _environment(root: Path) -> Any:
    """The template environment of a project, made once (templates are compiled once)."""
    if root not in _ENVIRONMENTS:
        from generator import check as checks
        from generator import errors, schemadoc
        from generator.templating import environment

        env = environment(root)
        env.globals.update(schema_sections=schemadoc.sections, problem_codes=sorted(errors.PROBLEM_CODES.items()),
                           check_rules=checks.catalogue)
        _ENVIRONMENTS[root] = env
    return _ENVIRONMENTS[root]


@contextmanager
def _blank_charts() -> Iterator[None]:
    """Charts drawn as an empty picture while comparing renderings: the audit skips chart pictures (their
    words repeat the data table under them), and drawing them is most of the time a rendering takes."""
    from generator.charts import render as charts

    real = charts.svg
    charts.svg = lambda spec, chart_id: Safe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg>')
    try:
        yield
    finally:
        charts.svg = real


def make_case(data: Dataset, entry: Entry) -> Case:
    alone = dataclasses.replace(data, entries=(entry,))
    yaml = (Path(data.root) / entry.source.rel).read_text(encoding="utf-8")
    others = tuple(dict.fromkeys(e.data.unit.name for e in data.entries if e.data.unit.code != entry.data.unit.code))
    return Case(alone, entry, rendered(alone, entry), yaml, others)


def cases(data: Dataset) -> list[Case]:
    return [make_case(data, e) for e in sorted(data.entries, key=lambda e: (e.data.unit.code, e.data.year))]


def audit_case(data: Dataset, entry: Entry, text: str) -> Report:
    return audit_text(data, parse(text, TEXT), entry.data.unit.code, entry.data.year)


def baseline(case: Case) -> Report:
    """The unmutated case: the data's own check and the audit of its rendered text."""
    report = check(case.data)
    audit_text(case.data, parse(case.text, TEXT), case.d.unit.code, case.d.year, report)
    return report


def text_findings(report: Report) -> list[Finding]:
    """Findings located in the audited text (an unmutated text must have none)."""
    return [f for f in report if f.location.file == TEXT]


def _key(f: Finding) -> tuple[str, str, int]:
    return f.code, f.location.file, f.location.line or 0


def run(case: Case, mutation: Mutation, base: Report | None = None) -> Outcome:
    """Apply one mutation, run the checks, and classify what they found."""
    base = base if base is not None else baseline(case)
    before = {_key(f) for f in base}
    if mutation.in_text:
        report = audit_case(case.data, case.entry, mutation.content)
        right = {(TEXT, mutation.line)}
    else:
        entry = _rebind(case, mutation.content)
        if entry is None:  # the loader itself refuses the file: caught where it says
            return Outcome(mutation, True, True, ())
        data = dataclasses.replace(case.data, entries=(entry,))
        report = check(data)
        audit_text(data, parse(case.text, TEXT), entry.data.unit.code, entry.data.year, report)
        right = {(case.yaml_rel, n) for n in mutation.lines} | {(TEXT, n) for n in changed_lines(case, data, entry)}
    new = tuple(f for f in report if _key(f) not in before)
    at_line = any((f.location.file, f.location.line) in right for f in new)
    return Outcome(mutation, bool(new), at_line, new)


def _rebind(case: Case, yaml: str) -> Entry | None:
    from generator.bind import Binder
    from generator.yamlsafe import load_text

    rel = case.yaml_rel
    try:
        tree = load_text(yaml, rel)
    except DataError:
        return None
    binder = Binder(rel)
    obj = binder.bind(Disclosure, tree, (0, 0), "")
    return None if binder.problems else Entry(obj, Source(rel, tree))


def changed_lines(case: Case, data: Dataset, entry: Entry) -> set[int]:
    """Lines of the case's text that the mutated data renders differently (1-based, of the old text)."""
    with _blank_charts():
        old, new = case.plain().splitlines(), rendered(data, entry).splitlines()
    out: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


# ---------------------------------------------------------------------------- text mutations


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _replace(lines: list[str], n: int, start: int, end: int, new: str) -> str:
    """The text with line n (0-based) changed at [start, end)."""
    changed = lines[:]
    changed[n] = lines[n][:start] + new + lines[n][end:]
    return "\n".join(changed)


def _spans(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, int, str]]:
    """(line index, start, end, matched group 1) of every match outside chart images."""
    for n, line in enumerate(_lines(text)):
        if SKIP_LINE.search(line):
            continue
        for m in pattern.finditer(line):
            group = next(g for g in range(1, (pattern.groups or 1) + 1) if m[g] is not None)
            yield n, m.start(group), m.end(group), m[group]


def _numeric(text: str, cls: str, pattern: re.Pattern[str], change: Callable[[str, int], str | None]) -> list[Mutation]:
    lines, out = _lines(text), []
    for i, (n, a, b, old) in enumerate(_spans(text, pattern)):
        new = change(old, i)
        if new is not None and new != old:
            out.append(Mutation(cls, n + 1, (n + 1,), f"{old} → {new}", _replace(lines, n, a, b, new)))
    return out


def _plus_minus(step: Decimal, low: Decimal, high: Decimal | None = None) -> Callable[[str, int], str | None]:
    """Alternately + and − `step` (the other way when that would leave [low, high])."""
    def change(old: str, i: int) -> str:
        value = Decimal(old)
        new = value + step if i % 2 == 0 else value - step
        if new < low or (high is not None and new > high):
            new = value - step if i % 2 == 0 else value + step
        return f"{new:.{max(-value.as_tuple().exponent, 0)}f}"  # type: ignore[operator]
    return change


def amount_mutations(text: str) -> list[Mutation]:
    return _numeric(text, "text-amount", AMOUNT, _plus_minus(Decimal(1), Decimal(0)))


def percent_mutations(text: str) -> list[Mutation]:
    return _numeric(text, "text-percent", PERCENT, _plus_minus(Decimal("0.5"), Decimal(0), Decimal(100)))


def year_mutations(text: str) -> list[Mutation]:
    out = []
    for step in (1, -1):
        out += _numeric(text, "text-year", YEAR, lambda old, _i, step=step: str(int(old) + step))  # type: ignore[misc]
    return out


def count_mutations(text: str) -> list[Mutation]:
    def change(old: str, i: int) -> str:
        return str(int(old) + 1 if i % 2 == 0 or old == "0" else int(old) - 1)
    return _numeric(text, "text-count", COUNT, change) + _numeric(text, "text-count", COUNT_CELL, change)


def unit_groups(case: Case) -> list[set[str]]:
    """The names a text of this disclosure calls its units by, one set per unit: the department (full
    and short name), 本级 (when it has a name of its own), each subordinate unit."""
    d = case.d
    groups = [{d.unit.name, d.unit.short_name}]
    for m in members(d):
        if m.name not in groups[0]:
            groups.append({m.name})
    return groups


def unit_names(case: Case) -> list[str]:
    return sorted({n for g in unit_groups(case) for n in g if n}, key=len, reverse=True)


def other_names(case: Case, old: str) -> list[str]:
    """Names to swap in for `old`: another unit of the department (not the department's name for
    本级's, which a table may print either way), else another disclosure's unit, else the site's
    host organisation, else a made-up neighbour in the same region."""
    groups = unit_groups(case)
    mine = next(g for g in groups if old in g)
    found = [n for g in groups if g is not mine for n in sorted(g, key=len, reverse=True)]
    if old == members(case.d)[0].name:  # 本级's own name: not the department's
        found = [n for n in found if n not in groups[0]]
    if not found:
        host = re.sub(r"[（(][^（）()]*[）)]$", "", case.data.site.host_org or "")  # 示例区财政局（示例）
        found = [*case.neighbours[:8], host, f"{case.data.site.region}示例管理局"]
    return [n for n in dict.fromkeys(found) if n and norm(n) not in {norm(x) for x in mine}]


def unit_name_mutations(case: Case) -> list[Mutation]:
    names = unit_names(case)
    pattern = re.compile("(" + "|".join(re.escape(n) for n in names) + ")")
    lines, out = _lines(case.text), []
    shared = members(case.d)[0].code == case.d.unit.code  # 本级 and the department print the same code
    for n, a, b, old in _spans(case.text, pattern):
        choices = other_names(case, old)
        if shared and lines[n].lstrip().startswith("<tr"):  # a row with that code may name either
            same = unit_groups(case)[0] | {members(case.d)[0].name}
            choices = [x for x in choices if not (old in same and x in same)]
        if not choices:
            continue
        new = choices[(n + a) % len(choices)]
        out.append(Mutation("text-unit-name", n + 1, (n + 1,), f"{old} → {new}", _replace(lines, n, a, b, new)))
    return out


def _name_pool(case: Case) -> dict[tuple[str, int], list[str]]:
    """Names of the codes this disclosure uses, and of the catalogue, by scheme and code length."""
    pool: dict[tuple[str, int], list[str]] = {}
    used = {x.code[:k] for x in case.d.spending for k in (3, 5, 7)}
    used_econ = {x.code[:k] for x in case.d.basic_econ for k in (3, 5)}
    for scheme, codes in (("function", used), ("dept_econ", used_econ)):
        catalogue = case.data.catalogue.get(scheme, {})
        for code in sorted(codes) + sorted(catalogue):
            if code in catalogue:
                pool.setdefault((scheme, len(code)), []).append(catalogue[code][0])
    return {k: list(dict.fromkeys(v)) for k, v in pool.items()}


def _swap_name(pool: dict[tuple[str, int], list[str]], scheme: str, size: int, old: str, salt: int) -> str | None:
    same = norm(old).removesuffix("支出")
    choices = [x for x in pool.get((scheme, size), []) if norm(x).removesuffix("支出") != same]
    return choices[salt % min(len(choices), 8)] if choices else None


def _row_code(cells: list[tuple[str, str]]) -> tuple[str, int] | None:
    """(code, index of the name cell) of a table row that prints a code before its name."""
    tds: list[str] = []
    for i, (tag, text) in enumerate(cells):
        if tag == "th":
            code = "".join(tds)
            return (code, i) if re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code) and tds and tds[0] else None
        tds.append(text.strip())
    return None


def code_name_mutations(case: Case) -> list[Mutation]:
    pool, lines, out = _name_pool(case), _lines(case.text), []
    econ = False
    for n, line in enumerate(lines):
        if re.match(r"^#+\s", line) or "<caption" in line:
            econ = "经济分类" in line or bool(re.search(r"表\s*(?:2|3)&#45;1|表\s*(?:2|3)-1", line))
        if SKIP_LINE.search(line) or not line.lstrip().startswith("<tr"):
            continue
        cells = [(m[1], m[2]) for m in ROW_CELLS.finditer(line)]
        found = _row_code(cells)
        if not found:
            continue
        code, at = found
        scheme = "dept_econ" if econ or (len(code) == 5 and code[0] == "3") else "function"
        new = _swap_name(pool, scheme, len(code), cells[at][1], n)
        m = list(ROW_CELLS.finditer(line))[at]
        start = m.start(2)
        if new:
            out.append(Mutation("text-code-name", n + 1, (n + 1,), f"{code} {cells[at][1]} → {new}",
                                _replace(lines, n, start, start + len(cells[at][1]), new)))
    return out + _path_mutations(case, pool)


def _path_mutations(case: Case, pool: dict[tuple[str, int], list[str]]) -> list[Mutation]:
    """类/款/项 paths in prose: the 款 or the 项 name swapped for another one's."""
    lines, out = _lines(case.text), []
    for n, line in enumerate(lines):
        if SKIP_LINE.search(line):
            continue
        for m in PATH.finditer(line):
            for group, size in (("xiang", 7), ("kuan", 5)):
                new = _swap_name(pool, "function", size, m[group], n + m.start())
                if new and m[group]:
                    out.append(Mutation("text-code-name", n + 1, (n + 1,), f"（{group}）{m[group]} → {new}",
                                        _replace(lines, n, m.start(group), m.end(group), new)))
    return out


def text_mutations(case: Case) -> list[Mutation]:
    text = case.text
    return [*amount_mutations(text), *percent_mutations(text), *year_mutations(text), *unit_name_mutations(case),
            *code_name_mutations(case), *count_mutations(text)]


# ---------------------------------------------------------------------------- YAML mutations


def _token(line: str, col: int) -> tuple[int, int] | None:
    """[start, end) of the scalar that starts at 1-based column `col`."""
    m = re.compile(r'"[^"]*"|\'[^\']*\'|[^,}\]#\n]+').match(line, col - 1)
    if not m:
        return None
    return m.start(), m.start() + len(m.group().rstrip())


def _edit(case: Case, edits: list[tuple[str, Callable[[str], str]]]) -> tuple[str, tuple[int, ...], str] | None:
    """The YAML text with each field (by path) rewritten by its function; None when a field is not written."""
    lines = case.yaml.split("\n")
    changed, notes = [], []
    for path, change in edits:
        loc = case.entry.source.locate(path)
        if loc.line is None or loc.column is None or loc.line > len(lines):
            return None
        line = lines[loc.line - 1]
        span = _token(line, loc.column)
        if span is None:
            return None
        old = line[span[0]:span[1]]
        new = change(old)
        lines[loc.line - 1] = line[:span[0]] + new + line[span[1]:]
        changed.append(loc.line)
        notes.append(f"{path}: {old} → {new}")
    return "\n".join(lines), tuple(changed), "；".join(notes)


def _written(case: Case, path: str) -> bool:
    """The field is in the file (not a default): its position is its own, not its parent's."""
    parent = path.rsplit(".", 1)[0]
    return case.entry.source.locate(path) != case.entry.source.locate(parent)


def _constant(value: str) -> Callable[[str], str]:
    return lambda _old: value


def _shift(old: str) -> str:
    value = Decimal(old.strip("\"'"))
    return f"{value - 1 if value >= 1 and int(value) % 2 else value + 1:.2f}"


def _bump(old: str) -> str:
    value = Decimal(old.strip("\"'"))
    return f"{value + 1:f}"


def _amount_edits(case: Case) -> Iterator[tuple[str, str]]:
    """(class, path) of every amount of a spending or economic line written in the file."""
    d = case.d
    own = members(d)[0].code
    for i, x in enumerate(d.spending):
        for field in ("basic", "project"):
            yield ("yaml-row" if (x.unit or own) == own else "yaml-unit-row"), f"spending[{i}].{field}"
    for i, e in enumerate(d.basic_econ):
        yield ("yaml-row" if (e.unit or own) == own else "yaml-unit-row"), f"basic_econ[{i}].amount"


def yaml_mutations(case: Case) -> list[Mutation]:
    out: list[Mutation] = []
    for cls, path in _amount_edits(case):
        if _written(case, path):
            out += _mutation(case, cls, [(path, _shift)])
    entries = case.d.project_performance
    for i in range(len(entries)):
        for j in range(i + 1, len(entries)):
            if entries[i].project != entries[j].project:
                a, b = entries[i].project, entries[j].project
                out += _mutation(case, "yaml-t6-project", [(f"project_performance[{i}].project", _constant(b)),
                                                             (f"project_performance[{j}].project", _constant(a))])
    for i, pp in enumerate(entries):
        for k in range(len(pp.indicators)):
            out += _mutation(case, "yaml-weight", [(f"project_performance[{i}].indicators[{k}].weight", _bump)])
    if case.d.unit_performance:
        for k in range(len(case.d.unit_performance.indicators)):
            out += _mutation(case, "yaml-weight", [(f"unit_performance.indicators[{k}].weight", _bump)])
    return out


def _mutation(case: Case, cls: str, edits: list[tuple[str, Callable[[str], str]]]) -> list[Mutation]:
    done = _edit(case, edits)
    if done is None:
        return []
    yaml, lines, note = done
    return [Mutation(cls, lines[0], lines, note, yaml)] if yaml != case.yaml else []


# ---------------------------------------------------------------------------- sampling and the table


def mutations(case: Case) -> list[Mutation]:
    return text_mutations(case) + yaml_mutations(case)


def sample(found: list[Mutation], limit: int | None, seed: int = 0) -> list[Mutation]:
    """At most `limit` mutations of each class, chosen reproducibly, in their original order."""
    if limit is None:
        return found
    rng = random.Random(seed)
    keep: set[int] = set()
    for cls in CLASSES:
        idx = [i for i, m in enumerate(found) if m.cls == cls]
        keep.update(rng.sample(idx, min(limit, len(idx))))
    return [m for i, m in enumerate(found) if i in keep]


@dataclass(frozen=True)
class Tally:
    cls: str
    tried: int
    caught: int
    at_line: int

    @property
    def label(self) -> str:
        return CLASSES.get(self.cls, self.cls)

    @property
    def rate(self) -> float:
        return 100.0 * self.caught / self.tried if self.tried else 100.0

    @property
    def line_rate(self) -> float:
        return 100.0 * self.at_line / self.tried if self.tried else 100.0


def tally(outcomes: list[Outcome]) -> list[Tally]:
    out = []
    for cls in CLASSES:
        mine = [o for o in outcomes if o.mutation.cls == cls]
        out.append(Tally(cls, len(mine), sum(o.caught for o in mine), sum(o.at_line for o in mine)))
    return out


def run_case(case: Case, limit: int | None = None, seed: int = 0) -> tuple[Report, list[Outcome]]:
    """The baseline and every (sampled) mutation's outcome for one disclosure."""
    base = baseline(case)
    return base, [run(case, m, base) for m in sample(mutations(case), limit, seed)]
