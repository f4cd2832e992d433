"""Field declarations: value kinds and the `f()` helper that gives every field a label and a doc line.

The data model (`generator.model`) is written with these; the loader reads them to validate and
convert, and the schema page is generated from them, so the three cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any


@dataclass(frozen=True)
class Kind:
    """A value kind beyond the Python type: how to validate it and how to describe it."""

    name: str
    describe: str


WAN = Kind("amount", "金额（万元，非负，最多两位小数）")
YUAN = Kind("amount_yuan", "金额（元，非负，最多两位小数）")
LINE = Kind("line", "单行文字（不能换行）")
PARAS = Kind("paragraphs", "文字段落：一段写成字符串，多段写成列表，每段一项")
DIGITS = Kind("digits", "数字编码，请加引号写成字符串，如 \"2010302\"")
NUMBER = Kind("number", "数值（整数或小数）")

Amount = Annotated[Decimal, WAN]
AmountYuan = Annotated[Decimal, YUAN]
Text = Annotated[str, LINE]
Paragraphs = Annotated[tuple[str, ...], PARAS]
Code = Annotated[str, DIGITS]
Number = Annotated[Decimal, NUMBER]

_REQUIRED = object()


def f(label: str, doc: str, default: Any = _REQUIRED, *, example: str | None = None,
      renamed_from: tuple[str, ...] = ()) -> Any:
    """Declare a field: Chinese label, one line of documentation, optional default and example.

    `renamed_from` lists old key names that are still read (with a note) so data keeps loading
    after a rename.
    """
    meta = {"label": label, "doc": doc, "example": example, "renamed_from": renamed_from}
    if default is _REQUIRED:
        return dataclasses.field(metadata=meta)
    if isinstance(default, (list, tuple)) and not default:
        return dataclasses.field(default=(), metadata=meta)
    if dataclasses.is_dataclass(default) and not isinstance(default, type):
        return dataclasses.field(default_factory=lambda: default, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


def is_required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
