"""Put the workbook's values into the existing YAML document in place, touching only what changed.

Each value is compared by what it means, not how it is written: both sides are bound to the model
(`generator.bind`), so `0` and `0.00`, a paragraph written as a string or as a one-item list, and an
absent field and its default are the same. An unchanged value keeps its node (its comments, quotes
and flow style); a changed record is merged field by field; a changed list is aligned item by item
(difflib), so inserting one project does not disturb the comments of the others. New fields go
where the model orders them.
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from functools import cache
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from generator import fields as K
from generator.bind import INVALID, Binder
from generator.workbook.layout import list_item, strip_optional

MISSING: Any = object()
QUOTED = {"value", "nature"}                            # written in double quotes as in the sample
FLOW_ITEMS = {"basic_econ", "indicators", "parts"}      # lists whose items are one line each
FLOW_MAPS = {"staffing", "performance_coverage"}


@cache
def _spec(cls: Any) -> tuple[tuple[str, Any, dataclasses.Field[Any]], ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple((fl.name, hints[fl.name], fl) for fl in dataclasses.fields(cls))


def bound(tp: Any, value: Any, fl: dataclasses.Field[Any] | None = None) -> Any:
    """What a YAML value means to the model; an absent value means the field's default."""
    if value is MISSING:
        if fl is None or K.is_required(fl):
            return MISSING
        if fl.default is not dataclasses.MISSING:
            return fl.default
        assert fl.default_factory is not dataclasses.MISSING
        return fl.default_factory()
    return Binder("").bind(tp, value, None, "")


def same(tp: Any, old: Any, new: Any, fl: dataclasses.Field[Any] | None = None) -> bool:
    a, b = bound(tp, old, fl), bound(tp, new, fl)
    return a is not INVALID and b is not INVALID and a == b


def merge_record(cls: Any, old: CommentedMap, new: dict[str, Any]) -> None:
    """Make `old` say what `new` says, field by field, in place."""
    for name, tp, fl in _spec(cls):
        keys = (name, *fl.metadata.get("renamed_from", ()))
        key = next((k for k in keys if k in old), None)
        old_value = old[key] if key is not None else MISSING
        new_value = new.get(name, MISSING)
        if same(tp, old_value, new_value, fl):
            continue
        if new_value is MISSING:
            del old[key]
        elif key is None:
            old.insert(_position(cls, old, name), name, fresh(tp, new_value, name))
        else:
            old[key] = _merged(tp, old_value, new_value, name)


def _position(cls: Any, old: CommentedMap, name: str) -> int:
    """Where a new key goes: before the first present key that the model declares after it."""
    order = [n for n, _, _ in _spec(cls)]
    later = set(order[order.index(name) + 1:])
    return next((i for i, key in enumerate(old) if key in later), len(old))


def _merged(tp: Any, old: Any, new: Any, name: str) -> Any:
    inner, item = strip_optional(tp), list_item(tp)
    if dataclasses.is_dataclass(inner) and isinstance(old, CommentedMap) and isinstance(new, dict):
        merge_record(inner, old, new)
        return old
    if item is not None and isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_list(item, old, new, name)
    return fresh(tp, new, name)


class _Unmatched:
    """Stands for an item that does not bind: equal to nothing, so never kept by accident."""


def _merge_list(cls: Any, old: CommentedSeq, new: list[Any], name: str) -> CommentedSeq:
    def keys(items: list[Any]) -> list[Any]:
        out = []
        for node in items:
            value = bound(cls, node)
            out.append(_Unmatched() if value is INVALID else value)
        return out

    out = CommentedSeq()
    out.ca.comment = old.ca.comment  # the list's own comments (before its first item) stay
    if old.fa.flow_style():
        out.fa.set_flow_style()
    comments = dict(old.ca.items)

    def put(node: Any, index: int | None = None) -> None:
        out.append(node)  # before its comment: ruamel's insert moves the comments at and after it
        if index in comments:
            out.ca.items[len(out) - 1] = comments[index]

    out.ca.end = old.ca.end  # comments after the list (before the next key) stay after it
    matcher = difflib.SequenceMatcher(None, keys(list(old)), keys(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for i in range(i1, i2):
                put(old[i], i)
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(paired):
            put(_merged(cls, old[i1 + k], new[j1 + k], name), i1 + k)
        for j in range(j1 + paired, j2):
            put(fresh(cls, new[j], name, in_list=True))
    _move_trailing(old, out)
    return out


def _move_trailing(old: CommentedSeq, out: CommentedSeq) -> None:
    """ruamel keeps the comment lines between a list and the next key on the list's last item (with
    its end-of-line comment); when that item is no longer last, the lines move to the list's end."""
    last = old.ca.items.get(len(old) - 1)
    token = last[0] if last else None
    if token is None or not out or out[-1] is old[-1] or "\n" not in token.value.rstrip("\n"):
        return
    own, rest = token.value.split("\n", 1)
    token.value = own + "\n"
    moved = [CommentToken(line + "\n", CommentMark(0), None) for line in rest.rstrip("\n").split("\n")]
    out.ca.end = [*moved, *(out.ca.end or [])]
    if out.ca.comment is None:  # ruamel writes `end` only where the list has a comment slot
        out.ca.comment = [None, None]


def fresh(tp: Any, value: Any, name: str = "", in_list: bool = False) -> Any:
    """A new node for a value read from the workbook, in the house style of the data files."""
    inner, item = strip_optional(tp), list_item(tp)
    if dataclasses.is_dataclass(inner) and isinstance(value, dict):
        node = CommentedMap()
        for field_name, field_tp, _fl in _spec(typing.cast(Any, inner)):
            if field_name in value:
                node[field_name] = fresh(field_tp, value[field_name], field_name)
        flat = not any(isinstance(v, (dict, list)) for v in node.values())
        if (in_list and name in FLOW_ITEMS) or name in FLOW_MAPS or (name == "projects" and flat):
            node.fa.set_flow_style()
        return node
    if item is not None and isinstance(value, list):
        seq = CommentedSeq()
        seq.extend(fresh(item, v, name, in_list=True) for v in value)
        return seq
    if isinstance(value, list):
        return CommentedSeq(value)
    kind = _kind(inner)
    if isinstance(value, str) and (kind is K.DIGITS or name in QUOTED):
        return DoubleQuotedScalarString(value)
    return value


def _kind(tp: Any) -> Any:
    if typing.get_origin(tp) is typing.Annotated:
        return typing.get_args(tp)[1]
    return None


def fresh_document(cls: Any, tree: dict[str, Any]) -> CommentedMap:
    node = fresh(cls, tree)
    assert isinstance(node, CommentedMap)
    return node
