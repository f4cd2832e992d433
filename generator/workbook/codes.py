"""The classification codes a workbook offers in its drop-down lists and names beside each code.

Read from the project's catalogue files (`data/codes/*.yaml`) with the project's own loader, so a
local addition (data/codes/local.yaml) appears in the lists as it appears on the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.bind import INVALID, Binder
from generator.errors import DataError
from generator.model import Catalogue
from generator.workbook.layout import ECON, ECON_KUAN, FUNCTION
from generator.yamlsafe import load_file


@dataclass(frozen=True)
class Codes:
    """Code → name for each scheme, in code order."""

    function: dict[str, str]
    econ: dict[str, str]

    def names(self, codes: str) -> dict[str, str]:
        """The codes a column of this list accepts, with their names."""
        if codes == FUNCTION:
            return {c: n for c, n in self.function.items() if len(c) == 7}
        if codes == ECON:
            return {c: n for c, n in self.econ.items() if len(c) in (3, 5)}
        if codes == ECON_KUAN:
            return {c: n for c, n in self.econ.items() if len(c) == 5}
        raise KeyError(codes)

    def name(self, codes: str, code: str) -> str | None:
        return (self.function if codes == FUNCTION else self.econ).get(code)


def load_codes(root: Path) -> Codes:
    """Every catalogue file under data/codes/, merged; DataError when one cannot be read."""
    merged: dict[str, dict[str, str]] = {"function": {}, "dept_econ": {}}
    problems = []
    for path in sorted((root / "data" / "codes").glob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        try:
            tree = load_file(path, rel)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        binder = Binder(rel)
        cat = binder.bind(Catalogue, tree, (0, 0), "")
        problems.extend(binder.problems)
        if cat is not INVALID:
            merged[cat.scheme].update((e.code, e.name) for e in cat.entries)
    if problems:
        raise DataError(problems)
    return Codes(dict(sorted(merged["function"].items())), dict(sorted(merged["dept_econ"].items())))
