"""Workbooks at district scale (books.py): made once per input, reused from the project's cache
across clean checkouts, made in worker processes only where that is safe, and the same bytes
whichever way they were made."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import cores
from generator.demo import make_demo
from generator.downloads import books, workbook
from generator.load import load
from generator.pipeline import generate
from generator.view import derive

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("books") / "project"
    make_demo(root, units=5, years=2, seed=3)  # 10 workbooks: enough for worker processes
    return root


def wanted(root: Path) -> list[books.Book]:
    views = derive(load(root))
    return [books.Book(v.d.unit.name, v.d.year, tuple(v.statutory_tables())) for _, v in sorted(views.items())]


def test_workbooks_made_in_worker_processes_are_those_made_one_by_one(district: Path) -> None:
    # A fresh interpreter: this one may already run vl-convert's threads, and then nothing is forked.
    script = f"""
import hashlib, json, sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from tests.test_downloads_books import wanted
from generator import cores
from generator.downloads import books
todo = wanted(Path({str(district)!r}))
with cores.pool():
    parallel, stats = books.make_all(todo, None)
serial, stats1 = books.make_all(todo, None)
print(json.dumps({{"n": len(todo), "parallel": stats.parallel, "serial_parallel": stats1.parallel,
                  "same": parallel == serial, "distinct": len(set(serial))}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO)
    got = json.loads(out.stdout)
    assert got == {"n": 10, "parallel": True, "serial_parallel": False, "same": True, "distinct": 10}


def test_a_cached_workbook_is_used_only_when_it_carries_the_wanted_fingerprint(district: Path, tmp_path: Path) -> None:
    todo = wanted(district)
    cache = tmp_path / "cache"
    first, stats = books.make_all(todo, cache)
    assert (stats.made, stats.reused) == (10, 0)
    entries = sorted(cache.rglob("*.xlsx"))
    assert len(entries) == 10
    again, stats = books.make_all(todo, cache)
    assert (stats.made, stats.reused) == (0, 10) and again == first
    entries[0].write_bytes(entries[0].read_bytes()[:500])  # truncated
    entries[1].write_bytes(entries[2].read_bytes())  # another workbook's file under this name
    third, stats = books.make_all(todo, cache)
    assert (stats.made, stats.reused) == (2, 8) and third == first
    assert entries[1].read_bytes() != entries[2].read_bytes()  # the right one stored again


def test_a_process_with_other_threads_makes_workbooks_one_by_one(district: Path) -> None:
    todo = wanted(district)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not cores.single_threaded()
        with cores.pool():
            _, stats = books.make_all(todo, None)
    finally:
        stop.set()
        other.join()
    assert stats.made == 10 and not stats.parallel


def test_a_clean_checkout_with_the_cache_restored_makes_no_workbook(district: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(district, root)
    generate(root)
    out = root / "content" / "generated"
    made_before = sorted(p.name for p in out.rglob("*.xlsx"))
    assert made_before
    shutil.rmtree(root / "content" / "generated")  # what CI starts from, with .cache/ restored

    def refuse(*args: object) -> bytes:
        raise AssertionError("a workbook was made again")

    monkeypatch.setattr(workbook, "build", refuse)
    generate(root)
    assert sorted(p.name for p in out.rglob("*.xlsx")) == made_before


def test_a_killed_worker_costs_time_not_the_build(district: Path) -> None:
    script = f"""
import json, os, sys
sys.path.insert(0, {str(REPO)!r})
from pathlib import Path
from tests.test_downloads_books import wanted
from generator import cores
from generator.downloads import books
todo = wanted(Path({str(district)!r}))
parent, real = os.getpid(), books._build
def dying(job):
    if os.getpid() != parent:
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return real(job)
books._build = dying
with cores.pool():
    made, stats = books.make_all(todo, None)
books._build = real
print(json.dumps({{"parallel": stats.parallel, "same": made == books.make_all(todo, None)[0]}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO)
    assert json.loads(out.stdout) == {"parallel": True, "same": True}
