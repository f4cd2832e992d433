"""The offline review package: the same site, opened from the file system (file://), search included.

Material's own offline plugin switches MkDocs to `.html` URLs, which breaks the links our
templates write as raw HTML (`../explanation/`); it also points at unpkg for the worker shim.
So the review package keeps directory URLs and instead appends `index.html` to every relative
link that names a folder (in the pages and in the search index), inlines the search index as a
script (Material's bundle loads `search/search_index.js` under file://), and ships the local
`iframe-worker` shim from npm (scripts/setup.sh installs it into .tools/), which lets the search
worker run from file://.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.errors import HostError

SHIM_DEST = "assets/javascripts/iframe-worker-shim.js"
SHIM_SRC = Path(".tools/node_modules/iframe-worker/shim/index.js")
# The checkout this package runs from: where `make setup` (scripts/setup.sh) installs the shim.
CHECKOUT = Path(__file__).resolve().parent.parent
_HREF = re.compile(r'(\shref=")([^"]*)(")')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class ShimMissing(HostError):
    """The iframe-worker shim is not installed (`make setup` installs it)."""


def find_shim(project: Path) -> Path:
    """The shim under the project, or under the checkout this package runs from."""
    for root in (project, CHECKOUT):
        if (root / SHIM_SRC).is_file():
            return root / SHIM_SRC
    raise ShimMissing(f"{CHECKOUT / SHIM_SRC}: 找不到离线版搜索所需的文件（npm 包 iframe-worker），"
                      "请先运行 make setup 安装，再重新构建")


def file_url(url: str) -> str:
    """A relative link that works from the file system: folders get their `index.html`."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path, rest = url[:cut], url[cut:]
    if path.endswith("/"):
        path += "index.html"
    elif path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/index.html"
    return path + rest


def fix_links(output: str) -> str:
    return _HREF.sub(lambda m: m[1] + file_url(m[2]) + m[3], output)


def inline_search_index(site_dir: Path) -> None:
    """Rewrite the index's page locations and write it as `search/search_index.js`."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        where = doc["location"]
        doc["location"] = "index.html" + where if where[:1] in ("", "#") else file_url(where)
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    # `</` cannot close anything in a .js file, but keep the script inert if ever inlined.
    (path.parent / "search_index.js").write_text("var __index = " + text.replace("</", "<\\/"), encoding="utf-8")


def enabled(config: Any) -> bool:
    return bool(config.extra.get("offline"))
