"""Check findings of two sides matched, to tell which the change introduced and which it fixed.

A finding is known by `Finding.identity()` (no line numbers, no list indices), as GitLab's Code
Quality report knows it (annotations.py). The same key may occur several times (one rule on
several lines): they are counted, and only the surplus on one side is reported.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from generator.diff.changes import FindingChanges
from generator.issues import Finding

Key = tuple[str, str, str, str]


def key(f: Finding) -> Key:
    return f.identity()


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
