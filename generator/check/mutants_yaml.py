"""Mutations of a disclosure's YAML: one amount, one 表6 pairing or one weight changed (see
mutation.py for what is mutated and why)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from generator.check.mutation import Case, Mutation
from generator.derive import members


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
