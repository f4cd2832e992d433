#!/usr/bin/env python
"""Build-time benchmark: the sample site and sites of N synthetic disclosures, stage by stage.

    python bench/bench.py                          # sample + N = 100
    python bench/bench.py --disclosures 1 10 100   # sample + three synthetic sites
    python bench/bench.py --json bench.json        # also save the numbers

Synthetic disclosures are made deterministically (seeded `random.Random`) from the sample
data/units/103003/2024.yaml: new unit code and name, every amount scaled by a per-disclosure
factor with the totals kept consistent, some projects dropped or duplicated, years 2022–2024.
They are written to a throwaway project made by tests/conftest.py's `copy_project()` and loaded
with `generator.load.load` before anything is timed.

Each site is timed in its own child process (one run per size, no repetitions), so the peak RSS
of one size does not carry over into the next and every size starts equally cold (imports done,
MkDocs plugins and jieba's dictionary not yet loaded). Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import itertools
import json
import logging
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
import typing
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SAMPLE = REPO / "data" / "units" / "103003" / "2024.yaml"
SAMPLE_YEAR = 2024
YEARS = (2024, 2023, 2022)   # each synthetic unit publishes these years, newest first
FIRST_CODE = 900001
CENT = Decimal("0.01")
UNSCALED = {("Assets", "threshold")}  # a valuation standard (大型设备 200 万元), not money spent


# =============================================================== synthetic data

def _plain(node: Any) -> Any:
    """ruamel's commented containers and scalar subclasses → plain dict/list/str/int/Decimal/date."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, str):
        return str(node)
    if isinstance(node, int):
        return int(node)
    return node  # Decimal, date


