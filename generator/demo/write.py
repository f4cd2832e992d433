"""Write the demo project: the runnable skeleton copied from the repository, and YAML written by ruamel.

Amounts are Decimals written as plain numbers with their two decimals (57.60), which the project's
loader reads back as the same Decimals; codes and numeric-looking texts are double-quoted strings.
"""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

import generator

QUOTED = {"code", "own_code", "unit", "function", "econ", "value", "nature"}
FLOW_ITEMS = {"basic_econ", "indicators", "parts"}   # lists whose items are written one per line
FLOW_MAPS = {"staffing", "performance_coverage"}
TOP_KEY = re.compile(r"^[a-z_0-9]+:", re.M)


def repo_root() -> Path:
    return Path(generator.__file__).resolve().parent.parent


def skeleton(dest: Path) -> None:
    """What tests/conftest.py's copy_project makes, without data/: mkdocs.yml, theme/, content/."""
    repo = repo_root()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(repo / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(repo / "theme", dest / "theme")
    (dest / "content").mkdir()
    (dest / "data" / "codes").mkdir(parents=True)
    shutil.copy(repo / "data" / "glossary.yaml", dest / "data" / "glossary.yaml")
    for path in sorted((repo / "data" / "codes").glob("*.yaml")):
        shutil.copy(path, dest / "data" / "codes" / path.name)


def _decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", f"{value:f}")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.width = 100000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _decimal)
    yaml.representer.ignore_aliases = lambda _data: True  # the same Decimal twice is written twice
    return yaml


def styled(node: Any, key: str = "", flow: bool = False) -> Any:
    """The plain tree as ruamel nodes: small records in flow style, codes quoted."""
    if isinstance(node, dict):
        out = CommentedMap()
        for k, v in node.items():
            out[k] = styled(v, k)
        plain_project = key == "projects" and "parts" not in node
        if flow or key in FLOW_MAPS or plain_project:
            out.fa.set_flow_style()
        return out
    if isinstance(node, list):
        return CommentedSeq(styled(v, key, key in FLOW_ITEMS) for v in node)
    if isinstance(node, str) and key in QUOTED:
        return DoubleQuotedScalarString(node)
    return node


def dump(tree: dict[str, Any], header: Iterable[str]) -> str:
    """YAML text of a tree, with a header comment and a blank line between top-level sections."""
    buf = io.StringIO()
    _yaml().dump(styled(tree), buf)
    body = TOP_KEY.sub(lambda m: m.group() if m.start() == 0 else "\n" + m.group(), buf.getvalue())
    return "".join(f"# {line}\n" for line in header) + body


def write(path: Path, tree: dict[str, Any], header: Iterable[str] = ()) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump(tree, header), encoding="utf-8", newline="\n")
