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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.catalogue import Names
from generator.check import audit_text, check
from generator.check.finding import Finding, Report
from generator.check.textfile import parse
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


# ---------------------------------------------------------------------------- sampling and the table


def mutations(case: Case) -> list[Mutation]:
    # Imported here: the mutant modules build on this module's Case and Mutation.
    from generator.check.mutants_text import text_mutations
    from generator.check.mutants_yaml import yaml_mutations

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
