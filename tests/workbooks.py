"""Helpers for the workbook tests: build a prefilled workbook, change cells, snapshot a project."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from generator.cli import main
from generator.workbook.codes import load_codes
from generator.workbook.importer import existing_data
from generator.workbook.template import build, save


def prefilled(root: Path, rel: str, dest: Path) -> Path:
    """The template of a disclosure filled from its YAML, saved at `dest`."""
    data = existing_data(root / rel, rel)
    assert data is not None, rel
    save(build(load_codes(root), data.unit.code, data.year, data), dest)
    return dest


def edited(source: Path, dest: Path, change: Callable[[Any], None]) -> Path:
    """A copy of a workbook with `change(book)` applied, as a user editing it in Excel would save it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(source)
    change(book)
    book.save(dest)
    return dest


def form_cell(book: Any, sheet: str, label: str) -> Any:
    """The value cell (column C) of a form row, found by its label."""
    ws = book[sheet]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == label)
    return ws.cell(row, 3)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and modification time: equal means untouched."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(root: Path, *args: str) -> int:
    """The CLI in-process (faster than a subprocess for the many small cases)."""
    return main(["--root", str(root), *args])
