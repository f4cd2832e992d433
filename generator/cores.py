"""How many workers a build uses for its parallel steps (charts, workbooks)."""

from __future__ import annotations

import os

MAX_WORKERS = 8


def workers() -> int:
    """One per core the process may run on, at most MAX_WORKERS."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_WORKERS))
