"""Every workbook of a build: reused when its input has not changed, made on every core otherwise.

A disclosure's workbook takes ~7 ms of CPU to write (xlsx.py), 2.2 s for a district of 350. Each
workbook carries the fingerprint of everything its bytes depend on (workbook.fingerprint), so:

- a workbook is looked for in the project's cache, `.cache/downloads/`, keyed by that
  fingerprint (every workbook made is stored there): a rebuild, or a build from a clean checkout
  whose CI restores `.cache/`, makes none again. A cached file is used only when the fingerprint it carries
  is the one wanted, so a damaged or foreign file is made again, never served;
- the others are made on the build's worker processes (cores.py) while the CSVs and JSON are
  written; without them (a `serve` rebuild), one after another.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import cores, diskcache
from generator.downloads import workbook, zipfixed
from generator.tablemodel import Table
from generator.writer import atomic_write

# Below this many workbooks to make, starting worker processes costs more than it saves.
PARALLEL_FROM = 8


@dataclass(frozen=True)
class Book:
    """One disclosure's workbook to provide."""

    unit_name: str
    year: int
    tables: tuple[Table, ...]


def cache_dir(root: Path) -> Path:
    """Where a project keeps its made workbooks (git-ignored; deleting it only costs time)."""
    return root / ".cache" / "downloads"


def _cached_path(folder: Path, key: str) -> Path:
    digest = key.removeprefix(workbook.FINGERPRINT_PREFIX)
    return diskcache.entry(folder, digest, ".xlsx")


def cached(folder: Path | None, key: str) -> bytes | None:
    """The workbook kept in `folder` under the fingerprint `key`, if it carries that fingerprint."""
    if folder is None:
        return None
    try:
        data = _cached_path(folder, key).read_bytes()
    except OSError:
        return None
    return data if workbook.stored_fingerprint(data) == key else None


def _store(folder: Path | None, key: str, data: bytes) -> None:
    if folder is None:
        return
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time next build
        atomic_write(_cached_path(folder, key), data)


@dataclass(frozen=True)
class Stats:
    """What `make_all` did, for the bench and the tests."""

    made: int
    reused: int
    parallel: bool  # made in worker processes


class Pending:
    """Workbooks being made while the caller does other work; `result()` waits for them."""

    def __init__(self, books: Sequence[Book], cache: Path | None, when: dt.datetime | None) -> None:
        self.cache = cache
        when = when or zipfixed.build_time()
        created = workbook.stamp(when)
        self.keys = [workbook.fingerprint(b.unit_name, b.year, list(b.tables), created) for b in books]
        self.out: list[bytes | None] = [cached(cache, key) for key in self.keys]
        self.missing = [i for i, data in enumerate(self.out) if data is None]
        jobs = [(books[i].unit_name, books[i].year, list(books[i].tables), self.keys[i], when) for i in self.missing]
        self.collect = cores.start(_build, jobs, PARALLEL_FROM)
        parallel = cores.current() is not None and len(jobs) >= PARALLEL_FROM
        self.stats = Stats(len(self.missing), len(books) - len(self.missing), parallel)

    def result(self) -> list[bytes]:
        """The bytes of every workbook, in the order of the books given."""
        for i, data in zip(self.missing, self.collect(), strict=True):
            self.out[i] = data
            _store(self.cache, self.keys[i], data)
        self.missing = []
        return [data for data in self.out if data is not None]


def start(books: Sequence[Book], cache: Path | None, when: dt.datetime | None = None) -> Pending:
    """Start making the workbooks that cannot be reused: on the workers of the `cores.pool()` open
    around this call, else one after another when `result()` is asked for."""
    return Pending(books, cache, when)


def make_all(books: Sequence[Book], cache: Path | None, when: dt.datetime | None = None) -> tuple[list[bytes], Stats]:
    """The bytes of every workbook, in the order of `books`, and what was made or reused."""
    pending = start(books, cache, when)
    return pending.result(), pending.stats


_Job = tuple[str, int, list[Table], str, dt.datetime]


def _build(job: _Job) -> bytes:
    return workbook.build(*job)
