"""The checker: every rule over every disclosure, and the audit of a published text.

`check(data)` runs on what `load` returns and collects findings; it never raises for a problem it
finds. `audit(...)` reads a disclosure written by hand (plain text or Markdown) and checks each
amount, percentage, year, name and code in it against the data.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from generator.catalogue import Names
from generator.check.facts import norm
from generator.check.finding import FAMILIES, RULES, CheckError, DistrictRule, Finding, Report, Rule, Severity
from generator.check.subject import Subject, data_passages, shared_glossary_source
from generator.check.textfile import TextFile, read
from generator.errors import DataError, Location, problem
from generator.load import Dataset, Entry
from generator.view import Key, View, derive

# The rule modules register their rules on import, in this order: the order of the catalogue page.
RULE_MODULES = ("arithmetic", "units", "relations", "history", "district", "performance", "codes", "identity",
                "text", "purposes", "wording", "dates", "audit")
for _module in RULE_MODULES:
    importlib.import_module(f"generator.check.{_module}")

__all__ = ["FAMILIES", "RULES", "CheckError", "DistrictRule", "Finding", "Report", "Rule", "Severity", "audit",
           "audit_text", "catalogue", "check"]


def check(data: Dataset, views: dict[Key, View] | None = None, *, only: set[Key] | None = None) -> Report:
    """Every rule over every disclosure of the dataset, reading the views derived once per build.
    `only` limits the disclosures checked (`diff` checks those a change can affect; `views` then needs
    only theirs); the rules still see the whole dataset."""
    report = Report()
    names = Names(data.catalogue)
    shared = shared_glossary_source(data)
    views = views if views is not None else derive(data)
    for entry in data.entries:
        if only is not None and (entry.data.unit.code, entry.data.year) not in only:
            continue
        v = views[(entry.data.unit.code, entry.data.year)]
        subject = Subject(data, entry, names, data_passages(entry, data, shared), view=v)
        for r in RULES:
            if not r.audit_only:
                report.extend(r.check(subject))
    for r in RULES:  # rules over a whole year of the district (check/district.py)
        if isinstance(r, DistrictRule):
            report.extend(r.check_district(data, views))
    return report


def audit(data: Dataset, path: Path, rel: str, unit: str | None = None, year: int | None = None,
          report: Report | None = None) -> Report:
    """Check a published text against the disclosure it publishes (found by unit and year)."""
    return audit_text(data, read(path, rel), unit, year, report)


def audit_text(data: Dataset, text: TextFile, unit: str | None = None, year: int | None = None,
               report: Report | None = None) -> Report:
    """`audit` on a text already read: every rule, with the text's passages and tables."""
    report = report if report is not None else Report()
    entry = pick(data, text, text.rel, unit, year)
    subject = Subject(data, entry, Names(data.catalogue), text.passages, text=text)
    for r in RULES:
        report.extend(r.check(subject))
    return report


def pick(data: Dataset, text: TextFile, rel: str, unit: str | None, year: int | None) -> Entry:
    """The disclosure a text publishes: as asked, else the only one, else the one it names."""
    entries = [e for e in data.entries if (unit is None or e.data.unit.code == unit)
               and (year is None or e.data.year == year)]
    if len(entries) > 1:
        body = norm("".join(p.text for p in text.passages))
        entries = [e for e in entries if norm(e.data.unit.name) in body and f"{e.data.year}年" in body] or entries
    if len(entries) == 1:
        return entries[0]
    why = "数据中没有对应的单位和年度" if not entries else "数据中有多份公开数据都可能对应"
    raise DataError([problem("missing-file", f"无法确定要核对的文本对应哪份数据（{why}）；请用 --unit 和 --year 指定",
                             Location(rel))])


def catalogue() -> list[tuple[str, list[Rule]]]:
    """Rules by family, in the order they run: what the rule catalogue page lists."""
    return [(title, [r for r in RULES if r.family == family]) for family, title in FAMILIES.items()]
