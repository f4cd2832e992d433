"""Import a filled-in workbook into `data/units/<code>/<year>.yaml`.

Read everything, then check everything, then write one file or nothing:
1. the workbook is read into a YAML tree with the cell of every value (`reader`);
2. where the YAML exists its document is updated in place, keeping comments and key order
   (`merge`); otherwise a new document is written in the house style;
3. the result is bound and checked by the project's own loader and rules (`validate`), and every
   problem is reported at its cell;
4. an existing file whose data differ is only replaced with `force` (the differences are listed);
5. the file is written to a temporary name and renamed over the old one.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from generator.bind import INVALID, Binder
from generator.errors import DataError, GeneratorError
from generator.model import Disclosure
from generator.workbook import yamlio
from generator.workbook.changes import changes
from generator.workbook.merge import fresh_document, merge_record
from generator.workbook.problems import Problem, WorkbookError
from generator.workbook.reader import Reading, read_workbook
from generator.workbook.validate import validate
from generator.writer import replace_atomically
from generator.yamlsafe import load_file

CODE = re.compile(r"^[0-9]{1,20}$")


class ImportRefused(GeneratorError):
    """The workbook is valid, but the YAML it would replace holds other data and --force was not given."""

    def __init__(self, rel: str, lines: list[str]) -> None:
        self.rel, self.changed = rel, lines
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.rel} 已存在，内容与工作簿不同，未改动任何文件。不同之处：",
                *(f"  {line}" for line in self.changed),
                "确认用工作簿的内容覆盖时，加 --force 重新运行。"]


@dataclass(frozen=True)
class Outcome:
    """What the import did: the file, whether it was created, replaced or left as it was, and the
    warnings of the checks (which do not stop an import)."""

    rel: str
    status: Literal["created", "updated", "unchanged"]
    warnings: list[Problem]


def import_workbook(root: Path, book: Path, shown: str, force: bool = False) -> Outcome:
    """Import `book` (named `shown` in messages) under `root`; WorkbookError or ImportRefused
    when it cannot be, having written nothing."""
    reading = read_workbook(book, shown)
    code, year = _identity(reading, shown)
    if not reading.complete:  # whole sheets unread: the loader would only find them missing
        raise WorkbookError(shown, reading.problems)
    rel = f"data/units/{code}/{year}.yaml"
    target = root / rel
    old_text = target.read_text(encoding="utf-8") if target.is_file() else None
    text = candidate_text(reading, old_text, code, year)
    verdict = validate(root, rel, text, reading.cells, checks=not reading.problems)
    if reading.problems:
        raise WorkbookError(shown, _together(reading, verdict.errors))
    if verdict.errors or verdict.data is None:
        raise WorkbookError(shown, verdict.errors)
    if old_text is not None:
        old = existing_data(target, rel)
        if old == verdict.data:
            return Outcome(rel, "unchanged", verdict.warnings)
        if not force:
            raise ImportRefused(rel, changes(old, verdict.data, rel) if old is not None else
                                ["现有文件有错误，无法逐项比较（运行 python -m generator check 查看）"])
    write_atomically(target, text)
    return Outcome(rel, "updated" if old_text is not None else "created", verdict.warnings)


def _together(reading: Reading, errors: list[Problem]) -> list[Problem]:
    """The cells that could not be read, and what the loader says about the rest, so one pass
    fixes everything; nothing is added for a cell already reported."""
    seen = {p.where for p in reading.problems}
    return [*reading.problems, *(p for p in errors if p.where not in seen)]


def _identity(reading: Reading, shown: str) -> tuple[str, int]:
    """Whose disclosure this is: the unit code and year decide the file written, so they are
    checked first (digits only: the code becomes a folder name)."""
    unit = reading.tree.get("unit", {})
    code, year = unit.get("code") if isinstance(unit, dict) else None, reading.tree.get("year")
    problems = list(reading.problems)
    seen = {p.where for p in problems}
    code_cell, year_cell = reading.cells.get("unit.code", ""), reading.cells.get("year", "")
    if (not isinstance(code, str) or not CODE.match(code)) and (code_cell not in seen or not code_cell):
        problems.append(Problem(code_cell, f"单位编码应为数字（决定写入的文件夹），实际为“{code or '空白'}”"))
    if (not isinstance(year, int) or not 1900 <= year <= 2200) and (year_cell not in seen or not year_cell):
        problems.append(Problem(year_cell, f"年度应为四位年份（决定写入的文件名），实际为“{year or '空白'}”"))
    if len(problems) > len(reading.problems):
        raise WorkbookError(shown, problems)
    assert isinstance(code, str) and isinstance(year, int)
    return code, year


def candidate_text(reading: Reading, old_text: str | None, code: str, year: int) -> str:
    """The new file's text: the old document updated in place, or a new document."""
    if old_text is not None:
        try:
            doc = yamlio.load(old_text)
        except (YAMLError, ValueError, TypeError):
            doc = None  # too broken to keep anything of; replaced whole (with --force only)
        if isinstance(doc, CommentedMap):
            merge_record(Disclosure, doc, reading.tree)
            return yamlio.dump(doc)
    unit = reading.tree.get("unit", {})
    name = unit.get("name", code) if isinstance(unit, dict) else code
    return yamlio.dump_new(fresh_document(Disclosure, reading.tree),
                           f"{name} {year} 年部门预算（由 Excel 工作簿导入：python -m generator import）")


def existing_data(path: Path, rel: str) -> Disclosure | None:
    """The existing file's data as the loader binds it, None when it does not load."""
    try:
        tree = load_file(path, rel)
    except DataError:
        return None
    binder = Binder(rel)
    data: Any = binder.bind(Disclosure, tree, (0, 0), "")
    return None if data is INVALID or binder.problems else typing.cast(Disclosure, data)


def write_atomically(target: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    replace_atomically(target, write)
