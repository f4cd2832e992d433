"""Replace a file whole or not at all: write beside it, then rename over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_atomically(target: Path, write: Callable[[Path], None]) -> None:
    """`write(tmp)` fills a temporary file next to `target`, which is then renamed over it.

    The new file gets the old one's permissions (or the usual ones for a new file, not
    mkstemp's private 0600). On any failure the temporary file is removed, and so is a folder
    made here for the target, so nothing is left behind.
    """
    made = not target.parent.exists()
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
    fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        if made:
            target.parent.rmdir()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
