"""Check findings of two sides matched, to tell which the change introduced and which it fixed.

Lines shift whenever a line is added above, and list indices shift when an item is inserted, so a
finding is known by its file, rule code, field path without indices (`spending[].purpose`) and
message with line numbers and item ordinals removed. The same key may occur several times (one rule on several lines):
they are counted, and only the surplus on one side is reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from generator.diff.changes import FindingChanges
from generator.issues import Finding

INDEX = re.compile(r"\[\d+\]")
# Positions that move when lines or list items are added above: "第 12 行", "第13项", "x.yaml:12:3".
LINE_REFS = re.compile(r"第\s*\d+\s*[行项]|(?<=\.yaml):\d+(?::\d+)?|(?<=\.md):\d+(?::\d+)?|(?<=\.txt):\d+(?::\d+)?")

Key = tuple[str, str, str, str]


def key(f: Finding) -> Key:
    return (f.location.file, f.code, INDEX.sub("[]", f.field or ""), LINE_REFS.sub("", f.message))


def compare_findings(old: Iterable[Finding], new: Iterable[Finding]) -> dict[str, FindingChanges]:
    """Introduced and fixed findings by the file they are in."""
    before: dict[Key, list[Finding]] = defaultdict(list)
    after: dict[Key, list[Finding]] = defaultdict(list)
    for f in old:
        before[key(f)].append(f)
    for f in new:
        after[key(f)].append(f)
    introduced: dict[str, list[Finding]] = defaultdict(list)
    fixed: dict[str, list[Finding]] = defaultdict(list)
    counts = Counter({k: len(v) for k, v in after.items()})
    counts.subtract({k: len(v) for k, v in before.items()})
    for k, n in counts.items():
        if n > 0:
            introduced[k[0]] += after[k][-n:]
        elif n < 0:
            fixed[k[0]] += before[k][n:]
    files = set(introduced) | set(fixed)
    return {file: FindingChanges(tuple(sorted(introduced[file], key=Finding.sort_key)),
                                 tuple(sorted(fixed[file], key=Finding.sort_key))) for file in files}
