"""Charts drawn once per distinct spec: a content-addressed disk cache and a parallel batch.

vl-convert draws a chart in ~4 ms of CPU (labelfill.py) and a district has thousands of them, most
identical from one build to the next (and many identical across units). So a build renders its
pages with placeholders (`batch()`), draws only the specs it has never seen, on the build's worker
processes (one per core, cores.py) while the pages are still rendering, and puts the SVGs in.

The disk cache is keyed by the SHA-256 of the Vega-Lite spec (with the renderer's version and
the font file), so an entry can only be reused for the very same drawing. Entries are written to
a temporary file and renamed (safe with concurrent builds sharing the folder); an entry carries
the hash of its own body and one that does not match (truncated, edited) is ignored and redrawn.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vl_convert as vlc

from generator import cores, diskcache, freshness
from generator.writer import atomic_write

_TOKEN = re.compile(r"<!--budget-chart:([0-9a-f]{64}):([A-Za-z0-9_-]+)-->")


def cache_dir(root: Path) -> Path:
    """Where a project keeps its drawn charts (git-ignored; deleting it only costs time)."""
    return root / ".cache" / "charts"


def key(spec: dict[str, Any]) -> str:
    """The content hash of a drawing: the spec, the code that draws it (render.py, palette.py), the
    renderer's version and the font it measures with."""
    from generator.charts import palette

    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    code = freshness.code_digest("generator.charts.render", "generator.charts.palette", "generator.charts.labelfill")
    salt = f"vl-convert {getattr(vlc, '__version__', '?')} font {palette.FONT_FILE} code {code}\n"
    return hashlib.sha256((salt + text).encode("utf-8")).hexdigest()


def read(folder: Path, k: str) -> str | None:
    """The cached raw SVG for key `k`, or None when absent or damaged."""
    try:
        blob = diskcache.entry(folder, k, ".svg").read_bytes()
    except OSError:
        return None
    digest, _, body = blob.partition(b"\n")
    if hashlib.sha256(body).hexdigest().encode("ascii") != digest:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write(folder: Path, k: str, raw: str) -> None:
    """Store a raw SVG under its key: temporary file, then rename (readers never see half an entry)."""
    body = raw.encode("utf-8")
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time next build
        digest = hashlib.sha256(body).hexdigest().encode("ascii")
        atomic_write(diskcache.entry(folder, k, ".svg"), digest + b"\n" + body)


# Charts sent to the workers together as they are met while pages render.
STREAM_CHUNK = 8


@dataclass
class Batch:
    """Specs met while rendering pages, by key; drawn together by `resolve`. Each is looked up in
    the disk cache when met; those the cache lacks go to the build's workers (cores.py) in chunks
    as they are met, so the charts are drawn while the pages render (without workers, they are
    drawn here when the batch resolves)."""

    folder: Path | None
    draw: Callable[[dict[str, Any]], str]  # module-level: sent to the workers by name
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)
    drawn: int = 0  # how many were not in the cache (for the bench and the tests)
    reused: int = 0
    found: dict[str, str] = field(default_factory=dict)  # read from the disk cache
    queued: list[str] = field(default_factory=list)  # to send to the workers
    started: list[tuple[list[str], Callable[[], list[str]]]] = field(default_factory=list)  # keys, collector

    def met(self, k: str, spec: dict[str, Any]) -> None:
        """A spec seen for the first time: read from the disk cache, else queued to be drawn."""
        self.specs[k] = spec
        hit = read(self.folder, k) if self.folder else None
        if hit is not None:
            self.found[k] = hit
            return
        self.queued.append(k)
        if len(self.queued) >= STREAM_CHUNK:
            self.send()

    def send(self) -> None:
        """The queued specs to the workers (cores.start: drawn here when there are none, or the pool broke)."""
        if self.queued:
            self.started.append((self.queued, cores.start(self.draw, [self.specs[k] for k in self.queued], 1)))
            self.queued = []

    def collect(self) -> dict[str, str]:
        """The drawings of every spec not in the disk cache, by key."""
        self.send()
        out = {k: svg for keys, results in self.started for k, svg in zip(keys, results(), strict=True)}
        self.started = []
        return out


_batch: ContextVar[Batch | None] = ContextVar("chart_batch", default=None)


@contextmanager
def batch(folder: Path | None, draw: Callable[[dict[str, Any]], str]) -> Iterator[Batch]:
    """Within this block `render.svg` returns a placeholder, and `draw` (a module-level function)
    starts on the charts; `resolve` puts the drawings in."""
    b = Batch(folder, draw)
    token = _batch.set(b)
    try:
        yield b
    finally:
        _batch.reset(token)


def placeholder(spec: dict[str, Any], chart_id: str) -> str | None:
    """A token for the chart when a batch is open (None otherwise: draw now)."""
    b = _batch.get()
    if b is None:
        return None
    k = key(spec)
    if k not in b.specs:
        b.met(k, spec)
    return f"<!--budget-chart:{k}:{chart_id}-->"


def resolve(b: Batch, pages: dict[str, str], inline: Callable[[str, str], str]) -> dict[str, str]:
    """The pages with every placeholder replaced by its chart: cached ones read, the rest drawn."""
    drawn = b.collect()
    b.reused, b.drawn = len(b.found), len(drawn)
    for k, svg in drawn.items():
        if b.folder:
            write(b.folder, k, svg)
    raw = {**b.found, **drawn}
    return {path: _TOKEN.sub(lambda m: inline(raw[m[1]], m[2]), text) for path, text in pages.items()}
