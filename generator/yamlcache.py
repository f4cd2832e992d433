"""Parsed data files kept between builds: the fast loader's tree of a YAML text, as JSON.

Parsing is most of `load`: ~9 ms a file through ruamel's constructors, 3 s for a district of 350
disclosures, on every build, although the files rarely change. A tree read back from JSON (the
standard library's C decoder, then one pass that rebuilds the containers and their positions)
costs a fraction of that. An entry is found by the SHA-256 of the file's text together with the
code that parses it (yamlfast, this module, ruamel's version), so an edited file, or a new
parser, is parsed again; an entry that does not decode is ignored. Only the fast loader's trees
are kept: a file the careful loader reads (an anchor, a tag, an error) is parsed every time, so
its message is always the careful loader's.

Encoding: a mapping is {"m": [[key, value, key line, key column, value line, value column], …]},
a sequence {"s": [[item, line, column], …]}, a decimal {"d": "1.50"}, a date {"t": "2024-03-01"}
(a date and time {"T": …}); strings, integers, booleans and null are themselves.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import ruamel.yaml

from generator import diskcache, freshness
from generator.writer import atomic_write
from generator.yamlfast import PosDict, Positions, PosList

_SALT = freshness.code_digest("generator.yamlfast", "generator.yamlcache") + f" ruamel {ruamel.yaml.__version__}"


class _Damaged(ValueError):
    """An entry that is not an encoded tree."""


def cache_dir(root: Path) -> Path:
    """Where a project keeps its parsed files (git-ignored; deleting it only costs time)."""
    return root / ".cache" / "yaml"


def entry(folder: Path | None, text: str) -> Path | None:
    """Where the tree of `text` is kept in `folder` (None: no cache)."""
    if folder is None:
        return None
    digest = hashlib.sha256((_SALT + "\n" + text).encode("utf-8")).hexdigest()
    return diskcache.entry(folder, digest, ".json")


def encode(node: Any) -> Any:
    if isinstance(node, PosDict):
        lc = node.lc
        return {"m": [[k, encode(v), *lc.key(k), *lc.value(k)] for k, v in node.items()]}
    if isinstance(node, PosList):
        return {"s": [[encode(v), *node.lc.item(i)] for i, v in enumerate(node)]}
    if isinstance(node, Decimal):
        return {"d": str(node)}
    if isinstance(node, dt.datetime):
        return {"T": node.isoformat()}
    if isinstance(node, dt.date):
        return {"t": node.isoformat()}
    if node is None or isinstance(node, str | bool | int):
        return node
    raise TypeError(f"not a tree of the fast loader: {type(node).__name__}")


def decode(obj: Any) -> Any:
    if not isinstance(obj, dict):
        return obj
    if "m" in obj:
        out, lc = PosDict(), Positions()
        for k, v, kl, kc, vl, vc in obj["m"]:
            out[k] = decode(v)
            lc._keys[k], lc._values[k] = [kl, kc], [vl, vc]
        out.lc = lc
        return out
    if "s" in obj:
        items, lc = PosList(), Positions()
        for v, line, col in obj["s"]:
            items.append(decode(v))
            lc._items.append([line, col])
        items.lc = lc
        return items
    if "d" in obj:
        return Decimal(obj["d"])
    if "T" in obj:
        return dt.datetime.fromisoformat(obj["T"])
    if "t" in obj:
        return dt.date.fromisoformat(obj["t"])
    raise _Damaged(f"unknown entry {sorted(obj)}")


def read(path: Path | None) -> Any | None:
    """The tree kept at `path` (an `entry`), or None."""
    if path is None:
        return None
    try:
        return decode(json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError, KeyError):  # absent or damaged
        return None


def write(path: Path | None, tree: Any) -> None:
    """Keep the fast loader's `tree` at `path` (an `entry`; a failure only costs a parse next time)."""
    if path is None:
        return
    with contextlib.suppress(OSError, TypeError):
        atomic_write(path, json.dumps(encode(tree), ensure_ascii=False, separators=(",", ":")))
