"""The build's worker processes (cores.py): forked only from a single-threaded process, and what
they make is what the process itself would make."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

from generator import cores
from generator.charts import render, specs
from generator.charts.figure import Bar

REPO = Path(__file__).resolve().parent.parent


def chart_specs(n: int) -> list[dict[str, object]]:
    return [specs.bars([Bar("基本支出", Decimal(100 + i)), Bar("项目支出", Decimal(i + 1))], description=f"图{i}")
            for i in range(n)]


def test_charts_drawn_on_the_workers_are_the_charts_drawn_here() -> None:
    # A fresh interpreter: this one may already run vl-convert's threads, and then nothing is forked.
    script = f"""
import json, sys
sys.path.insert(0, {str(REPO)!r})
from generator import cores
from generator.charts import cache, render
from tests.test_cores import chart_specs
todo = chart_specs(12)
with cores.pool() as pool:
    parallel = cache.draw_all(todo, render.draw)
elsewhere = cores.single_threaded()  # no vl-convert runtime was started in this process
here = [render.draw(s) for s in todo]
print(json.dumps({{"pool": pool is not None, "elsewhere": elsewhere, "same": parallel == here,
                  "distinct": len(set(here))}}))
"""
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True, cwd=REPO)
    assert json.loads(out.stdout) == {"pool": True, "elsewhere": True, "same": True, "distinct": 12}


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
