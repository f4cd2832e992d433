"""The garbage collector during a generation: fewer collections, and none that walks the loaded data.

A generation allocates millions of objects that live until it ends (the district's models, views
and tables: ~200 MB) and almost no reference cycles, which are all the collector is for (the rest
is freed by reference counting). With the default thresholds the collector ran ten full
collections over that heap during load, derive and check: 2.1–2.8 s of a district's ~6 s. So,
within `generation()`:

- collections start after 50,000 new objects instead of 700, and full ones far more rarely;
- `settled()`, called once a stage's results are kept (after load, after derive), moves every
  object alive into the collector's permanent generation, which no collection walks again.

On leaving, the thresholds are restored and the permanent generation is given back, so a long
`serve` session frees a finished build's data as before. Measured on the district (CPU): load
1.6 → 0.8 s, derive 2.4 → 1.1 s; peak memory 222 → 227 MB.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 100)
_depth = 0


@contextmanager
def generation() -> Iterator[None]:
    """Collect rarely inside this block (nested blocks: the outermost one decides)."""
    global _depth
    before = gc.get_threshold()
    _depth += 1
    if _depth == 1:
        gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*before)
            gc.unfreeze()


def settled() -> None:
    """Everything alive now stays alive for the rest of the generation: no collection walks it."""
    if _depth:
        gc.freeze()
