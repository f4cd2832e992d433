"""What a rule looks at: one disclosure with its figures, and its free text cut into passages.

A passage is a piece of free text with a way back to where it came from: a field of a YAML file
(its line) or a line of an audited text. The same text rules run on both.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from generator.catalogue import Names
from generator.derive import Figures
from generator.errors import Location
from generator.load import Dataset, Entry, Source
from generator.model import Disclosure
from generator.terms import LEVEL_PLACEHOLDER
from generator.view import View, view

if TYPE_CHECKING:
    from generator.check.facts import Facts
    from generator.check.textfile import TextFile


@dataclass(frozen=True)
class Passage:
    """Free text and where it is: `starts` maps character offsets to (line, column) in `file`."""

    text: str
    file: str
    kind: str  # purpose, goal, prose, title, task, term, definition, statement, name, indicator, table
    starts: tuple[tuple[int, int, int | None], ...]
    field: str | None = None
    owner: Any = None
    section: str = ""  # audited text: the heading this passage is under
    table: str = ""    # audited text: the table (表3-1 …) a row belongs to

    def at(self, index: int = 0) -> Location:
        i = max(bisect.bisect_right([s[0] for s in self.starts], index) - 1, 0)
        _, line, column = self.starts[i]
        return Location(self.file, line, column)

    def around(self, start: int, end: int, margin: int = 12) -> str:
        """The phrase at [start, end) with a little context, for messages."""
        return self.text[max(start - margin, 0):min(end + margin, len(self.text))]


@dataclass
class Subject:
    """One disclosure as the rules see it."""

    data: Dataset
    entry: Entry
    names: Names
    passages: list[Passage]
    text: TextFile | None = None  # set when auditing a published text
    extra: dict[str, Any] = field(default_factory=dict)
    view: View | None = None  # the derived view; made here when a caller has none

    @property
    def d(self) -> Disclosure:
        return self.entry.data

    @property
    def source(self) -> Source:
        return self.entry.source

    def at(self, path: str) -> Location:
        return self.source.locate(path)

    @cached_property
    def derived(self) -> View:
        return self.view or view(self.entry, self.names)

    @property
    def fig(self) -> Figures:
        return self.derived.fig

    @cached_property
    def facts(self) -> Facts:
        from generator.check.facts import Facts
        return Facts(self)


def shared_glossary_source(data: Dataset) -> Source:
    """The shared glossary's tree, as the loader kept it (for line numbers)."""
    return data.sources.get("data/glossary.yaml") or Source("data/glossary.yaml", None)


def _located(source: Source, path: str, text: str, kind: str, owner: Any = None) -> Passage:
    loc = source.locate(path)
    return Passage(text, loc.file, kind, ((0, loc.line or 1, loc.column),), path, owner)


def _paragraphs(source: Source, path: str, paras: tuple[str, ...], kind: str, owner: Any = None) -> list[Passage]:
    if len(paras) == 1:
        return [_located(source, path, paras[0], kind, owner)]
    return [_located(source, f"{path}[{i}]", p, kind, owner) for i, p in enumerate(paras)]


def data_passages(entry: Entry, data: Dataset, shared: Source) -> list[Passage]:
    """Every free-text field of a disclosure that is published (errata and stated totals are not)."""
    d, src = entry.data, entry.source
    out: list[Passage] = []
    add = out.append
    out += _paragraphs(src, "overview.duties", d.overview.duties, "prose")
    for i, kw in enumerate(d.overview.key_work):
        add(_located(src, f"overview.key_work[{i}].title", kw.title, "title"))
        out += _paragraphs(src, f"overview.key_work[{i}].text", kw.text, "prose")
    for i, line in enumerate(d.spending):
        if line.purpose:
            add(_located(src, f"spending[{i}].purpose", line.purpose, "purpose", line))
    for i, p in enumerate(d.projects):
        add(_located(src, f"projects[{i}].name", p.name, "name", p))
    blocks = [("three_public", d.three_public)]
    blocks += [(f"unit.subordinates[{k}].three_public", sub.three_public) for k, sub in enumerate(d.unit.subordinates)]
    for where, tp in blocks:
        for key in ("abroad", "vehicle", "reception"):
            text = getattr(tp.purposes, key)
            if text:
                add(_located(src, f"{where}.purposes.{key}", text, "purpose", key))
    for path, text in _reasons(d):
        if text:
            add(_located(src, path, text, "reason"))
    if d.procurement.purpose:
        add(_located(src, "procurement.purpose", d.procurement.purpose, "purpose", "procurement"))
    for i, pp in enumerate(d.project_performance):
        out += _paragraphs(src, f"project_performance[{i}].goal", pp.goal, "goal", pp)
        for k, row in enumerate(pp.indicators):
            add(_located(src, f"project_performance[{i}].indicators[{k}].name", row.name, "indicator", pp))
    if d.unit_performance:
        up = d.unit_performance
        for i, t in enumerate(up.tasks):
            add(_located(src, f"unit_performance.tasks[{i}].name", t.name, "task"))
            out += _paragraphs(src, f"unit_performance.tasks[{i}].content", t.content, "task")
        out += _paragraphs(src, "unit_performance.goal", up.goal, "goal7")
        for k, row in enumerate(up.indicators):
            add(_located(src, f"unit_performance.indicators[{k}].name", row.name, "indicator"))
    for key in ("t3_3", "t4", "t4_1", "t5"):
        text = getattr(d.empty_statements, key)
        if text:
            add(_located(src, f"empty_statements.{key}", text, "statement", key))
    out += glossary_passages(entry, data, shared)
    return out


def _reasons(d: Disclosure) -> list[tuple[str, str | None]]:
    """Every reason for a change on last year, and the note on 机关运行经费."""
    py = d.previous_year
    out: list[tuple[str, str | None]] = []
    if py:
        for key in ("reason", "fiscal_reason", "general_budget_reason", "government_fund_reason",
                    "state_capital_reason", "three_public_reason"):
            out.append((f"previous_year.{key}", getattr(py, key)))
        for key in ("abroad", "vehicle", "reception"):
            out.append((f"previous_year.three_public_reasons.{key}", getattr(py.three_public_reasons, key)))
    oc = d.operating_costs
    return [*out, ("operating_costs.reason", oc.reason), ("operating_costs.note", oc.note)]


def glossary_passages(entry: Entry, data: Dataset, shared: Source) -> list[Passage]:
    """The glossary as published for this disclosure: shared terms it does not override, then its own."""
    own = entry.data.glossary
    overridden = {t.term for t in own}
    level = data.site.level
    out: list[Passage] = []
    for i, t in enumerate(data.glossary.terms):
        if t.term not in overridden:
            out.append(_located(shared, f"terms[{i}].term", t.term, "term", t))
            out.append(_located(shared, f"terms[{i}].definition",
                                t.definition.replace(LEVEL_PLACEHOLDER, level), "definition", t))
    for i, t in enumerate(own):
        out.append(_located(entry.source, f"glossary[{i}].term", t.term, "term", t))
        out.append(_located(entry.source, f"glossary[{i}].definition",
                            t.definition.replace(LEVEL_PLACEHOLDER, level), "definition", t))
    return out
