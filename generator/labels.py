"""Field paths in words: `unit_performance.indicators[12].weight` → 整体绩效目标（表7）›年度绩效指标第13项›权重.

A finance officer reads the Chinese labels declared once in the model (`generator.model`, each
field's `f("label", …)`); the path itself stays in messages for whoever edits the YAML.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from typing import Any

from generator import model

# Which model class a data file holds, by its path from the project root.
FILES: tuple[tuple[re.Pattern[str], type[Any]], ...] = (
    (re.compile(r"^data/units/"), model.Disclosure),
    (re.compile(r"^data/site\.yaml$"), model.Site),
    (re.compile(r"^data/glossary\.yaml$"), model.Glossary),
    (re.compile(r"^data/codes/"), model.Catalogue),
)
PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def field_label(file: str, path: str) -> str | None:
    """The Chinese labels along `path` in the file's model, or None when the path is not a field."""
    cls = next((c for pattern, c in FILES if pattern.search(file)), None)
    if cls is None or not path:
        return None
    words: list[str] = []
    for name, index in PART.findall(path):
        if index:
            words[-1:] = [f"{words[-1] if words else ''}第{int(index) + 1}项"]
            continue
        fields = _fields(cls)
        if name not in fields:
            return None
        label, cls = fields[name]
        words.append(label)
    return "›".join(words)


_FIELDS: dict[Any, dict[str, tuple[str, Any]]] = {}


def _fields(cls: Any) -> dict[str, tuple[str, Any]]:
    """Field name → (label, the dataclass its value holds, or None); worked out once per class."""
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls, vars(model), include_extras=True) if dataclasses.is_dataclass(cls) else {}
        _FIELDS[cls] = {f.name: (str(f.metadata.get("label", f.name)), _inner(hints[f.name]))
                        for f in (dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ())}
    return _FIELDS[cls]


def _inner(hint: Any) -> Any:
    """The dataclass inside `X`, `X | None` or `tuple[X, ...]`; None for plain values."""
    if dataclasses.is_dataclass(hint):
        return hint
    origin = typing.get_origin(hint)
    if origin in (tuple, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(hint):
            found = _inner(arg)
            if found is not None:
                return found
    return None
