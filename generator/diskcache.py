"""What the build's caches under .cache/ share: where an entry lives, and gzip entries.

An entry's file is named by its key (a hex digest) in a folder named by the key's first two
characters, so no folder holds more than a few hundred files. A gzip entry's CRC and length catch
a damaged or truncated file, which is then a miss; entries are written through a temporary file
and a rename, so a reader never sees half of one, and a cache that cannot be written only costs
time on the next build.
"""

from __future__ import annotations

import contextlib
import gzip
import zlib
from pathlib import Path

from generator.writer import atomic_write


def entry(folder: Path, key: str, suffix: str) -> Path:
    """The file of the entry `key` (a hex digest) in the cache `folder`."""
    return folder / key[:2] / f"{key}{suffix}"


def read_gzip(path: Path) -> bytes | None:
    """The bytes of a gzip entry, or None when it is absent, truncated or damaged."""
    try:
        return gzip.decompress(path.read_bytes())
    except (OSError, EOFError, zlib.error):
        return None


def write_gzip(path: Path, raw: bytes) -> None:
    """Keep `raw` as a gzip entry (fast compression, no time stamp: the same bytes every build)."""
    with contextlib.suppress(OSError):
        atomic_write(path, gzip.compress(raw, compresslevel=1, mtime=0))
