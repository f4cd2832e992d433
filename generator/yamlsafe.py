"""Read one YAML file safely: UTF-8 only, no anchors/aliases/tags, bounded size and depth,
numbers with a fraction as Decimal (never float), positions kept for messages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.reader import ReaderError

from generator import yamlcache
from generator.errors import DataError, Location, problem
from generator.issues import Finding
from generator.yamlfast import fast_load

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 24
STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


class _Reject(Exception):
    def __init__(self, code: str, message: str, mark: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


class _SafeComposer(Composer):
    """Composer that refuses anchors, aliases and explicit tags, and caps nesting depth."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _Reject("yaml-alias", "不允许使用锚点或别名（& 与 *），请把内容直接写出", event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and str(tag) not in STANDARD_TAGS and str(tag) != "!":
            raise _Reject("yaml-tag", f"不允许使用类型标签 {tag}，请删除它", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Reject("yaml-too-deep", f"嵌套超过 {MAX_DEPTH} 层，请检查缩进", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _DecimalConstructor(RoundTripConstructor):
    """Floats become Decimal from their source text; ints stay ints; timestamps stay dates."""

    def construct_yaml_float(self, node: Any) -> Decimal:  # type: ignore[override]
        text = str(node.value).replace("_", "")
        if text.lower().lstrip("+-") in (".inf", ".nan"):
            raise _Reject("wrong-type", f"不允许 {node.value}，请填写有限数字", node.start_mark)
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _Reject("wrong-type", f"无法识别的数字“{node.value}”", node.start_mark) from None
        if not value.is_finite():
            raise _Reject("wrong-type", f"不允许 {node.value}，请填写有限数字", node.start_mark)
        return value

    def construct_yaml_int(self, node: Any) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # e.g. more digits than Python converts
            raise _Reject("wrong-type", f"无法识别的整数“{_short(node.value)}”", node.start_mark) from None

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:  # e.g. 2024-13-45
            raise _Reject("wrong-type", f"日期“{_short(node.value)}”不存在，请按 2024-03-20 的格式填写",
                          node.start_mark) from None

    def construct_yaml_str(self, node: Any) -> Any:
        return self.construct_scalar(node)  # an explicit !!str is a plain string, not a TaggedScalar


for _tag, _method in (("float", _DecimalConstructor.construct_yaml_float),
                      ("int", _DecimalConstructor.construct_yaml_int),
                      ("timestamp", _DecimalConstructor.construct_yaml_timestamp),
                      ("str", _DecimalConstructor.construct_yaml_str)):
    _DecimalConstructor.add_constructor("tag:yaml.org,2002:" + _tag, _method)


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 30 else text[:30] + "…"


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Composer = _SafeComposer
    yaml.Constructor = _DecimalConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def _position(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def decode(raw: bytes, rel: str) -> str:
    """Bytes to text, or one clear problem: UTF-8 only, a UTF-8 BOM is accepted and dropped."""
    head = raw[:4096]  # UTF-16 without a byte-order mark: its ASCII (keys, indentation) is half NUL bytes
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 8:
        raise DataError([problem("yaml-encoding", "文件是 UTF-16 编码，请另存为 UTF-8", Location(rel, 1))])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([problem(
            "yaml-encoding", "文件不是 UTF-8 编码（可能是 GBK），请用 UTF-8 另存", Location(rel, line))]) from None


def load_text(text: str, rel: str, cache: Path | None = None) -> Any:
    """Parse YAML text into containers with positions, or raise DataError with one problem.

    Well-formed files take libyaml's fast path (or are read back from `cache`, yamlcache.py);
    anything else is read by the careful pure-Python loader below, which refuses what is unsafe
    and says where and why.
    """
    kept = yamlcache.entry(cache, text)
    tree = yamlcache.read(kept)
    if tree is not None:
        return tree
    tree = fast_load(text)
    if tree is not None:
        yamlcache.write(kept, tree)
        return tree
    try:
        return _yaml().load(text)
    except _Reject as exc:
        line, col = _position(exc.mark)
        raise DataError([problem(exc.code, exc.message, Location(rel, line, col))]) from None
    except MarkedYAMLError as exc:
        raise DataError([_syntax_problem(exc, rel, text)]) from None
    except ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        raise DataError([problem(
            "yaml-syntax", f"文件中有不允许的控制字符（{char}），请删除它", Location(rel, line))]) from None
    except (YAMLError, RecursionError) as exc:
        detail = " ".join(str(exc).split())
        raise DataError([problem("yaml-syntax", f"无法读取 YAML：{detail}", Location(rel))]) from None


def _syntax_problem(exc: MarkedYAMLError, rel: str, text: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, col = _position(mark)
    name = type(exc).__name__
    if "Duplicate" in name:
        key = str(exc.problem or "").split('"')
        shown = key[1] if len(key) > 2 else ""
        return problem("yaml-duplicate-key", f"键“{shown}”在同一层级出现了两次，请删除或合并其一",
                       Location(rel, line, col))
    source_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "\t" in source_line[: (col or 1)] or "\t" in str(exc.problem or ""):
        return problem("yaml-tab", "缩进中使用了制表符（Tab），YAML 只能用空格缩进", Location(rel, line, col))
    detail = str(exc.problem or exc.context or "格式错误")
    return problem("yaml-syntax", f"YAML 语法错误（{detail}），请检查这一行及上一行的缩进、冒号和引号",
                   Location(rel, line, col))


def read_text(path: Path, rel: str) -> str:
    """One data file's text, bounded in size and decoded; DataError when it is unusable."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError([problem(
            "yaml-too-large", f"文件大小 {size} 字节，超过上限 {MAX_BYTES} 字节；请拆分或检查是否放错了文件",
            Location(rel, 1))])
    text = decode(path.read_bytes(), rel)
    if not text.strip():
        raise DataError([problem("yaml-empty", "文件为空", Location(rel, 1))])
    return text


def parse_text(text: str, rel: str, cache: Path | None = None) -> Any:
    """The tree of a file's text (`read_text`); DataError when it holds no data."""
    tree = load_text(text, rel, cache)
    if tree is None:
        raise DataError([problem("yaml-empty", "文件中没有数据（只有注释或空白）", Location(rel, 1))])
    return tree


def load_file(path: Path, rel: str, cache: Path | None = None) -> Any:
    """Read, bound and parse one YAML file; DataError on anything unusable. `cache`: the folder of
    parsed trees (yamlcache.py), or None to parse."""
    return parse_text(read_text(path, rel), rel, cache)
