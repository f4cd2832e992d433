"""Two loaded sides compared disclosure by disclosure: amounts, projects, texts and findings.

A disclosure on one side only is reported as added or removed with its totals, not as a wall of
rows going from zero; the site-wide files (site.yaml, glossary.yaml) are compared as texts.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from generator.diff.changes import (
    Diff,
    DisclosureDiff,
    FindingChanges,
    ProjectChange,
    SideInfo,
    Status,
    TextChange,
    Totals,
)
from generator.diff.findings import compare_findings
from generator.diff.scope import Checked, derive_and_check, scope
from generator.diff.sources import Side
from generator.diff.tables import compare_tables
from generator.diff.texts import collect, compare_texts
from generator.issues import Report
from generator.load import Dataset
from generator.model import Disclosure
from generator.view import View

SHARED_FILES = ("data/site.yaml", "data/glossary.yaml")


def compare(old: Side, new: Side) -> Diff:
    """Everything that differs between the sides; amounts only when both loaded."""
    units = scope(old.data, new.data) if old.data is not None and new.data is not None else None
    # When the new side does not load, the old side's findings have nothing to be compared with: only
    # the new side's load problems are reported. When the old side does not load, every finding of the
    # new side is new (and what --fail-on-new-errors looks at).
    a = _checked(old, units) if new.data is not None else Checked({}, Report())
    b = _checked(new, units)
    findings = compare_findings(a.report, b.report)
    comparable = old.data is not None and new.data is not None
    disclosures: list[DisclosureDiff] = []
    if comparable:
        for k in sorted(set(a.views) | set(b.views), key=lambda k: (k[1], k[0])):
            d = _disclosure(a.views.get(k), b.views.get(k), findings)
            if d is not None:
                disclosures.append(d)
    used = {d.file for d in disclosures}
    rest = [fc for file, fc in sorted(findings.items()) if file not in used]
    shared = FindingChanges(tuple(f for fc in rest for f in fc.introduced), tuple(f for fc in rest for f in fc.fixed))
    texts = _shared_texts(old.data, new.data) if old.data is not None and new.data is not None else ()
    return Diff(_info(old, a), _info(new, b), tuple(disclosures), texts, shared)


def _checked(side: Side, units: set[str] | None) -> Checked:
    if side.data is None:
        return Checked({}, side.problems)
    return derive_and_check(side.data, units)


def _info(side: Side, checked: Checked) -> SideInfo:
    return SideInfo(side.spec, side.description, side.data is not None,
                    len(side.data.entries) if side.data else 0, len(checked.views),
                    len(checked.report.errors), len(checked.report.warnings))


def totals(v: View) -> Totals:
    return Totals(v.fig.total.total, v.fig.fiscal.total, v.fig.general.total)


def _disclosure(old: View | None, new: View | None, findings: dict[str, FindingChanges]) -> DisclosureDiff | None:
    v = new or old
    assert v is not None
    d, file = v.d, v.entry.source.rel
    fc = findings.get(file, FindingChanges())
    if old is None or new is None:
        status: Status = "added" if old is None else "removed"
        if status == "removed":  # the findings of a file that is gone are not "fixed"
            fc = FindingChanges(fc.introduced, ())
        return DisclosureDiff(d.unit.code, d.unit.name, d.year, status,
                              totals(old) if old else None, totals(new) if new else None,
                              file, findings=fc)
    tables = compare_tables(old, new)
    projects = compare_projects(old.d, new.d)
    texts = compare_texts(collect(old.d), collect(new.d), old.entry.source.rel, file)
    if not (tables or projects or texts or fc):
        return None
    return DisclosureDiff(d.unit.code, d.unit.name, d.year, "changed", totals(old), totals(new), file,
                          tables, projects, texts, fc)


def compare_projects(old: Disclosure, new: Disclosure) -> tuple[ProjectChange, ...]:
    """Projects by unit and name: added, removed, or with another amount."""
    before, after = _projects(old), _projects(new)
    out: list[ProjectChange] = []
    for k in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(k), after.get(k)
        if a == b:
            continue
        change: Status = "added" if a is None else "removed" if b is None else "changed"
        out.append(ProjectChange(k[1], change, a, b, k[0] or None))
    return tuple(out)


def _projects(d: Disclosure) -> dict[tuple[str, str, int], Decimal]:
    """Amounts by (unit, name, occurrence): two projects of one name are told apart by their order."""
    out: dict[tuple[str, str, int], Decimal] = {}
    seen: Counter[tuple[str, str]] = Counter()
    for p in d.projects:
        k = (p.unit or "", p.name)
        seen[k] += 1
        out[(*k, seen[k])] = p.amount
    return out


def _shared_texts(old: Dataset, new: Dataset) -> tuple[TextChange, ...]:
    out: list[TextChange] = []
    site, glossary = SHARED_FILES
    out += compare_texts(collect(old.site), collect(new.site), site, site)
    out += compare_texts(collect(old.glossary), collect(new.glossary), glossary, glossary)
    return tuple(out)

