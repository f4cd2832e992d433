"""Findings, rules and reports: the checker's vocabulary.

A rule is a small declarative class (stable code, Chinese title, description that doubles as the
fix hint, default severity, an example) whose `check` *yields* findings; nothing raises. The
registry keeps the rules in declaration order, so the catalogue page is generated from the classes
themselves and cannot drift from what runs.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from generator.errors import GeneratorError
from generator.issues import ERROR, NOTE, WARNING, Finding, Location, Report, Severity

# Rules import the vocabulary from here, next to Rule.
__all__ = ["ERROR", "FAMILIES", "NOTE", "RULES", "WARNING", "CheckError", "DistrictRule", "Finding", "Location",
           "Report", "Rule", "Severity", "rule"]

if TYPE_CHECKING:
    from generator.check.subject import Subject
    from generator.load import Dataset
    from generator.view import Key, View


class Rule:
    """Base of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]  # one sentence; printed as the fix hint
    severity: ClassVar[Severity]
    example: ClassVar[str]      # a short failing case, shown on the rule catalogue page
    family: ClassVar[str] = ""
    audit_only: ClassVar[bool] = False  # runs only on a published text (`check --audit`)
    rounding: ClassVar[str] = ""  # how a rounding difference is treated; hinted only on one

    def check(self, s: Subject) -> Iterator[Finding]:
        raise NotImplementedError

    def found(self, location: Location, message: str, *, severity: Severity | None = None,
              figures: tuple[tuple[str, str], ...] = (), field: str | None = None,
              phrase: str | None = None, hint: str | None = None) -> Finding:
        severity = severity or self.severity
        # The rounding sentence is a hint only for a rounding difference (the rule's WARNING).
        rounding = self.rounding if severity is WARNING and severity is not self.severity else ""
        return Finding(self.code, severity, location, message, hint or self.description + rounding,
                       figures, field, phrase)

    @property
    def documented(self) -> str:
        """What the rule catalogue page says: the description and, where there is one, the rounding rule."""
        return self.description + self.rounding


class DistrictRule(Rule):
    """A rule over a whole year of the district rather than one disclosure (check/district.py):
    `check` finds nothing per disclosure; `check(data, views)` calls `check_district` once."""

    def check(self, s: Subject) -> Iterator[Finding]:
        return iter(())

    def check_district(self, data: Dataset, views: dict[Key, View]) -> Iterator[Finding]:
        raise NotImplementedError


RULES: list[Rule] = []
FAMILIES: dict[str, str] = {}  # module name -> Chinese family title, in registration order


def rule(cls: type[Rule]) -> type[Rule]:
    """Register a rule; its family is the FAMILY constant of the module that declares it."""
    module = sys.modules[cls.__module__]
    cls.family = module.__name__.rsplit(".", 1)[-1]
    FAMILIES.setdefault(cls.family, module.FAMILY)
    if any(r.code == cls.code for r in RULES):
        raise ValueError(f"duplicate rule code {cls.code}")
    RULES.append(cls())
    return cls


class CheckError(GeneratorError):
    """The checks found errors: nothing is generated. Carries one formatted line per finding."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self._lines)
