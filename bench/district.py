#!/usr/bin/env python
"""The district benchmark: ONE table from ONE run on the demo district (71 units × 5 years by default).

    python bench/district.py                         # the whole demo district (several minutes)
    python bench/district.py --units 8 --years 2     # a quick look
    python bench/district.py --json district.json    # also save the numbers

What one run does, in a throwaway folder (nothing is asserted; one run, no repetitions):

1. `python -m generator demo` writes the district (not timed).
2. First build, cold chart cache, in a child process that does what `python -m generator build`
   does, stage by stage: load, derive, check, render (pages), charts (drawn or read from the
   disk cache), write, then MkDocs (strict, with the budget plugin reusing the generated result),
   the link check and the publishing swap. `total` is all of it, in-process (interpreter start-up
   and imports excluded, as for the baseline).
3. Baseline: the same generated Markdown built by plain MkDocs, budget plugin off (a temporary
   mkdocs.yml without `- budget`, with the nav the generator made), in a child process.
4. No-change rebuild: the real command `python -m generator build`, wall time with start-up.
5. One-unit rebuild: one duty sentence of one unit's latest YAML edited, then the stage-timed
   build again (page cache and chart cache warm; MkDocs rebuilds the whole site).
5b. Full build from a clean checkout with .cache/ restored (what CI gets when it keeps the build
   cache, docs/ci.md): the project copied to a new folder without the generated folder, the site
   and the build record (.cache/builds/);
   drawn charts, made workbooks and rendered pages kept (.cache/charts, downloads, pages), then the
   stage-timed build. A routine build: every build but a project's very first.
6. Site size, HTML pages, the largest page, peak memory (ru_maxrss of the build's process and of
   its children, the largest), and search bytes/time for the first query when a probe exists
   (`bench/search_probe.py` with `first_query(site_dir) -> {"bytes": int, "seconds": float}`;
   otherwise "n/a").
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
PROBE = Path(__file__).resolve().parent / "search_probe.py"


# =============================================================== child processes

def _quiet() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        import jieba
        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux: KiB


class Clock:
    """Wall and CPU seconds per stage (CPU: this process, all its threads, and its finished child
    processes, such as the workbook workers and Pagefind): a shared machine's load stretches wall
    time, CPU time much less."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.mark = self.now()

    @staticmethod
    def now() -> tuple[float, float]:
        t = os.times()
        return time.perf_counter(), t.user + t.system + t.children_user + t.children_system

    def add(self, name: str, since: tuple[float, float]) -> None:
        w, c = self.now()
        self.wall[name] = self.wall.get(name, 0.0) + w - since[0]
        self.cpu[name] = self.cpu.get(name, 0.0) + c - since[1]

    def lap(self, name: str, minus: str | None = None) -> None:
        """The time since the last lap goes to `name` (less what `minus` took meanwhile)."""
        before = (self.wall.get(minus, 0.0), self.cpu.get(minus, 0.0)) if minus else (0.0, 0.0)
        self.add(name, self.mark)
        if minus:
            self.wall[name] -= before[0]
            self.cpu[name] -= before[1]
        self.mark = self.now()

    def timed(self, name: str, fn: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            since = self.now()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(name, since)
        return wrapper


def build_worker(root: Path, site_dir: Path) -> dict[str, Any]:
    """One `build`, as generator/cli.py does it, each stage timed."""
    from generator import check, cli, cores, downloads, heap, linkcheck, pipeline
    from generator.charts import cache as chart_cache
    from generator.load import load
    from generator.pages import nav
    from generator.unitkeys import unit_keys
    from generator.view import derive
    from generator.writer import write_tree

    _quiet()
    root = root.resolve()
    counts: dict[str, int] = {}
    clock = Clock()
    real_resolve = chart_cache.resolve

    def resolve(b: Any, *args: Any) -> Any:
        out = clock.timed("charts", real_resolve)(b, *args)
        counts.update(charts_distinct=len(b.specs), charts_drawn=b.drawn, charts_reused=b.reused)
        return out

    chart_cache.resolve = resolve  # type: ignore[assignment]
    linkcheck.check_site = clock.timed("linkcheck", linkcheck.check_site)  # type: ignore[assignment]
    cli._mkdocs_build = clock.timed("mkdocs", cli._mkdocs_build)  # type: ignore[assignment]
    start = clock.now()
    with heap.generation(), cores.pool():  # as pipeline.generate: forked before the data is loaded
        clock.lap("workers")
        data = load(root)
        heap.settled()
        clock.lap("load")
        views = derive(data)
        heap.settled()
        clock.lap("derive")
        findings = check.check(data, views)
        clock.lap("check")
        out = root / "content" / pipeline.GENERATED
        units = unit_keys(data)
        offered = downloads.make(data, views, out, units)
        clock.lap("downloads")
        files = {**pipeline.render_site(root, data, views, offered, units), **offered.files}
        clock.lap("render", minus="charts")
    # The worker processes' CPU time (workbooks, charts) counts once they have ended, here: it is
    # its own row, and the wall time it took is inside downloads and charts.
    clock.lap("workers")
    report = write_tree(out, files)
    clock.lap("write")
    pages = len(files)
    del files, views  # as in `generate`, which keeps neither once the pages are written
    pipeline.remember(root, pipeline.Result(data, nav(data, f"{pipeline.GENERATED}/"), report, findings))
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    cli.build_site(root, site_dir)
    clock.lap("publish", minus="mkdocs")  # the fingerprint, the swap, the message
    clock.add("total", start)
    for d in (clock.wall, clock.cpu):
        d["mkdocs"] -= d["linkcheck"]  # check_site runs inside _mkdocs_build
    return {"seconds": clock.wall, "cpu": clock.cpu, "peak_mb": _peak_mb(), "pages": pages,
            "written": len(report.written), "disclosures": len(data.entries),
            "nav": nav(data, f"{pipeline.GENERATED}/"), **counts}


def baseline_worker(config_file: Path, site_dir: Path) -> dict[str, Any]:
    """Plain MkDocs on the generated Markdown: no budget plugin, not strict (its pages link as the plugin would)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _quiet()
    clock = Clock()
    start = clock.now()
    build(load_config(config_file=str(config_file), site_dir=str(site_dir), strict=False))
    clock.add("total", start)
    return {"seconds": clock.wall["total"], "cpu": clock.cpu["total"], "peak_mb": _peak_mb()}


def _child(mode: str, *args: Path) -> dict[str, Any]:
    out = Path(tempfile.mktemp(prefix="district-", suffix=".json"))
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, __file__, "--worker", mode, *map(str, args), "--out", str(out)],
                          env=env, capture_output=True, text=True, cwd=args[0].parent)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{mode}: failed (exit {proc.returncode})")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


# =============================================================== steps of the run

def baseline_config(root: Path, nav: list[Any]) -> Path:
    """mkdocs.yml without the budget plugin, with the nav the generator made (and the hand-written pages)."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    without = re.sub(r"^  - budget\s*$", "", text, count=1, flags=re.M)
    if without == text:
        raise SystemExit("mkdocs.yml: no '  - budget' line under plugins to remove for the baseline")
    handwritten = sorted(p.relative_to(root / "content").as_posix() for p in (root / "content").rglob("*.md")
                         if not p.relative_to(root / "content").as_posix().startswith("generated/"))
    path = root / "mkdocs-baseline.yml"
    path.write_text(without + "\nnav: " + json.dumps(nav + handwritten, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def edit_one_unit(root: Path) -> str:
    """Change one duty sentence of the last unit's latest year; returns the file changed."""
    latest = max((root / "data" / "units").glob("*/*.yaml"), key=lambda p: (p.stem, p.parent.name))
    text = latest.read_text(encoding="utf-8")
    changed = text.replace("贯彻执行", "认真贯彻执行", 1)
    if changed == text:
        raise SystemExit(f"{latest}: no duty sentence to edit")
    latest.write_text(changed, encoding="utf-8")
    return latest.relative_to(root).as_posix()


def clean_checkout(root: Path, dest: Path) -> Path:
    """A copy of the project as a fresh clone with CI's cache restored would have it, in a new
    folder: without the generated folder, the site and the build record (.cache/builds/). Copied
    rather than deleted in place: on some file systems, files created right after thousands were
    deleted under the same paths take five times longer (3.2 s instead of 0.6 s to write the
    district's generated folder), which a fresh clone never meets."""
    skip = {root / "content" / "generated", root / "site", root / ".cache" / "builds"}
    shutil.copytree(root, dest, ignore=lambda folder, names: [n for n in names if Path(folder) / n in skip])
    os.sync()
    return dest


def cli_build(root: Path) -> tuple[float, float, str]:
    """`python -m generator build` as a user runs it: wall and CPU seconds (the child's), and its last line."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"],
                          env=env, capture_output=True, text=True, cwd=root)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, cpu, proc.stdout.strip().splitlines()[-1]


def site_figures(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {"site_bytes": sum(p.stat().st_size for p in files), "files": len(files), "html_pages": len(pages),
            "largest_bytes": largest.stat().st_size, "largest_page": largest.relative_to(site).as_posix(),
            "over_150k": sum(1 for p in pages if p.stat().st_size > 150 * 1024)}


def search_probe(site: Path) -> dict[str, Any] | None:
    if not PROBE.is_file():
        return None
    spec = importlib.util.spec_from_file_location("search_probe", PROBE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result: dict[str, Any] = module.first_query(site)
    return result


# =============================================================== the table

STAGES = ("load", "derive", "check", "downloads", "render", "charts", "workers", "write")


def warm_share(build: dict[str, Any]) -> tuple[str, str]:
    w, c = build["seconds"], build["cpu"]
    gw, gc = sum(w[k] for k in STAGES), sum(c[k] for k in STAGES)
    return f"{gw:.1f} s, {100 * gw / w['total']:.0f}%", f"{gc:.1f} s, {100 * gc / c['total']:.0f}%"


def table(r: dict[str, Any]) -> str:
    first, again, base = r["first"], r["one_unit"], r["baseline"]
    w, c = first["seconds"], first["cpu"]
    gen_w, gen_c = sum(w[k] for k in STAGES), sum(c[k] for k in STAGES)
    both = lambda k: (f"{w[k]:.1f} s", f"{c[k]:.1f} s")  # noqa: E731
    search = r["search"]
    rows: list[tuple[str, str, str, str]] = [
        ("disclosures / pages generated", f"{first['disclosures']} / {first['pages']}", "", ""),
        ("total build, first ever (empty .cache/)", *both("total"), "≤ 1.3 × baseline"),
        ("plain MkDocs baseline (no plugin)", f"{base['seconds']:.1f} s", f"{base['cpu']:.1f} s", ""),
        ("ratio total / baseline", f"{w['total'] / base['seconds']:.2f}", f"{c['total'] / base['cpu']:.2f}", "≤ 1.30"),
        ("generator stages (sum), share of total", f"{gen_w:.1f} s, {100 * gen_w / w['total']:.0f}%",
         f"{gen_c:.1f} s, {100 * gen_c / c['total']:.0f}%", "≤ 25%"),
        ("  load", *both("load"), ""), ("  derive", *both("derive"), ""), ("  check", *both("check"), ""),
        ("  downloads (CSV, XLSX, JSON, data package)", *both("downloads"), ""),
        ("  render (pages, without charts)", *both("render"), ""),
        (f"  charts ({first['charts_distinct']} distinct, {first['charts_drawn']} drawn)", *both("charts"), ""),
        ("  worker processes (workbooks, charts: CPU; wall inside the two)", *both("workers"), ""),
        ("  write", *both("write"), ""),
        ("MkDocs (strict, budget plugin)", *both("mkdocs"), ""),
        ("link check", *both("linkcheck"), ""),
        ("fingerprint + publish", *both("publish"), ""),
        ("clean checkout, .cache/ restored: total", f"{r['warm']['seconds']['total']:.1f} s",
         f"{r['warm']['cpu']['total']:.1f} s", "≤ 1.3 × baseline"),
        ("  ratio total / baseline", f"{r['warm']['seconds']['total'] / base['seconds']:.2f}",
         f"{r['warm']['cpu']['total'] / base['cpu']:.2f}", "≤ 1.30"),
        ("  generator stages, share of total", *warm_share(r["warm"]), "≤ 25%"),
        ("  stages (wall): " + ", ".join(f"{k} {r['warm']['seconds'][k]:.1f}"
                                         for k in (*STAGES, "linkcheck", "mkdocs")), "", "", ""),
        ("no-change rebuild (CLI, incl. start-up)", f"{r['no_change']:.2f} s", f"{r['no_change_cpu']:.2f} s",
         "< 1 s, writes nothing"),
        ("one-unit rebuild: total", f"{again['seconds']['total']:.1f} s", f"{again['cpu']['total']:.1f} s", ""),
        ("  of which MkDocs", f"{again['seconds']['mkdocs']:.1f} s", f"{again['cpu']['mkdocs']:.1f} s", ""),
        ("  render (page cache) / files written", f"{again['seconds']['render']:.2f} s / {again['written']}",
         f"{again['cpu']['render']:.2f} s", "only that unit's"),
        ("peak memory (build; baseline)", f"{max(first['peak_mb'], again['peak_mb'], r['warm']['peak_mb']):.0f} MB",
         f"baseline {base['peak_mb']:.0f} MB", "< 1024 MB"),
        ("site size / files / HTML pages", f"{r['site']['site_bytes'] / 1e6:.1f} MB / {r['site']['files']} / "
         f"{r['site']['html_pages']}", "", ""),
        ("largest page", f"{r['site']['largest_bytes'] / 1024:.0f} KB", r["site"]["largest_page"], "≤ 150 KB"),
        ("pages over 150 KB", str(r["site"]["over_150k"]), "", "0"),
        ("search: first query bytes / time", "n/a" if search is None else
         f"{search['bytes'] / 1024:.0f} KB / {search['seconds']:.2f} s", "", "< 600 KB, < 1 s"),
    ]
    head = ("measure", "wall", "CPU", "target")
    widths = [max(len(row[i]) for row in (head, *rows)) for i in range(4)]
    line = lambda row: "| " + " | ".join(x.ljust(n) for x, n in zip(row, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(head), "|" + "|".join("-" * (n + 2) for n in widths) + "|", *map(line, rows)])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--units", type=int, default=71)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", type=Path, help="also save the numbers to this JSON file")
    p.add_argument("--keep", action="store_true", help="keep the temporary project and sites (path printed)")
    p.add_argument("--worker", nargs=3, metavar=("MODE", "A", "B"), help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        mode, a, b = args.worker
        result = build_worker(Path(a), Path(b)) if mode == "build" else baseline_worker(Path(a), Path(b))
        args.out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0

    from generator.demo import make_demo

    tmp = Path(tempfile.mkdtemp(prefix="budget-district-"))
    try:
        root = tmp / "project"
        make_demo(root, args.units, args.years, args.seed)
        say = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731
        say(f"district: {args.units} units × {args.years} years in {root}; first build…")
        r: dict[str, Any] = {"units": args.units, "years": args.years, "seed": args.seed}
        r["first"] = _child("build", root, root / "site")
        r["site"] = site_figures(root / "site")
        say("baseline (plain MkDocs)…")
        r["baseline"] = _child("baseline", baseline_config(root, r["first"].pop("nav")), tmp / "baseline-site")
        say("no-change rebuild…")
        r["no_change"], r["no_change_cpu"], r["no_change_said"] = cli_build(root)
        r["edited"] = edit_one_unit(root)
        say(f"one-unit rebuild ({r['edited']})…")
        r["one_unit"] = _child("build", root, root / "site")
        r["one_unit"].pop("nav")
        say("full build from a clean checkout with .cache/ restored (generated folder, site, build record left out)…")
        checkout = clean_checkout(root, tmp / "checkout")
        r["warm"] = _child("build", checkout, checkout / "site")
        r["warm"].pop("nav")
        r["search"] = search_probe(checkout / "site")
    finally:
        if args.keep:
            print(f"kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"python bench/district.py --units {args.units} --years {args.years} --seed {args.seed}  "
          f"({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    print(table(r))
    if args.json:
        args.json.write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
