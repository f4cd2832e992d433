"""Kept for imports: the formatters live in `generator.issues`, with the findings they format."""

from __future__ import annotations

from generator.errors import DataError
from generator.issues import Report, as_json, as_text, line, lines

__all__ = ["as_json", "as_text", "from_problems", "line", "lines"]


def from_problems(exc: DataError) -> Report:
    """Problems found while loading, as a report (the data could not be checked further)."""
    report = Report()
    report.extend(exc.problems)
    return report
