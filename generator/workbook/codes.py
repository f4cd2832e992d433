"""The classification codes a workbook offers in its drop-down lists and names beside each code.

Read from the project's catalogue files (`data/codes/*.yaml`) with the project's own loader, so a
local addition (data/codes/local.yaml) appears in the lists as it appears on the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load import load_catalogue
from generator.workbook.layout import ECON, ECON_KUAN, FUNCTION


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
    """Every catalogue file under data/codes/, merged as the build merges them; DataError when one
    cannot be read or two give one code different names."""
    merged = load_catalogue(root)
    return Codes({c: n for c, (n, _) in sorted(merged["function"].items())},
                 {c: n for c, (n, _) in sorted(merged["dept_econ"].items())})
