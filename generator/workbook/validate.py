"""Validate an imported disclosure exactly as `build` would, before it is written anywhere.

The candidate text goes into a throwaway copy of the project's data (site settings, glossary,
catalogues and the unit's other years, for the history rules); the ordinary loader binds it and the
ordinary checks run over it. Every problem of the candidate file is traced back from its field path
to the workbook cell the value came from.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.check import check
from generator.errors import DataError
from generator.issues import ERROR, WARNING, Finding
from generator.labels import field_label
from generator.load import load
from generator.model import Disclosure
from generator.workbook.problems import Problem

PARENT = re.compile(r"(?:\.[^.\[\]]+|\[\d+\])$")
# The loader's hints speak of YAML (quotes, keys); in a workbook the same problem is fixed so.
HINTS = {
    "missing-field": "在这个单元格填写；各列的含义见“填表说明”",
    "bad-code": "按“代码表”或下拉列表填写数字编码，如 2010302",
    "wrong-type": "按“填表说明”中这一列的类型填写",
    "newline": "去掉单元格内的换行（Alt+Enter），写成一行",
    "unknown-key": "用 python -m generator template 重新生成模板后再填写",
}


@dataclass(frozen=True)
class Verdict:
    """The bound disclosure (None when it does not load), the errors and the warnings, located."""

    data: Disclosure | None
    errors: list[Problem]
    warnings: list[Problem]


def validate(root: Path, rel: str, text: str, cells: dict[str, str], checks: bool = True) -> Verdict:
    """Load the candidate with the project's loader, then (with `checks`) run every rule on it."""
    with tempfile.TemporaryDirectory(prefix="workbook-check-") as tmp:
        copy = Path(tmp)
        _copy_data(root, copy, rel)
        target = copy / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        try:
            data = load(copy, cache=False)  # a throwaway copy: nothing to keep
        except DataError as exc:
            return Verdict(None, [_located(p, rel, cells) for p in exc.problems], [])
    entry = next(e for e in data.entries if e.source.rel == rel)
    if not checks:
        return Verdict(entry.data, [], [])
    report = check(data)
    mine = [f for f in report if f.location.file == rel]
    return Verdict(entry.data, [_located(f, rel, cells) for f in mine if f.severity is ERROR],
                   [_located(f, rel, cells) for f in mine if f.severity is WARNING])


def _copy_data(root: Path, copy: Path, rel: str) -> None:
    """What the loader and the checks read for this disclosure: shared files and the unit's years."""
    data, dest = root / "data", copy / "data"
    (dest / "codes").mkdir(parents=True)
    for name in ("site.yaml", "glossary.yaml"):
        if (data / name).is_file():
            shutil.copy(data / name, dest / name)
    for path in sorted((data / "codes").glob("*.yaml")):
        shutil.copy(path, dest / "codes" / path.name)
    unit_dir = (root / rel).parent
    for path in sorted(unit_dir.glob("*.yaml")) if unit_dir.is_dir() else ():
        other = path.relative_to(root)
        if other.as_posix() != rel:
            (copy / other).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, copy / other)


def locate(cells: dict[str, str], path: str) -> str:
    """The cell of a field path, else of the nearest field inside it or around it."""
    while path:
        if path in cells:
            return cells[path]
        inside = next((ref for key, ref in cells.items() if key.startswith((f"{path}.", f"{path}["))), None)
        if inside:
            return inside
        path = PARENT.sub("", path)
    return ""


def _located(f: Finding, rel: str, cells: dict[str, str]) -> Problem:
    """A finding of the loader or the checks as a workbook problem."""
    if f.location.file != rel:  # another file of the project stops the check
        return Problem("", f"项目中的其他文件有错误，无法核对：{f.location} {f.message}")
    where = locate(cells, f.field) if f.field else ""
    message = f.message.rstrip("。")
    if f.code == "missing-field" and f.field:
        label = (field_label(rel, f.field) or f.field).split("›")[-1]
        message = f"“{label}”必填，没有填写"
    elif not where:
        place = (field_label(rel, f.field) if f.field else None) or f.field or f"生成的 YAML 第 {f.location.line} 行"
        message = f"{message}（{place}）"
    return Problem(where, f"{message}。处理：{HINTS.get(f.code, f.hint)} [{f.code}]")
