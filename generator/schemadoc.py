"""The schema page's content, generated from the model declarations so it cannot drift."""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, Union

from generator import fields as K
from generator import model

TOP_LEVEL = (
    (model.Site, "data/site.yaml"),
    (model.Glossary, "data/glossary.yaml"),
    (model.Catalogue, "data/codes/*.yaml"),
    (model.Disclosure, "data/units/<单位编码>/<年度>.yaml"),
)


@dataclass(frozen=True)
class FieldRow:
    key: str
    label: str
    kind: str
    required: str
    doc: str


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    rows: tuple[FieldRow, ...]


def describe(tp: Any) -> str:
    """A Chinese description of a declared type."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        kind: K.Kind = typing.get_args(tp)[1]
        return kind.describe
    if origin in (Union, types.UnionType):
        return describe(next(a for a in typing.get_args(tp) if a is not type(None)))
    if origin is Literal:
        return "取值之一：" + "、".join(typing.get_args(tp))
    if origin is tuple:
        return f"列表，每项为：{describe(typing.get_args(tp)[0])}"
    if dataclasses.is_dataclass(tp):
        return f"一组字段（见“{_title(tp)}”）"
    if tp is int:
        return "整数"
    if tp == "date" or getattr(tp, "__name__", None) == "date":
        return "日期，如 2024-03-20"
    return str(tp.__name__)


def _title(cls: Any) -> str:
    return str(cls.ZH)


def _record_types(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return []
    if origin in (Union, types.UnionType, tuple):
        return [t for a in typing.get_args(tp) for t in _record_types(a)]
    return [tp] if dataclasses.is_dataclass(tp) else []


def sections() -> list[Section]:
    """Every record type reachable from the top-level files, each once, in reading order."""
    out: list[Section] = []
    seen: set[Any] = set()
    queue: list[tuple[Any, str]] = list(TOP_LEVEL)
    while queue:
        cls, where = queue.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        hints = typing.get_type_hints(cls, include_extras=True)
        rows = []
        for fl in dataclasses.fields(cls):
            tp = hints[fl.name]
            example = fl.metadata.get("example")
            doc = fl.metadata["doc"] + (f"（例：{example}）" if example else "")
            rows.append(FieldRow(fl.name, fl.metadata["label"], describe(tp),
                                 "是" if K.is_required(fl) else "否", doc))
            queue.extend((sub, "") for sub in _record_types(tp))
        title = f"{_title(cls)}" + (f"（{where}）" if where else "")
        out.append(Section(title, cls.__name__.lower(), tuple(rows)))
    return out
