"""The build's worker processes, one per core, for its CPU-bound steps (workbooks, charts).

The workbook writer is pure Python and holds the GIL, and vl-convert (1.9) draws on one JavaScript runtime
per process, whichever thread calls it: threads do not help either, processes do. The workers are
forked, which needs no re-import of the program that called the build (`forkserver` and `spawn`
re-run its main script), and only:

- while the process has a single thread (counted by the OS, native threads included): a fork
  copies no other thread, and one that holds a lock (as vl-convert's and a dev server's may)
  would leave it held in the child for ever. Otherwise, as on a `serve` rebuild, the steps run
  one after another in the process;
- early: a generation opens `pool()` before it loads the data (pipeline.generate), while the
  process is small. Forked from a process holding a district (~700 MB), each worker would start
  with all of it in its page tables, and its garbage collector would write to every inherited
  object, copying the page: measured, 10 s of CPU more for the district's workbooks.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

MAX_WORKERS = 8
_pool: ContextVar[ProcessPoolExecutor | None] = ContextVar("build_workers", default=None)


def workers() -> int:
    """One per core the process may run on, at most MAX_WORKERS."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, MAX_WORKERS))


def single_threaded() -> bool:
    """True when the process runs one thread, counted by the OS (native threads included)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: not Linux, so no fork either
        return False


def _ready() -> None:
    """A first task: a fork pool starts all its workers with it."""


@contextmanager
def pool() -> Iterator[ProcessPoolExecutor | None]:
    """Fork the workers now (when it is safe and there is more than one core) for `current()`
    inside the block; yields the pool, or None. Nested, the outer pool serves."""
    outer = _pool.get()
    if outer is not None or workers() < 2 or not single_threaded():
        yield outer
        return
    with ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("fork")) as executor:
        executor.submit(_ready).result()
        token = _pool.set(executor)
        try:
            yield executor
        finally:
            _pool.reset(token)


def current() -> ProcessPoolExecutor | None:
    """The pool `pool()` opened around this call, if any."""
    return _pool.get()


def chunk(items: int) -> int:
    """Tasks per message: a few chunks per worker, so that none waits long for the last one."""
    return max(1, items // (workers() * 4))


def start(fn: Callable[[Any], Any], items: Sequence[Any], parallel_from: int) -> Callable[[], list[Any]]:
    """Begin `fn` over `items` on the workers (when a pool is open and there are enough items) and
    return what collects the results, in order; without workers, the collector runs them here. A
    worker killed meanwhile (out of memory?) costs time, not the build: the items are run here.
    `fn` must be a module-level function (sent to the workers by name)."""
    executor = current()
    if executor is None or len(items) < parallel_from:
        return lambda: [fn(item) for item in items]
    try:
        results = executor.map(fn, items, chunksize=chunk(len(items)))
    except BrokenProcessPool:  # a worker died earlier: the pool takes no more work
        return lambda: [fn(item) for item in items]

    def collect() -> list[Any]:
        try:
            return list(results)
        except BrokenProcessPool:
            return [fn(item) for item in items]
    return collect


def run_all(fn: Callable[[Any], Any], items: Sequence[Any], parallel_from: int) -> list[Any]:
    """`fn` over `items` in order, on the workers when worth it (`start`)."""
    return start(fn, items, parallel_from)()
