"""Which fields of a disclosure a workbook would change, in words, for the refusal without --force."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from generator.labels import field_label
from generator.money import fmt

SHOWN = 12


def changes(old: Any, new: Any, rel: str) -> list[str]:
    """One line per changed field (`label（path）：old → new`), the first SHOWN of them, then a count."""
    found: list[tuple[str, Any, Any]] = []
    _walk(old, new, "", found)
    lines = [_line(rel, path, a, b) for path, a, b in found[:SHOWN]]
    if len(found) > SHOWN:
        lines.append(f"……另有 {len(found) - SHOWN} 处不同")
    return lines


def _walk(a: Any, b: Any, path: str, found: list[tuple[str, Any, Any]]) -> None:
    if a == b:
        return
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b) and type(a) is type(b):
        for fl in dataclasses.fields(a):
            _walk(getattr(a, fl.name), getattr(b, fl.name), f"{path}.{fl.name}" if path else fl.name, found)
        return
    items = isinstance(a, tuple) and isinstance(b, tuple)
    if items and len(a) == len(b):  # records or paragraphs, item by item
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _walk(x, y, f"{path}[{i}]", found)
        return
    found.append((path, a, b))


def _line(rel: str, path: str, a: Any, b: Any) -> str:
    label = field_label(rel, path) or path
    return f"{label}（{path}）：{_shown(a)} → {_shown(b)}"


def _shown(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, Decimal):
        return fmt(value)
    if isinstance(value, (dt.date, int, str)):
        text = str(value)
        return text if len(text) <= 30 else text[:30] + "…"
    if isinstance(value, tuple):
        if value and all(isinstance(x, str) for x in value):
            return f"{len(value)} 段"
        return f"{len(value)} 项" if value else "（空）"
    return "（已填写）" if dataclasses.is_dataclass(value) else str(value)[:30]
