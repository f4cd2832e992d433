"""What one unit's outputs are made from, as one digest per unit: the key by which the disk caches
of per-disclosure outputs — rendered pages (pagecache.py) and download files (downloads/kept.py) —
find their entries, so an edit to one unit's YAML makes only that unit's outputs again.

A unit's key hashes its own data files — every year of it that the build includes, since pages
and tables compare with last year — by the text `load` read (Source.digest: an edit saved after
`load` cannot slip in under the old outputs), with their paths from the project root; and the
inputs every disclosure shares: data/site.yaml, data/glossary.yaml, data/codes/, the project's
templates/, the generator package's own files (code and templates) and the installed packages.
Paths are relative to the project and to the package, so the keys are the same in another
checkout of the project (CI restoring .cache/ into a fresh folder).

What a cache's bytes depend on beyond these (the disclosure, the downloads a page lists, the
build time a workbook records) each cache adds to the unit's key itself.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

from generator import freshness
from generator.load import Dataset

_PACKAGE = Path(__file__).resolve().parent

def unit_keys(data: Dataset) -> dict[str, str]:
    """Every unit's key (hex SHA-256), by unit code, for the units in `data.entries`. A build
    computes them once (pipeline.generate) for both caches."""
    root = Path(data.root)

    def digest(base: Path, path: Path) -> bytes:
        # A data file by the text `load` read; templates and the package's own files from disk.
        source = data.sources.get(path.relative_to(root).as_posix()) if base == root else None
        return source.digest.encode("ascii") if source and source.digest else freshness.file_digest(path)

    shared = hashlib.sha256(json.dumps(freshness.packages()).encode("utf-8"))
    inputs = [(root, p) for p in [root / "data" / "site.yaml", root / "data" / "glossary.yaml",
                                  *(root / "data" / "codes").glob("*.yaml"), *freshness.files(root / "templates")]]
    inputs += [(_PACKAGE, p) for p in freshness.files(_PACKAGE)]
    for base, path in sorted(inputs, key=lambda bp: (bp[0] == _PACKAGE, str(bp[1]))):
        shared.update(path.relative_to(base).as_posix().encode("utf-8") + b"\0" + digest(base, path))
    files: dict[str, list[str]] = defaultdict(list)
    for e in data.entries:
        files[e.data.unit.code].append(e.source.rel)
    keys: dict[str, str] = {}
    for code, rels in files.items():
        h = shared.copy()
        for rel in sorted(rels):
            h.update(rel.encode("utf-8") + b"\0" + digest(root, root / rel))
        keys[code] = h.hexdigest()
    return keys