def load_sample() -> dict[str, Any]:
    from generator.yamlsafe import load_text
    return _plain(load_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE)))


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _scale_amounts(cls: Any, node: Any, factor: Decimal) -> None:
    """Scale, in place, every field the model declares as an amount in 万元 (kind WAN)."""
    from generator import fields as K

    if not isinstance(node, dict):
        return
    hints = typing.get_type_hints(cls, include_extras=True)
    for fl in dataclasses.fields(cls):
        if fl.name not in node or node[fl.name] is None:
            continue
        tp = hints[fl.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if typing.get_origin(tp) in (typing.Union, types.UnionType):
            tp = args[0]
        if typing.get_origin(tp) is typing.Annotated:
            if typing.get_args(tp)[1] is K.WAN and (cls.__name__, fl.name) not in UNSCALED:
                node[fl.name] = _money(Decimal(node[fl.name]) * factor)
        elif typing.get_origin(tp) is tuple:
            item = typing.get_args(tp)[0]
            if dataclasses.is_dataclass(item):
                for child in node[fl.name]:
                    _scale_amounts(item, child, factor)
        elif dataclasses.is_dataclass(tp):
            _scale_amounts(tp, node[fl.name], factor)


def _retext(node: Any, year: int) -> Any:
    """'2024年' → '<year>年', '2023年' → '<year-1>年' in every text (names stay matched)."""
    if isinstance(node, dict):
        return {k: _retext(v, year) for k, v in node.items()}
    if isinstance(node, list):
        return [_retext(v, year) for v in node]
    if isinstance(node, str):
        shift = year - SAMPLE_YEAR
        return re.sub(r"(?<![0-9])(20[12][0-9])(?=年)", lambda m: str(int(m[1]) + shift), node)
    return node


def _fund(line: dict[str, Any]) -> str:
    return line.get("fund") or "一般公共预算"


def _rebalance(lines: list[dict[str, Any]], key: str, target: Decimal) -> None:
    """Put the rounding difference on the largest line so that the lines add to `target`."""
    if not lines:
        return
    diff = target - sum((Decimal(x.get(key, 0)) for x in lines), Decimal("0.00"))
    biggest = max(lines, key=lambda x: Decimal(x.get(key, 0)))
    biggest[key] = _money(Decimal(biggest.get(key, 0)) + diff)
    if biggest[key] < 0:
        raise ValueError(f"rebalancing made {key} negative")


def synthesize(base: dict[str, Any], seed: int, index: int) -> dict[str, Any]:
    """Disclosure number `index` (0-based) of a synthetic site, derived from the sample."""
    from generator.model import FISCAL_FUNDS, Disclosure

    unit_no, year = index // len(YEARS) + 1, YEARS[index % len(YEARS)]
    code = str(FIRST_CODE + index // len(YEARS))
    rng = random.Random(f"{seed}:{code}:{year}")  # per disclosure: N=10 is a prefix of N=100
    d = _retext(copy.deepcopy(base), year)

    # ---- identity and dates
    d["unit"]["code"] = code
    d["unit"]["name"] = f"{d['unit']['name']}（合成{unit_no:04d}）"
    d["unit"]["short_name"] = f"{d['unit']['short_name']}{unit_no:04d}"
    d["year"] = year
    for key in ("published_on", "approved_on"):
        if isinstance(d.get(key), dt.date):
            d[key] = d[key].replace(year=year)
    if d.get("assets") and isinstance(d["assets"].get("as_of"), dt.date):
        d["assets"]["as_of"] = dt.date(year - 1, 12, 31)
    d.pop("stated_totals", None)  # figures "as printed" in the real document; meaningless here

    # ---- every amount × one factor, rounded to the cent
    factor = Decimal(str(round(rng.uniform(0.3, 6.0), 3)))
    _scale_amounts(Disclosure, d, factor)

    # ---- vary the project list: drop some, duplicate some under a new name
    projects: list[dict[str, Any]] = d.get("projects", [])
    perf: list[dict[str, Any]] = d.get("project_performance", [])
    perf_by_name = {p["project"]: p for p in perf}
    out_projects, out_perf, names = [], [], {p["name"] for p in projects}
    for p in projects:
        group = [q for q in projects if (q["function"], _fund(q)) == (p["function"], _fund(p))]
        kept_in_group = [q for q in out_projects if (q["function"], _fund(q)) == (p["function"], _fund(p))]
        is_last_of_group = p is group[-1]
        if rng.random() < 0.2 and not (is_last_of_group and not kept_in_group):
            continue  # dropped (never the whole group: its spending line keeps a project amount)
        out_projects.append(p)
        if p["name"] in perf_by_name:
            out_perf.append(perf_by_name[p["name"]])
        for k in range(2, 2 + (rng.random() < 0.35) + (rng.random() < 0.1)):
            twin = dict(p, name=f"{p['name']}（{k}期）",
                        amount=_money(Decimal(p["amount"]) * Decimal(str(round(rng.uniform(0.4, 1.6), 2)))))
            if twin["amount"] == 0:
                twin["amount"] = Decimal("1.00")
            assert twin["name"] not in names
            names.add(twin["name"])
            out_projects.append(twin)
            if p["name"] in perf_by_name:
                out_perf.append(dict(copy.deepcopy(perf_by_name[p["name"]]), project=twin["name"]))
    # performance entries for projects that are not in 表3-2 at all are kept as they are
    out_perf += [pp for pp in perf if pp["project"] not in {p["name"] for p in projects}]
    if projects:
        d["projects"] = out_projects
    if perf:
        d["project_performance"] = out_perf

    # ---- relations
    spending: list[dict[str, Any]] = d["spending"]
    # 1. spending project = sum of the projects with that function code (and fund, and unit)
    key = lambda x, code_key: (x[code_key], _fund(x), x.get("unit"))  # noqa: E731
    for line in spending:
        amount = sum((Decimal(p["amount"]) for p in d.get("projects", []) if key(p, "function") == key(line, "code")),
                     Decimal("0.00"))
        if amount or "project" in line:
            line["project"] = _money(amount)
    # 2. basic_econ total = spending basic total (per fund when both sides name the same funds)
    econ: list[dict[str, Any]] = d["basic_econ"]
    funds_econ, funds_spend = {_fund(e) for e in econ}, {_fund(s) for s in spending if s.get("basic")}
    groups = sorted(funds_econ) if funds_econ == funds_spend else [None]
    for fund in groups:
        e_lines = [e for e in econ if fund is None or _fund(e) == fund]
        s_lines = [s for s in spending if s.get("basic") and (fund is None or _fund(s) == fund)]
        _rebalance(s_lines, "basic", sum((Decimal(e["amount"]) for e in e_lines), Decimal("0.00")))
    for line in spending:  # carryover is part of the line
        if "carryover" in line:
            line["carryover"] = min(line["carryover"], _money(Decimal(line.get("basic", 0)) + line.get("project", 0)))
    # 3. 表6 amounts = 表3-2 amounts
    amounts = {p["name"]: p["amount"] for p in d.get("projects", [])}
    for pp in d.get("project_performance", []):
        if pp.get("amount") is not None and pp["project"] in amounts:
            pp["amount"] = amounts[pp["project"]]
    # 4. 表7 funding (元) = spending totals × 10000, split fiscal / 专户 / unit funds
    if d.get("unit_performance"):
        funding: dict[str, Decimal] = {}
        for part in ("basic", "project"):
            for name, test in (("fiscal", lambda f: f in FISCAL_FUNDS), ("special", lambda f: f == "财政专户管理资金"),
                               ("unit", lambda f: f not in FISCAL_FUNDS and f != "财政专户管理资金")):
                wan = sum((Decimal(s.get(part, 0)) for s in spending if test(_fund(s))), Decimal("0.00"))
                if wan:
                    funding[f"{part}_{name}"] = _money(wan * 10000)
        d["unit_performance"]["funding"] = funding
    return d


def verify(dataset: Any) -> None:
    """The relations the synthetic data promises, checked on the loaded model."""
    from generator.money import total

    for e in dataset.entries:
        d, where = e.data, e.source.rel
        econ = total([x.amount for x in d.basic_econ])
        basic = total([s.basic for s in d.spending])
        assert econ == basic, f"{where}: basic_econ {econ} != spending basic {basic}"
        for s in d.spending:
            proj = total([p.amount for p in d.projects if (p.function, p.fund, p.unit) == (s.code, s.fund, s.unit)])
            assert s.project == proj, f"{where}: spending {s.code} project {s.project} != projects {proj}"
        by_name = {p.name: p.amount for p in d.projects}
        assert len(by_name) == len(d.projects), f"{where}: duplicate project names"
        for pp in d.project_performance:
            assert pp.amount is None or pp.amount == by_name.get(pp.project), f"{where}: 表6 {pp.project}"
        if d.unit_performance:
            f = d.unit_performance.funding
            got = (f.basic_fiscal + f.basic_special + f.basic_unit,
                   f.project_fiscal + f.project_special + f.project_unit)
            want = (basic * 10000, total([s.project for s in d.spending]) * 10000)
            assert got == want, f"{where}: 表7 funding {got} != {want}"
        for value in _amounts(d):
            assert value == value.quantize(CENT), f"{where}: amount {value} has more than 2 decimals"


def _amounts(obj: Any) -> list[Decimal]:
    if isinstance(obj, Decimal):
        return [obj]
    if isinstance(obj, tuple):
        return [a for x in obj for a in _amounts(x)]
    if dataclasses.is_dataclass(obj):
        return [a for fl in dataclasses.fields(obj) for a in _amounts(getattr(obj, fl.name))]
    return []


def _dumper() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False  # block style: libyaml (the fast path) rejects ":" in flow plain scalars
    yaml.allow_unicode = True
    yaml.width = 100_000  # never fold long Chinese lines
    yaml.representer.sort_base_mapping_type_on_output = False  # keep the sample's key order
    yaml.representer.add_representer(
        Decimal, lambda r, v: r.represent_scalar("tag:yaml.org,2002:float", f"{v:f}"))
    return yaml


def make_project(dest: Path, n: int, seed: int) -> Path:
    """A copy of the project (conftest.copy_project) whose data/units/ holds n synthetic disclosures."""
    from conftest import copy_project

    root = copy_project(dest)
    shutil.rmtree(root / "data" / "units")
    base, yaml = load_sample(), _dumper()
    for i in range(n):
        d = synthesize(base, seed, i)
        path = root / "data" / "units" / d["unit"]["code"] / f"{d['year']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(f"# Synthetic disclosure {i + 1} of {n} (bench/bench.py, seed {seed}), "
                     f"from {SAMPLE.name} of 103003.\n")
            yaml.dump(d, fh)
    return root


# =============================================================== timing (runs in a child process)

def stage_check(data: Any, views: Any) -> float | None:
    """Seconds to run every rule of generator.check over the loaded data and its views."""
    from generator.check import check

    start = time.perf_counter()
    check(data, views)
    return time.perf_counter() - start


def stage_charts(data: Any, root: Path) -> float | None:
    """Seconds spent making chart specs while render builds each page context (generator.charts.TIMINGS,
    one entry per disclosure); the drawing itself, after the pages, is timed around charts.cache.resolve."""
    from generator.charts import TIMINGS
    return sum(TIMINGS)


def chart_lines(results: list[dict[str, Any]]) -> list[str]:
    """Chart cost per disclosure after the first (vl-convert's start-up), and charts' share of the build."""
    out = []
    for r in results:
        first, *rest = r["chart_timings"] or [0.0]
        after = f"median {1000 * statistics.median(rest):.0f} ms, max {1000 * max(rest):.0f} ms" if rest else "n/a"
        out.append(f"charts {r['site']}: first disclosure {1000 * first:.0f} ms (warm-up), then per disclosure "
                   f"{after}; {100 * r['seconds']['charts'] / r['seconds']['total']:.1f}% of total build time")
    return out


def _quiet_logging() -> None:
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        import jieba  # imported by Material's search plugin for lang: zh; it logs its dictionary load
        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass


def _tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def worker(root: Path, site_dir: Path) -> dict[str, Any]:
    """Time each stage of one build in this process; the MkDocs plugin reuses the generated result."""
    import resource

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator import downloads, pipeline
    from generator.charts import TIMINGS
    from generator.charts import cache as chart_cache
    from generator.load import load
    from generator.pages import nav
    from generator.view import derive
    from generator.writer import write_tree

    _quiet_logging()
    root = root.resolve()
    regenerated = []
    real_generate = pipeline.generate
    pipeline.generate = lambda *a, **k: (regenerated.append(a), real_generate(*a, **k))[1]  # type: ignore[assignment]

    t: dict[str, Any] = {}
    start = time.perf_counter()
    mark = start
    def lap() -> float:
        nonlocal mark
        now = time.perf_counter()
        took, mark = now - mark, now
        return took

    data = load(root)
    t["load"] = lap()
    views = derive(data)
    t["derive"] = lap()
    t["check"] = stage_check(data, views)
    lap()
    drawing: list[float] = []  # charts are drawn (or read from the disk cache) after the pages: cache.resolve
    real_resolve = chart_cache.resolve

    def resolve(*args: Any) -> Any:
        begin = time.perf_counter()
        try:
            return real_resolve(*args)
        finally:
            drawing.append(time.perf_counter() - begin)

    chart_cache.resolve = resolve  # type: ignore[assignment]
    offered = downloads.make(data, views, root / "content" / pipeline.GENERATED)  # timed with render
    pages = pipeline.render_site(root, data, views, offered)
    files = {**pages, **offered.files}
    t["render"] = lap()
    t["charts"] = stage_charts(data, root) + sum(drawing)
    t["render"] -= t["charts"] or 0.0  # drawn inside render: counted once, in their own column
    lap()
    report = write_tree(root / "content" / pipeline.GENERATED, files)
    t["write"] = lap()
    # What `python -m generator build` does: generate_cached() fills the pipeline's cache, and the
    # plugin's on_config then finds it instead of generating again. Filled here outside the timed stages.
    result = pipeline.Result(data, nav(data, f"{pipeline.GENERATED}/"), report)
    pipeline.remember(root, result)
    paused = time.perf_counter() - mark
    lap()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    build(config)
    t["mkdocs"] = lap()
    t["total"] = time.perf_counter() - start - paused
    size, count = _tree_size(site_dir)
    return {
        "disclosures": len(data.entries), "pages": len(pages), "seconds": t,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: KiB
        "site_bytes": size, "site_files": count,
        "html_pages": sum(1 for _ in site_dir.rglob("*.html")),
        "plugin_regenerated": bool(regenerated),
        "chart_timings": TIMINGS,
    }


def run_worker(label: str, root: Path, site_dir: Path) -> dict[str, Any]:
    out = root.parent / "result.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(root),
                           "--site-dir", str(site_dir), "--out", str(out)],
                          cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"{label}: build failed (exit {proc.returncode})")
    if proc.stderr.strip():
        sys.stderr.write(f"[{label}] stderr:\n{proc.stderr}")
    return {"site": label, **json.loads(out.read_text(encoding="utf-8"))}


