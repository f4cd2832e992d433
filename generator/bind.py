"""Bind parsed YAML (ruamel's commented containers) to the typed model, collecting every problem.

The model's type hints drive everything: Annotated kinds (amounts, codes, text), Literal choices,
optional values, tuples and nested dataclasses. Problems carry file, line, column and the field
path, e.g. `spending[2].basic`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import types
import typing
from decimal import Decimal
from functools import cache
from typing import Any, Literal, Union

from generator import fields as K
from generator.errors import Location, problem
from generator.issues import Finding
from generator.money import AmountError, parse_amount

INVALID: Any = object()
NATURE_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "==": "="}


class Binder:
    """Binds one file's data; `problems` collects everything found."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.problems: list[Finding] = []

    def fail(self, code: str, message: str, pos: tuple[int, int] | None, path: str) -> Any:
        line, col = (pos[0] + 1, pos[1] + 1) if pos else (None, None)
        self.problems.append(problem(code, message, Location(self.rel, line, col), path or None))
        return INVALID

    # ------------------------------------------------------------ dispatch on the declared type

    def bind(self, tp: Any, value: Any, pos: tuple[int, int] | None, path: str) -> Any:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, kind = typing.get_args(tp)[:2]
            return self._kind(kind, base, value, pos, path)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if value is None:
                return None
            return self.bind(args[0], value, pos, path)
        if origin is Literal:
            return self._choice(typing.get_args(tp), value, pos, path)
        if origin is tuple:
            return self._list(typing.get_args(tp)[0], value, pos, path)
        if dataclasses.is_dataclass(tp):
            return self.record(tp, value, pos, path)
        if tp is int:
            return self._int(value, pos, path)
        if tp is dt.date:
            return self._date(value, pos, path)
        raise TypeError(f"model type not supported by the binder: {tp!r}")

    def record(self, cls: Any, value: Any, pos: tuple[int, int] | None, path: str) -> Any:
        if not isinstance(value, dict):
            return self.fail("wrong-type", f"应为一组“字段: 值”（{cls.ZH}），实际为{_describe(value)}", pos, path)
        spec = _spec(cls)
        known = {alias: name for name, (_, _, aliases) in spec.items() for alias in (name, *aliases)}
        kwargs: dict[str, Any] = {}
        present: set[str] = set()
        suggested: set[str] = set()
        bad = False
        for key in value:
            key_pos = _key_pos(value, key)
            if not isinstance(key, str) or key not in known:
                hint = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
                tip = f"；是不是“{hint[0]}”？" if hint else f"；可用字段：{'、'.join(spec)}"
                suggested.update(hint)
                self.fail("unknown-key", f"未知字段“{key}”{tip}", key_pos, _join(path, str(key)))
                bad = True
                continue
            name = known[key]
            present.add(name)
            tp = spec[name][0]
            bound = self.bind(tp, value[key], _value_pos(value, key), _join(path, name))
            if bound is INVALID:
                bad = True
            else:
                kwargs[name] = bound
        for name, (_, field, _) in spec.items():
            if name not in present and name not in suggested and K.is_required(field):
                label = field.metadata["label"]
                self.fail("missing-field", f"缺少必填字段“{name}”（{label}）", pos, _join(path, name))
                bad = True
        return INVALID if bad else cls(**kwargs)

    # ------------------------------------------------------------ leaves

    def _kind(self, kind: K.Kind, base: Any, value: Any, pos: Any, path: str) -> Any:
        if kind in (K.WAN, K.YUAN):
            if isinstance(value, str):
                return self.fail("bad-amount", f"金额请直接写数字，不要加引号或单位，实际为“{value}”", pos, path)
            try:
                return parse_amount(value)
            except AmountError as exc:
                return self.fail("bad-amount", str(exc), pos, path)
        if kind is K.NUMBER:
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                return self.fail("wrong-type", f"应为数值，实际为{_describe(value)}", pos, path)
            return Decimal(value)
        if kind is K.DIGITS:
            text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
            if not isinstance(text, str) or not text.isascii() or not text.isdigit():
                return self.fail("bad-code", f"应为数字编码，实际为{_describe(value)}", pos, path)
            return text
        if kind is K.LINE:
            return self._line(value, pos, path)
        if kind is K.PARAS:
            items = value if isinstance(value, list) else [value]
            paras: list[str] = []
            for i, item in enumerate(items):
                if not isinstance(item, str):
                    item_pos = _item_pos(value, i) if isinstance(value, list) else pos
                    self.fail("wrong-type", f"应为文字，实际为{_describe(item)}", item_pos, f"{path}[{i}]")
                    return INVALID
                paras.extend(p.strip() for p in item.splitlines() if p.strip())
            if not paras:
                return self.fail("wrong-type", "不能为空", pos, path)
            return tuple(paras)
        raise TypeError(f"unknown kind {kind}")

    def _line(self, value: Any, pos: Any, path: str) -> Any:
        if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return self.fail("wrong-type", f"应为文字，实际为{_describe(value)}", pos, path)
        text = value.strip()
        if "\n" in text or "\r" in text:
            return self.fail("newline", "这里只能写一行文字；需要分段的内容请写在允许分段的字段里", pos, path)
        if not text:
            return self.fail("wrong-type", "不能为空；没有内容时请删除这一字段", pos, path)
        return text

    def _choice(self, choices: tuple[str, ...], value: Any, pos: Any, path: str) -> Any:
        if isinstance(value, str):
            value = NATURE_ALIASES.get(value.strip(), value.strip())
        if value not in choices:
            return self.fail("bad-value", f"应为以下之一：{'、'.join(choices)}；实际为“{value}”", pos, path)
        return value

    def _list(self, item_tp: Any, value: Any, pos: Any, path: str) -> Any:
        if not isinstance(value, list):
            return self.fail("wrong-type", f"应为列表（每项以“- ”开头），实际为{_describe(value)}", pos, path)
        out = [self.bind(item_tp, item, _item_pos(value, i), f"{path}[{i}]") for i, item in enumerate(value)]
        return INVALID if any(o is INVALID for o in out) else tuple(out)

    def _int(self, value: Any, pos: Any, path: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fail("wrong-type", f"应为整数，实际为{_describe(value)}", pos, path)
        if value < 0 or value > 10**9:
            return self.fail("bad-value", f"应为合理的非负整数，实际为 {value}", pos, path)
        return int(value)

    def _date(self, value: Any, pos: Any, path: str) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return self.fail("wrong-type", f"应为日期，格式如 2024-03-20，实际为{_describe(value)}", pos, path)


@cache
def _spec(cls: Any) -> dict[str, tuple[Any, dataclasses.Field[Any], tuple[str, ...]]]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return {fl.name: (hints[fl.name], fl, fl.metadata.get("renamed_from", ())) for fl in dataclasses.fields(cls)}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _pair(position: Any) -> tuple[int, int]:
    """ruamel.yaml's (line, column) of a key, value or item, as two ints."""
    line, column = position
    return int(line), int(column)


def _key_pos(mapping: Any, key: Any) -> tuple[int, int] | None:
    try:
        return _pair(mapping.lc.key(key))
    except (AttributeError, KeyError, TypeError):
        return None


def _value_pos(mapping: Any, key: Any) -> tuple[int, int] | None:
    """Where the value starts; for an empty value or a nested block, the key's line is the one to show."""
    if mapping.get(key) is None or isinstance(mapping.get(key), (dict, list)):
        return _key_pos(mapping, key)
    try:
        return _pair(mapping.lc.value(key))
    except (AttributeError, KeyError, TypeError):
        return _key_pos(mapping, key)


def _item_pos(seq: Any, index: int) -> tuple[int, int] | None:
    try:
        return _pair(seq.lc.item(index))
    except (AttributeError, KeyError, TypeError, IndexError):
        return None


def _describe(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, dict):
        return "一组字段"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, str):
        shown = value[:40].replace("\r", "").replace("\n", "↵")
        return f"文字“{shown}”"
    return f"“{value}”"
