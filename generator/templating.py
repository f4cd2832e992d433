"""The Jinja2 environment: strict undefined, every printed value escaped unless our code built it.

Templates are looked up first in the project's `templates/` folder (a portal's overrides), then
in the package's own `generator/templates/`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2

from generator.escape import Safe, esc
from generator.money import fmt
from generator.tablemodel import Table

OVERRIDES = "templates"
_IDENT = re.compile(r"[A-Za-z0-9./][A-Za-z0-9/_.-]*")


def _finalize(value: Any) -> Any:
    if isinstance(value, Safe):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"template printed {value!r}: print text, not a flag or nothing")
    if isinstance(value, Decimal):
        raise TypeError("template printed an amount directly: use the |wan filter")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return esc(value)


def _wan(value: Decimal) -> Safe:
    return Safe(fmt(value))


def _pct(value: Decimal) -> Safe:
    return Safe(f"{fmt(value)}%")


def _ident(value: str) -> Safe:
    """Identifiers and paths built by our own code: checked, then printed as they are."""
    if not _IDENT.fullmatch(str(value)):
        raise ValueError(f"not an identifier: {value!r}")
    return Safe(value)


def _anchor(value: str) -> Safe:
    """An explicit heading id for attr_list: ` {#t1-2}`."""
    return Safe(f" {{#{_ident(value)}}}")


def _plain(value: Decimal) -> Safe:
    """A number without trailing zeros: 200.00 → 200."""
    text = f"{value.normalize():f}"
    return Safe(text)


def environment(root: Path) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = []
    if (root / OVERRIDES).is_dir():
        loaders.append(jinja2.FileSystemLoader(root / OVERRIDES))
    loaders.append(jinja2.PackageLoader("generator", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["wan"] = _wan
    env.filters["pct"] = _pct
    env.filters["esc"] = esc
    env.filters["ident"] = _ident
    env.filters["anchor"] = _anchor
    env.filters["plain"] = _plain
    env.tests["table"] = lambda v: isinstance(v, Table)
    return env
