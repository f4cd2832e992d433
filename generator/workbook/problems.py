"""What is wrong with a workbook, located the way a spreadsheet user looks for it: `项目!C5`.

Problems are collected (a user fixes them all in one pass) and raised together as one
`WorkbookError`; the import command prints one line each and exits 1, having written nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import GeneratorError


@dataclass(frozen=True)
class Problem:
    """One problem: where (`sheet!cell`, or empty for the whole file) and what, in Chinese."""

    where: str
    message: str

    def line(self, file: str) -> str:
        place = f"{file} {self.where}" if self.where else file
        return f"{place}：{self.message}"


def cell_ref(sheet: str, coordinate: str) -> str:
    return f"{sheet}!{coordinate}"


class WorkbookError(GeneratorError):
    """The workbook cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [p.line(self.file) for p in self.problems]
