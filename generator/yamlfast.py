"""Fast path for well-formed YAML: libyaml (ruamel.yaml.clib) parses, Python builds containers
that keep positions like ruamel's round-trip ones (`.lc.key/.lc.value/.lc.item`).

Measured on the sample (48 KB): 20 ms here against 190 ms for the pure-Python round-trip loader.
Anything unusual — a syntax error, an anchor, an alias, a tag, deep nesting, an odd number — makes
`fast_load` return None, and the careful loader in `yamlsafe` reads the file again and reports the
problem with its location. So error messages come from one place only.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

try:
    from _ruamel_yaml import CParser  # the C extension is what makes this fast
except ImportError:  # pragma: no cover - without ruamel.yaml.clib only the careful loader runs
    CParser = None

# An anchor or an alias is possible where `&` or `*` starts a token; such files take the careful path.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s,\[{:-])[&*][^\s,\[\]{}*&]")


class _Unusual(Exception):
    """Leave this file to the careful loader."""


class Positions:
    """0-based [line, column] of keys, values and items, as ruamel's `.lc` gives them."""

    __slots__ = ("_items", "_keys", "_values")

    def __init__(self) -> None:
        self._keys: dict[Any, list[int]] = {}
        self._values: dict[Any, list[int]] = {}
        self._items: list[list[int]] = []

    def key(self, k: Any) -> list[int]:
        return self._keys[k]

    def value(self, k: Any) -> list[int]:
        return self._values[k]

    def item(self, i: int) -> list[int]:
        return self._items[i]


class PosDict(dict):  # type: ignore[type-arg]
    lc: Positions


class PosList(list):  # type: ignore[type-arg]
    lc: Positions


def _at(node: Node) -> list[int]:
    return [node.start_mark.line, node.start_mark.column]


class _Constructor(SafeConstructor):
    _depth = 0

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # the same node twice: an alias
            raise _Unusual("alias")
        if not node.tag.startswith("tag:yaml.org,2002:"):
            raise _Unusual("tag")
        self._depth += 1
        try:
            if self._depth > 24:
                raise _Unusual("deep")
            return super().construct_object(node, deep=True)
        finally:
            self._depth -= 1

    def construct_map(self, node: MappingNode) -> PosDict:
        out, lc = PosDict(), Positions()
        for key_node, value_node in node.value:
            key = self.construct_object(key_node)
            if not isinstance(key, str) or key in out:
                raise _Unusual("key")
            out[key] = self.construct_object(value_node)
            lc._keys[key], lc._values[key] = _at(key_node), _at(value_node)
        out.lc = lc
        return out

    def construct_seq(self, node: SequenceNode) -> PosList:
        out, lc = PosList(), Positions()
        for item in node.value:
            out.append(self.construct_object(item))
            lc._items.append(_at(item))
        out.lc = lc
        return out

    def construct_decimal(self, node: Any) -> Decimal:
        try:
            value = Decimal(str(node.value).replace("_", ""))
        except InvalidOperation:
            raise _Unusual("number") from None
        if not value.is_finite():
            raise _Unusual("number")
        return value

    def construct_checked(self, node: Any) -> Any:
        method = {"tag:yaml.org,2002:int": SafeConstructor.construct_yaml_int,
                  "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_timestamp}[node.tag]
        try:
            return method(self, node)
        except ValueError:
            raise _Unusual("value") from None

    def construct_str(self, node: Any) -> str:
        return str(node.value)


for _tag, _method in (("map", _Constructor.construct_map), ("seq", _Constructor.construct_seq),
                      ("float", _Constructor.construct_decimal), ("int", _Constructor.construct_checked),
                      ("timestamp", _Constructor.construct_checked), ("str", _Constructor.construct_str)):
    _Constructor.add_constructor("tag:yaml.org,2002:" + _tag, _method)


class _Resolver(VersionedResolver):
    """YAML 1.2's rules, fixed: the default resolver looks up the document's version for every
    scalar, through two caught AttributeErrors (a third of the load time of a district). A file
    with a %YAML directive takes the careful path."""

    @property
    def processing_version(self) -> Any:
        return (1, 2)


def _flow_depth(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(depth - 1, 0)
    return deepest


def fast_load(text: str) -> Any | None:
    """The parsed tree, or None when the careful loader must decide."""
    if CParser is None or _MAYBE_ANCHOR.search(text) or _flow_depth(text) > 24 or "\t" in text or "%YAML" in text:
        return None
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _Constructor
    yaml.Resolver = _Resolver
    try:
        return yaml.load(text)
    except Exception:  # any surprise goes to the careful loader, which explains it
        return None
