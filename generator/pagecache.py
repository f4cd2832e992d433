"""Changing one unit's YAML renders only that unit's pages: the other disclosures' pages are reused.

A disclosure's pages (Page.owner) are made from its own data files — every year of its unit that
the build includes, since pages may compare with other years — and from inputs every page shares:
data/site.yaml, data/glossary.yaml, data/codes/, the project's templates/, the generator's own code
and templates, and the installed packages; and it lists the disclosure's downloads with their
sizes. The key of a disclosure hashes exactly those, the data files by the text `load` read (the
unit's part is unitkeys.py, which the downloads' cache keys by too). A page
that reads anything else (another unit, the district) must have no owner: it is rendered on every
build.

The cache keeps, per key, the disclosure's rendered pages in one gzip-compressed JSON file under
.cache/pages/ (a district's 57 MB of Markdown take 6 MB), so a clean checkout whose CI restores
.cache/ renders nothing that has not changed. A damaged or truncated file fails gzip's check or
JSON's parse and is a miss. The checks still run over every disclosure on every build: only
rendering is skipped.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator import diskcache
from generator.downloads import Downloads
from generator.load import Dataset
from generator.unitkeys import unit_keys
from generator.view import Key, View


class PageCache:
    """Keys of a build's disclosures, and the pages stored under them."""

    def __init__(self, data: Dataset, offered: Downloads | None = None, units: dict[str, str] | None = None) -> None:
        """`units`: unitkeys.unit_keys(data) (the unit's inputs, shared with the downloads' cache), when
        the caller has them already."""
        self.folder = Path(data.root) / ".cache" / "pages"
        self.offered = offered
        self._keys = unit_keys(data) if units is None else units

    def key(self, owner: Key) -> str:
        """The unit's inputs, the disclosure, and the downloads its pages list (with their sizes)."""
        links = repr(self.offered.of(owner)) if self.offered else ""
        return hashlib.sha256(f"{self._keys[owner[0]]}:{owner[0]}:{owner[1]}:{links}".encode()).hexdigest()

    def _file(self, owner: Key) -> Path:
        k = self.key(owner)
        return diskcache.entry(self.folder, k, ".json.gz")

    def load(self, owner: Key) -> dict[str, str] | None:
        """The pages stored for this disclosure's current inputs, or None (render them)."""
        raw = diskcache.read_gzip(self._file(owner))
        try:
            pages = json.loads(raw.decode("utf-8")) if raw is not None else None
        except ValueError:  # damaged
            return None
        if not isinstance(pages, dict) or not all(isinstance(v, str) for v in pages.values()):
            return None
        return pages or None

    def store(self, owner: Key, pages: dict[str, str]) -> None:
        """Remember the pages rendered for this disclosure (a failure only costs a render next time)."""
        text = json.dumps(dict(sorted(pages.items())), ensure_ascii=False)
        diskcache.write_gzip(self._file(owner), text.encode("utf-8"))


def reusable(cache: PageCache, views: dict[Key, View]) -> dict[Key, dict[str, str]]:
    """The stored pages of every disclosure whose inputs are unchanged."""
    out = {}
    for k in views:
        pages = cache.load(k)
        if pages is not None:
            out[k] = pages
    return out
