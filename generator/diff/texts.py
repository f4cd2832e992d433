"""Text fields of two model objects compared, and a word-level diff of the Chinese wording.

Every `str` field of the model is text a reviewer may care about (reasons, purposes, descriptions,
names); classification codes (all digits) are not, their changes show in the tables. Items of a list
are matched by what identifies them (a spending line by code, fund and unit; a project's targets by
project name), not by position, so inserting a line does not make every later text "changed";
ordered prose lists (key work, tasks, indicators) stay matched by position. Words are cut by jieba,
the segmenter the site search already uses, and compared with difflib.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import typing
from collections import Counter
from functools import cache
from typing import Any, Literal

from generator import model
from generator.diff.changes import Op, Segment, TextChange
from generator.labels import field_label

# Fields that identify an item of a list, by model class; other lists are matched by position.
IDENT: dict[str, tuple[str, ...]] = {
    "SpendingLine": ("code", "fund", "unit"),
    "EconLine": ("code", "fund", "unit"),
    "Project": ("name", "unit"),
    "ProjectPart": ("econ", "fund"),
    "ProjectPerformance": ("project",),
    "Term": ("term",),
    "StatedTotal": ("table", "row", "column"),
    "SubUnit": ("code",),
    "CodeEntry": ("code",),
}

# key -> (YAML path with indices, text, whether the field is a choice from a list); paragraphs are
# joined by a line break. A choice (资金来源, 单位性质) is reported when it changes, not when its
# item comes or goes: the tables and the project list show that.
Texts = dict[str, tuple[str, str, bool]]


@cache
def _choices(cls: type[Any]) -> frozenset[str]:
    """The fields of a model class whose type is a Literal (optionally `| None`)."""
    hints = typing.get_type_hints(cls, vars(model), include_extras=True)
    out = set()
    for name, hint in hints.items():
        args = typing.get_args(hint) if typing.get_origin(hint) is not Literal else (hint,)
        if any(typing.get_origin(a) is Literal for a in (hint, *args)):
            out.add(name)
    return frozenset(out)


def collect(obj: Any, path: str = "", key: str = "", out: Texts | None = None) -> Texts:
    """Every text field under `obj` by a position-independent key."""
    out = {} if out is None else out
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return out
    skip = IDENT.get(type(obj).__name__, ()) if key.endswith("]") else ()
    choices = _choices(type(obj))
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        p, k = f"{path}.{f.name}" if path else f.name, f"{key}.{f.name}" if key else f.name
        if isinstance(value, str):
            if f.name not in skip and not value.isdigit():
                out[k] = (p, value, f.name in choices)
        elif isinstance(value, tuple):
            if value and all(isinstance(v, str) for v in value):
                out[k] = (p, "\n".join(value), False)
            else:
                _items(value, p, k, out)
        else:
            collect(value, p, k, out)
    return out


def _items(items: tuple[Any, ...], path: str, key: str, out: Texts) -> None:
    seen: Counter[str] = Counter()
    for i, item in enumerate(items):
        ident = IDENT.get(type(item).__name__)
        name = "/".join(str(getattr(item, a) or "") for a in ident) if ident else str(i)
        seen[name] += 1
        if seen[name] > 1:
            name = f"{name}#{seen[name]}"
        collect(item, f"{path}[{i}]", f"{key}[{name}]", out)


def compare_texts(old: Texts, new: Texts, old_file: str, new_file: str) -> tuple[TextChange, ...]:
    """Texts that differ, in the new file's order, then texts only the old one had."""
    out: list[TextChange] = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key), new.get(key)
        if before and after and before[1] == after[1]:
            continue
        if not (before and after) and (before or after or ("", "", False))[2]:
            continue
        path, file = (after[0], new_file) if after else (before[0] if before else key, old_file)
        a, b = before[1] if before else None, after[1] if after else None
        if not (a or b):
            continue
        out.append(TextChange(path, field_label(file, path) or path, a, b, word_diff(a or "", b or "")))
    return tuple(out)


def tokens(text: str) -> list[str]:
    """Words of a Chinese text (jieba's precise mode); punctuation and spaces are tokens of their own."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it announces its dictionary loading otherwise
    return [t for t in jieba.lcut(text, HMM=False) if t]


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The new text as kept, deleted and inserted runs of words (a replacement: deletion, then insertion)."""
    a, b = tokens(old), tokens(new)
    segments: list[Segment] = []

    def emit(op: Op, words: list[str]) -> None:
        text = "".join(words)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            emit("equal", a[i1:i2])
        else:
            emit("delete", a[i1:i2])
            emit("insert", b[j1:j2])
    return tuple(segments)
