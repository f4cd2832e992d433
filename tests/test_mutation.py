"""Mutation testing of the checker, on a small sample: the sample disclosure, a department with
subordinate units (tests/multiunit.py) and a small demo district. Unmutated, every text audits
with no finding; mutated one fact at a time, the checker finds the change (the full run is
bench/mutations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.check import check
from generator.check import mutation as mu
from generator.load import load
from tests.conftest import REPO
from tests.multiunit import make_project

LIMIT = 4  # mutations of each class per disclosure
# Classes the checker must catch at the mutated line (or the text line the mutated data prints
# differently) at least this often, in percent; the data classes must all be caught somewhere.
AT_LINE = {"text-amount": 98, "text-percent": 98, "text-year": 98, "text-unit-name": 98, "text-code-name": 98,
           "text-count": 98, "yaml-row": 90, "yaml-unit-row": 90, "yaml-t6-project": 90, "yaml-weight": 90}
CAUGHT = ("yaml-row", "yaml-unit-row", "yaml-t6-project", "yaml-weight")


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> list[mu.Case]:
    from generator.demo import make_demo

    sample = load(REPO)
    dept = load(make_project(tmp_path_factory.mktemp("dept")))
    demo_root = tmp_path_factory.mktemp("demo") / "district"
    make_demo(demo_root, units=3, years=1, seed=5)
    demo = load(demo_root)
    return [*mu.cases(sample), *mu.cases(dept), *mu.cases(demo)]


@pytest.fixture(scope="module")
def outcomes(cases: list[mu.Case]) -> list[mu.Outcome]:
    found: list[mu.Outcome] = []
    for case in cases:
        found += mu.run_case(case, LIMIT, seed=1)[1]
    return found


def test_the_cases_include_departments_with_subordinate_units(cases: list[mu.Case]) -> None:
    assert len(cases) >= 5
    assert sum(bool(c.d.unit.subordinates) for c in cases) >= 2


def test_every_unmutated_disclosure_checks_and_audits_without_any_finding(cases: list[mu.Case]) -> None:
    for case in cases:
        assert mu.text_findings(mu.baseline(case)) == [], case.d.unit.code
        assert [f for f in check(case.data) if f.severity.value != "note"] == [], case.d.unit.code


def test_each_mutation_changes_one_thing(cases: list[mu.Case]) -> None:
    dept = next(c for c in cases if c.d.unit.subordinates)
    found = mu.mutations(dept)
    assert {m.cls for m in found} == set(mu.CLASSES)
    for m in found[::7]:
        before, after = (dept.text, m.content) if m.in_text else (dept.yaml, m.content)
        changed = [n for n, (a, b) in enumerate(zip(before.split("\n"), after.split("\n"), strict=True), 1) if a != b]
        assert changed == sorted(m.lines), m.note


def test_the_checker_catches_the_mutations_on_their_line(outcomes: list[mu.Outcome]) -> None:
    tallies = {t.cls: t for t in mu.tally(outcomes)}
    missed = [f"{o.mutation.cls} line {o.mutation.line}: {o.mutation.note}" for o in outcomes if not o.at_line]
    for cls, target in AT_LINE.items():
        t = tallies[cls]
        assert t.tried, cls
        assert t.line_rate >= target, (cls, missed)
    for cls in CAUGHT:
        assert tallies[cls].caught == tallies[cls].tried, (cls, missed)


def test_a_report_row_per_class(outcomes: list[mu.Outcome]) -> None:
    rows = mu.tally(outcomes)
    assert [r.cls for r in rows] == list(mu.CLASSES)
    assert all(0 <= r.at_line <= r.caught <= r.tried for r in rows)


def test_the_mutated_text_stays_in_memory(cases: list[mu.Case]) -> None:
    assert not (Path(REPO) / mu.TEXT).exists()
