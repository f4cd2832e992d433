"""The build's worker processes (cores.py): forked only from a single-threaded process, and what
they make is what the process itself would make."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from generator import cores
from generator.charts import render, specs
from generator.charts.figure import Bar

REPO = Path(__file__).resolve().parent.parent


def chart_specs(n: int) -> list[dict[str, object]]:
    return [specs.bars([Bar("基本支出", Decimal(100 + i)), Bar("项目支出", Decimal(i + 1))], description=f"图{i}")
            for i in range(n)]


def drawn_where(spec: dict[str, object]) -> tuple[int, str]:
    """The process that drew the chart, and the chart (sent to the workers by name)."""
    return os.getpid(), render.draw(spec)


def test_charts_drawn_on_the_workers_are_the_charts_drawn_here() -> None:
    # A fresh interpreter: this one may already run vl-convert's threads, and then nothing is forked.
    script = f"""
import json, os, sys
sys.path.insert(0, {str(REPO)!r})
import pytest

from generator import cores
from generator.charts import cache, render
from tests.test_cores import chart_specs, drawn_where
todo = chart_specs(12)
with cores.pool() as pool:
    parallel = cores.run_all(drawn_where, todo, 1)
here = [render.draw(s) for s in todo]
print(json.dumps({{"pool": pool is not None, "here": any(pid == os.getpid() for pid, _ in parallel),
                  "same": [svg for _, svg in parallel] == here, "distinct": len(set(here))}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO)
    assert json.loads(out.stdout) == {"pool": True, "here": False, "same": True, "distinct": 12}


def test_no_worker_is_forked_from_a_process_with_other_threads() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not cores.single_threaded()
        with cores.pool() as pool:
            assert pool is None and cores.current() is None
            assert cores.run_all(render.draw, chart_specs(9), 4) == [render.draw(s) for s in chart_specs(9)]
    finally:
        stop.set()
        other.join()


def test_a_cache_key_changes_with_the_code_that_made_the_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import freshness
    from generator.charts import cache

    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "budget_probe_a.py").write_text("X = 1\n", encoding="utf-8")
    before = freshness.code_digest("budget_probe_a")
    freshness.code_digest.cache_clear()
    (tmp_path / "budget_probe_a.py").write_text("X = 2\n", encoding="utf-8")
    assert freshness.code_digest("budget_probe_a") != before
    spec = chart_specs(1)[0]
    drawn_by = cache.key(spec)
    monkeypatch.setattr(freshness, "code_digest", lambda *modules: "another renderer")
    assert cache.key(spec) != drawn_by



def in_a_worker(spec: dict[str, object]) -> str:
    """Draws in a worker process, leaving a mark in BUDGET_TEST_MARKS; fails in the test's own process."""
    if os.environ.get("BUDGET_TEST_PARENT") == str(os.getpid()):
        raise AssertionError("drawn in the parent")
    svg = render.draw(spec)
    (Path(os.environ["BUDGET_TEST_MARKS"]) / str(spec["description"])).touch()
    return svg


def drawn_or_killed(spec: dict[str, object]) -> str:
    """Draws, except the chart described "图3", whose worker dies (as the out-of-memory killer would end it)."""
    in_worker = os.environ.get("BUDGET_TEST_PARENT") != str(os.getpid())
    if spec.get("description") == "图3" and in_worker:
        os._exit(9)
    svg = render.draw(spec)
    if in_worker:
        (Path(os.environ["BUDGET_TEST_MARKS"]) / str(spec["description"])).touch()
    return svg


@pytest.mark.parametrize("draw", ["in_a_worker", "drawn_or_killed"])
def test_charts_met_while_pages_render_are_drawn_by_the_workers_meanwhile(draw: str, tmp_path: Path) -> None:
    # Charts go to the workers as the pages meet them (cache.Batch.met), before `resolve`; the
    # pages come out as drawn here, and a worker that dies costs time, not the build.
    script = f"""
import json, os, sys, time
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
os.environ["BUDGET_TEST_PARENT"] = str(os.getpid())
os.environ["BUDGET_TEST_MARKS"] = {str(tmp_path)!r}
from generator import cores
from generator.charts import cache, render
from tests.test_cores import chart_specs, {draw}
todo = chart_specs(20)
with cores.pool():
    with cache.batch(None, {draw}) as b:
        page = {{"p.md": "".join(render.svg(s, f"c{{i}}") for i, s in enumerate(todo))}}
        sent = len(b.started)
        until = time.monotonic() + 60  # a worker's first chart starts vl-convert
        while not any(Path({str(tmp_path)!r}).iterdir()) and time.monotonic() < until:
            time.sleep(0.05)
        done = len(list(Path({str(tmp_path)!r}).iterdir()))
    out = cache.resolve(b, page, render.inline)
here = "".join(render.inline(render.draw(s), f"c{{i}}") for i, s in enumerate(todo))
print(json.dumps({{"sent": sent, "early": done > 0, "same": out["p.md"] == here, "drawn": b.drawn}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO)
    assert json.loads(out.stdout) == {"sent": 2, "early": True, "same": True, "drawn": 20}
