"""Which disclosures a build includes: `build --years 2023,2024 --units 101,102` (and shards).

A subset is chosen by the data files' paths (data/units/<code>/<year>.yaml) before they are
parsed, so a shard of a province reads only its own files. Everything after loading sees only the
selected disclosures: the home page, the year pages and the navigation list what is included, and
no page links to a disclosure that is not built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import BuildError

_YEAR = re.compile(r"[0-9]{4}")
_CODE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Selection:
    """Years and unit codes to include; None means all."""

    years: frozenset[int] | None = None
    units: frozenset[str] | None = None

    def keeps(self, code: str, year: int) -> bool:
        return (self.years is None or year in self.years) and (self.units is None or code in self.units)

    @property
    def everything(self) -> bool:
        return self.years is None and self.units is None

    def describe(self) -> str:
        """How a message names the subset, e.g. “2023、2024 年，单位 101、102”."""
        parts = []
        if self.years is not None:
            parts.append("、".join(map(str, sorted(self.years))) + " 年")
        if self.units is not None:
            parts.append("单位 " + "、".join(sorted(self.units)))
        return "，".join(parts) or "全部"


ALL = Selection()


def parse(years: str | None, units: str | None) -> Selection:
    """`--years 2023,2024` and `--units 101,102` (comma-separated) as a Selection."""
    year_items = _items("--years", years, _YEAR, "四位年度，如 2023,2024")
    return Selection(None if year_items is None else frozenset(map(int, year_items)),
                     _items("--units", units, _CODE, "单位编码，如 101,102"))


def _items(option: str, text: str | None, pattern: re.Pattern[str], expected: str) -> frozenset[str] | None:
    if text is None:
        return None
    items = [part.strip() for part in text.split(",") if part.strip()]
    bad = [part for part in items if not pattern.fullmatch(part)]
    if bad or not items:
        raise BuildError(f"{option} {text!r}：应为用逗号分隔的{expected}" + (f"，“{bad[0]}”不是" if bad else ""))
    return frozenset(items)
