"""Names of classification codes, from the catalogue files under data/codes/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

UNKNOWN = "（编码表中无此科目）"


@dataclass(frozen=True)
class Names:
    catalogue: dict[str, dict[str, tuple[str, str]]]

    def function(self, code: str, fallback: str | None = None) -> str:
        return self._name("function", code, fallback)

    def econ(self, code: str, fallback: str | None = None) -> str:
        return self._name("dept_econ", code, fallback)

    def _name(self, scheme: str, code: str, fallback: str | None) -> str:
        entry = self.catalogue.get(scheme, {}).get(code)
        if entry:
            return entry[0]
        return fallback or UNKNOWN

    def function_classes(self) -> list[tuple[str, str]]:
        """Every 类 of the function classification, in code order (the fixed rows of 表1 and 表2)."""
        return list(self._classes)

    @cached_property
    def _classes(self) -> tuple[tuple[str, str], ...]:
        # Asked for ~50 times per disclosure; a district's catalogue has thousands of codes.
        return tuple(sorted((c, n) for c, (n, _) in self.catalogue.get("function", {}).items() if len(c) == 3))

    def function_path(self, code: str, fallback: str | None = None) -> tuple[str, str, str]:
        """类, 款 and 项 names of a 7-digit function code."""
        return (self.function(code[:3]), self.function(code[:5]), self.function(code, fallback))
