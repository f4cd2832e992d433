"""Changing one unit's YAML renders only that unit's pages: the other disclosures' pages are reused.

A disclosure's pages (Page.owner) are made from its own data files — every year of its unit that
the build includes, since pages may compare with other years — and from inputs every page shares:
data/site.yaml, data/glossary.yaml, data/codes/, the project's templates/, the generator's own code
and templates, and the installed packages. The key of a disclosure hashes exactly those. A page
that reads anything else (another unit, the district) must have no owner: it is rendered on every
build.

The pages themselves are not stored twice: the cache keeps, per key, the path and SHA-256 of each
page, and a hit reads the text back from content/generated/ (which the writer keeps) and checks
the hash; a missing or edited page makes it a miss. The checks still run over every disclosure on
every build: only rendering is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import defaultdict
from pathlib import Path

from generator import freshness
from generator.load import Dataset
from generator.view import Key, View
from generator.writer import atomic_write

_PACKAGE = Path(__file__).resolve().parent


def _digest(path: Path) -> bytes:
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


class PageCache:
    """Keys of a build's disclosures, and the pages stored under them."""

    def __init__(self, data: Dataset, generated: Path) -> None:
        root = Path(data.root)
        self.folder = root / ".cache" / "pages"
        self.generated = generated
        shared = hashlib.sha256(json.dumps(freshness.packages()).encode("utf-8"))
        for path in sorted([root / "data" / "site.yaml", root / "data" / "glossary.yaml",
                            *(root / "data" / "codes").glob("*.yaml"), *freshness.files(root / "templates"),
                            *freshness.files(_PACKAGE)]):
            shared.update(str(path).encode("utf-8") + b"\0" + _digest(path))
        files: dict[str, list[str]] = defaultdict(list)
        for e in data.entries:
            files[e.data.unit.code].append(e.source.rel)
        self._keys: dict[str, str] = {}
        for code, rels in files.items():
            h = shared.copy()
            for rel in sorted(rels):
                h.update(rel.encode("utf-8") + b"\0" + _digest(root / rel))
            self._keys[code] = h.hexdigest()

    def key(self, owner: Key) -> str:
        return hashlib.sha256(f"{self._keys[owner[0]]}:{owner[0]}:{owner[1]}".encode()).hexdigest()

    def _manifest(self, owner: Key) -> Path:
        k = self.key(owner)
        return self.folder / k[:2] / f"{k}.json"

    def load(self, owner: Key) -> dict[str, str] | None:
        """The pages stored for this disclosure's current inputs, or None (render them)."""
        try:
            listed = json.loads(self._manifest(owner).read_text(encoding="utf-8"))
            pages = {}
            for rel, digest in listed.items():
                text = (self.generated / rel).read_text(encoding="utf-8")
                if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
                    return None
                pages[rel] = text
        except (OSError, ValueError, AttributeError, TypeError, UnicodeDecodeError):
            return None
        return pages or None

    def store(self, owner: Key, pages: dict[str, str]) -> None:
        """Remember the pages rendered for this disclosure (a failure only costs a render next time)."""
        listed = {rel: hashlib.sha256(text.encode("utf-8")).hexdigest() for rel, text in sorted(pages.items())}
        with contextlib.suppress(OSError):
            atomic_write(self._manifest(owner), json.dumps(listed, ensure_ascii=False) + "\n")


def reusable(cache: PageCache, views: dict[Key, View]) -> dict[Key, dict[str, str]]:
    """The stored pages of every disclosure whose inputs are unchanged."""
    out = {}
    for k in views:
        pages = cache.load(k)
        if pages is not None:
            out[k] = pages
    return out