# =============================================================== report

COLUMNS = ("site", "disclosures", "pages", "load s", "derive s", "check", "render s", "charts", "write s", "mkdocs s",
           "total s", "peak RSS MB", "site MB", "files", "ms/disc total", "ms/disc mkdocs")


def _row(r: dict[str, Any]) -> list[str]:
    s, n = r["seconds"], r["disclosures"]
    sec = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    return [r["site"], str(n), str(r["pages"]), sec(s["load"]), sec(s.get("derive")), sec(s["check"]),
            sec(s["render"]),
            sec(s["charts"]), sec(s["write"]), sec(s["mkdocs"]), sec(s["total"]), f"{r['peak_rss_mb']:.0f}",
            f"{r['site_bytes'] / 1e6:.1f}", str(r["site_files"]),
            f"{1000 * s['total'] / n:.0f}", f"{1000 * s['mkdocs'] / n:.0f}"]


def table(results: list[dict[str, Any]]) -> str:
    rows = [list(COLUMNS), *(_row(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    line = lambda row: "  ".join(c.ljust(w) if i == 0 else c.rjust(w)  # noqa: E731
                                 for i, (c, w) in enumerate(zip(row, widths, strict=True)))
    return "\n".join([line(rows[0]), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def scaling(results: list[dict[str, Any]]) -> list[str]:
    """Marginal cost per added disclosure between consecutive synthetic sizes."""
    syn = sorted((r for r in results if r["site"] != "sample"), key=lambda r: r["disclosures"])
    out = []
    for a, b in itertools.pairwise(syn):
        dn = b["disclosures"] - a["disclosures"]
        if dn <= 0:
            continue
        per = {k: 1000 * (b["seconds"][k] - a["seconds"][k]) / dn
               for k in ("load", "render", "write", "mkdocs", "total")}
        out.append(f"N {a['disclosures']} → {b['disclosures']}: ms per added disclosure  "
                   + "  ".join(f"{k} {v:.0f}" for k, v in per.items()))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--disclosures", type=int, nargs="+", default=[100], metavar="N",
                   help="sizes of the synthetic sites (default: 100)")
    p.add_argument("--seed", type=int, default=20240320, help="seed of the synthetic data")
    p.add_argument("--no-sample", action="store_true", help="skip the sample site")
    p.add_argument("--json", type=Path, help="also save the numbers to this JSON file")
    p.add_argument("--keep", action="store_true", help="keep the temporary projects and sites (path printed)")
    p.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--site-dir", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.worker:
        result = worker(args.worker, args.site_dir)
        args.out.write_text(json.dumps(result), encoding="utf-8")
        return 0
    if any(n < 1 for n in args.disclosures):
        p.error("--disclosures: every N must be at least 1")

    from conftest import copy_project

    from generator.load import load

    tmp = Path(tempfile.mkdtemp(prefix="budget-bench-"))
    results = []
    try:
        if not args.no_sample:
            root = copy_project(tmp / "sample" / "project")
            results.append(run_worker("sample", root, tmp / "sample" / "site"))
        for n in args.disclosures:
            t0 = time.perf_counter()
            root = make_project(tmp / f"n{n}" / "project", n, args.seed)
            made = time.perf_counter() - t0
            dataset = load(root)
            assert len(dataset.entries) == n, f"expected {n} disclosures, loaded {len(dataset.entries)}"
            verify(dataset)
            print(f"N={n}: {n} synthetic disclosures written and verified in {made:.1f} s", file=sys.stderr, flush=True)
            results.append(run_worker(f"N={n}", root, tmp / f"n{n}" / "site"))
    finally:
        if args.keep:
            print(f"kept: {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print(table(results))
    print("peak RSS: resource.getrusage(RUSAGE_SELF).ru_maxrss of the child process that built the site "
          "(whole interpreter, incl. MkDocs, Material and jieba). check: every rule of generator.check. "
          "render excludes charts.")
    for line in chart_lines(results):
        print(line)
    for line in scaling(results):
        print(line)
    for r in results:
        if r["plugin_regenerated"]:
            print(f"warning: {r['site']}: the MkDocs plugin generated the pages again (cache miss); "
                  "its mkdocs time includes a second load+render+write")
    if args.json:
        args.json.write_text(json.dumps({"seed": args.seed, "python": sys.version.split()[0], "results": results},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
