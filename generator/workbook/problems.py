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


def _order(p: Problem) -> tuple[int, int, int]:
    """File-level problems first, then by sheet (in the workbook's order), row and column."""
    from generator.workbook.layout import DATA_SHEETS

    if "!" not in p.where:
        return (-1, 0, 0)
    sheet, _, ref = p.where.partition("!")
    letters = ref.rstrip("0123456789")
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    row = int(ref[len(letters):] or 0)
    return (list(DATA_SHEETS).index(sheet) if sheet in DATA_SHEETS else len(DATA_SHEETS), row, column)


def cell_ref(sheet: str, coordinate: str) -> str:
    return f"{sheet}!{coordinate}"


class WorkbookError(GeneratorError):
    """The workbook cannot be imported; nothing was written. Carries every problem found."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [p.line(self.file) for p in self.problems]
