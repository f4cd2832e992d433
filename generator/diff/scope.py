"""Which disclosures a change can affect, so a diff derives and checks only those.

Deriving and checking a 350-disclosure district takes about half a minute per side; a pull request
usually touches a few files. A disclosure's checks read its own file, the site-wide files and the
same unit's other years (the history rules), so the scope is every year of each unit with a file
that differs, or everything when a site-wide file (site.yaml, glossary.yaml, codes/) differs.
A disclosure outside the scope has the same findings on both sides: none introduced, none fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.check import check
from generator.issues import Report
from generator.load import Dataset
from generator.view import Key, View, derive


@dataclass(frozen=True)
class Checked:
    """One side's views and findings, for the disclosures in scope."""

    views: dict[Key, View]
    report: Report


def scope(old: Dataset, new: Dataset) -> set[str] | None:
    """Unit codes whose disclosures may differ in amounts or findings; None for every unit."""
    if (old.site, old.glossary, old.catalogue) != (new.site, new.glossary, new.catalogue):
        return None
    before = {(e.data.unit.code, e.data.year): e.data for e in old.entries}
    after = {(e.data.unit.code, e.data.year): e.data for e in new.entries}
    return {code for (code, year) in before.keys() | after.keys()
            if before.get((code, year)) != after.get((code, year))}


def derive_and_check(data: Dataset, units: set[str] | None) -> Checked:
    """Views and findings of the disclosures of `units` (all when None); rules see the whole dataset."""
    views = derive(data, units)
    return Checked(views, check(data, views, only=set(views)))
