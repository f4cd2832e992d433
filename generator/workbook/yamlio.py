"""Round-trip YAML for the importer: read a disclosure keeping its comments, quotes and key order,
write it back byte for byte where nothing changed.

Numbers with a fraction are read as Decimal from their source text and written back from it, so
`57.60` stays `57.60`; the project's loader (`generator.yamlsafe`) validates whatever is written.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter

TOP_KEY = re.compile(r"^(?=[a-z_0-9]+:)", re.M)


class _Constructor(RoundTripConstructor):
    """Floats as Decimal from their text (never a binary float)."""

    def construct_yaml_float(self, node: Any) -> Any:
        try:
            return Decimal(str(node.value).replace("_", ""))
        except InvalidOperation:
            return super().construct_yaml_float(node)


_Constructor.add_constructor("tag:yaml.org,2002:float", _Constructor.construct_yaml_float)


def _decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", f"{value:f}")


def rt_yaml() -> YAML:
    """The reader and writer of disclosure files: 2-space maps, `  - ` lists, no line folding."""
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.preserve_quotes = True
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(Decimal, _decimal)
    yaml.representer.ignore_aliases = lambda _data: True  # the same Decimal twice is written twice
    return yaml


def load(text: str) -> Any:
    return rt_yaml().load(text)


def dump(doc: Any) -> str:
    out = io.StringIO()
    rt_yaml().dump(doc, out)
    return out.getvalue()


def dump_new(doc: Any, header: str) -> str:
    """A file written from scratch: a header comment and a blank line between top-level blocks."""
    body = TOP_KEY.sub("\n", dump(doc)).lstrip("\n")
    return f"# {header}\n\n{body}"
