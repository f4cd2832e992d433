"""What a reader's first search costs on a built site: bytes downloaded and time to the results.

    python bench/search_probe.py SITE_DIR [--query 三公经费 ...] [--phone] [--early] [--material-index FILE]
    python bench/search_probe.py SITE_DIR --reader [--phone] [--save-data]
    python bench/search_probe.py SITE_DIR --phone --early --trace --query 三公经费

For each query, a fresh browser context (cold cache) at a 375 px viewport opens the site's year
page, waits until the network is idle (the search box loads Pagefind's engine meanwhile, see
theme/assets/search-pagefind.js), then opens the header's search box and puts the query in at once
(no typing time), and waits for the result count: the time is from the tap on the search button
to the results. `--early` taps as soon as the page has loaded, before it is idle (the engine is
not loaded yet: the worst case). The search's bytes are every file of the search index (pagefind/,
search/) the page fetched, from the moment it opened, and every other response after the tap;
counted by the server itself (so requests from Pagefind's worker count too), as sent on the wire:
HTML, JSON, JS and CSS gzipped when the browser asks for it, as any web server does; Pagefind's
index files are already compressed.

`--reader` measures a reader who never searches instead: two page views in one browser (its
cache on, the server sending Last-Modified and no Cache-Control, as a static web server does),
each view's bytes and how many of them are Pagefind's. `--save-data` reports the browser's
Save-Data setting as on (the search box then loads nothing before it is used).

Works with either search box the site may have: Pagefind's (the served site,
theme/partials/search.html) or Material's (search/search_index.json). `--material-index` serves
another search_index.json in place of the site's (to measure trimmed variants of Material's index
on the same pages). `--phone` adds network and CPU throttling (DevTools-like "fast 4G" and a 4×
slower CPU) on top of the loopback server. `--typing S` lets S seconds pass between opening the
box and the query (a reader typing) and times from the query. `--trace` prints, per query, a
timeline in milliseconds from the tap: every request as the server saw it, the page's long tasks,
first paint, DOMContentLoaded and load, when the search button or box gets the click or focus
(the browser automation's own steps come before) and each message of the search box. The table also gives
the page's first paint and load event (ms from navigation): the engine must not delay them.

`probe(site, queries)` returns one dict per query (query, engine, bytes_raw, bytes_sent,
requests, before_tap, seconds, results, first) for bench/bench.py's table; `reader(site)` one
dict per page view. Launches Debian's /usr/bin/chromium
with the flags tests/browsing.py uses.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from screenshot import ARGS, CHROMIUM, SUBPATH  # noqa: E402

QUERIES = ["示例区教育局", "133.05", "三公经费", "2080505"]
START_PAGE = "2024/"
GZIP_TYPES = (".html", ".js", ".css", ".json", ".txt", ".svg", ".xml")
PLACEHOLDER = "键入以开始搜索"
META = "document.querySelector('.md-search-result__meta').textContent.trim()"
INDEX_DIRS = ("pagefind/", "search/")
READER_PAGES = [START_PAGE, ""]
# What navigator.connection says when Save-Data is on (Chromium's flag cannot be set per context).
SAVE_DATA = ("Object.defineProperty(Navigator.prototype, 'connection', "
             "{get: () => ({saveData: true, effectiveType: '4g'})});")
# For --trace: the page's long tasks and the search box's messages, in wall-clock milliseconds.
TRACE = """
window.__trace = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    window.__trace.push(["long task " + Math.round(e.duration) + " ms", performance.timeOrigin + e.startTime]);
  });
}).observe({type: "longtask", buffered: true});
["click", "focusin"].forEach(function (type) {
  document.addEventListener(type, function (e) {
    var box = e.target.closest && e.target.closest("label[for=__search], .md-search__input");
    if (box) window.__trace.push(["page: " + type + " on the search box or button", Date.now()]);
  }, true);
});
document.addEventListener("DOMContentLoaded", function () {
  var meta = document.querySelector(".md-search-result__meta");
  if (meta) new MutationObserver(function () {
    window.__trace.push(["box: " + meta.textContent.trim(), Date.now()]);
  }).observe(meta, {childList: true, characterData: true, subtree: true});
});
"""
# The page's own milestones, in milliseconds from the navigation: the engine must not delay them.
MILESTONES = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {fcp: fcp ? Math.round(fcp.startTime) : null, dcl: Math.round(n.domContentLoadedEventStart),
          load: Math.round(n.loadEventStart)};
}"""
NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0], o = performance.timeOrigin;
  const out = [["page: DOMContentLoaded", o + n.domContentLoadedEventStart], ["page: load", o + n.loadEventStart]];
  performance.getEntriesByType("paint").forEach(p => out.push(["page: " + p.name, o + p.startTime]));
  return out.concat(window.__trace || []);
}"""
PHONE_NETWORK = {"offline": False, "latency": 60, "downloadThroughput": 9_000_000 / 8,
                 "uploadThroughput": 1_500_000 / 8}


class _Counting(http.server.SimpleHTTPRequestHandler):
    """The site under SUBPATH; each response's path and bytes (raw, sent) are logged."""

    log: list[tuple[str, int, int]]
    overrides: dict[str, Path]
    cacheable: bool
    # (path, wall-clock seconds the request arrived, and its response was written): for --trace
    times: list[tuple[str, float, float]]

    def do_GET(self) -> None:
        arrived = time.time()
        self._get()
        self.times.append((self.path.split("?", 1)[0][len(SUBPATH):], arrived, time.time()))

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        rel = path[len(SUBPATH):] if path.startswith(SUBPATH) else None
        if rel is None:
            self.send_error(404)
            return
        file = self.overrides.get(rel) or Path(self.translate_path("/" + rel))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        modified = self.date_time_string(int(file.stat().st_mtime))
        if self.cacheable and self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            self.log.append((rel, 0, 0))
            return
        body = raw = file.read_bytes()
        zipped = file.suffix in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            body = gzip.compress(raw, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(file)))
        self.send_header("Content-Length", str(len(body)))
        if self.cacheable:  # a static web server's defaults: the browser caches by its own rules
            self.send_header("Last-Modified", modified)
        else:
            self.send_header("Cache-Control", "no-store")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.log.append((rel, len(raw), len(body)))

    def log_message(self, *args: object) -> None:
        pass


def _serve(site: Path, overrides: dict[str, Path],
           cacheable: bool = False) -> tuple[http.server.ThreadingHTTPServer, str, list[Any]]:
    log: list[tuple[str, int, int]] = []
    times: list[tuple[str, float, float]] = []
    handler = type("Handler", (_Counting,), {"log": log, "overrides": overrides, "cacheable": cacheable,
                                             "times": times})

    def make(*args: Any, **kwargs: Any) -> _Counting:
        return handler(*args, directory=str(site), **kwargs)  # type: ignore[no-any-return]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
    server.times = times  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{SUBPATH}", log


def _phone_page(browser: Any, base: str, phone: bool, save_data: bool, cache: bool = False) -> tuple[Any, Any]:
    """A fresh context (cold cache) at a phone's size, throttled with `phone`, and its page.
    Requests outside the site are blocked, unless the browser's cache is to work (`cache`:
    Playwright's routing turns it off); the site makes none (tests/test_browser.py)."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    if save_data:
        context.add_init_script(SAVE_DATA)
    page = context.new_page()
    if not cache:
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    if phone:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", PHONE_NETWORK)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return context, page


def _settle(page: Any, log: list[Any], quiet: float = 0.5, timeout: float = 60.0) -> None:
    """Wait until the page has loaded and the server has served nothing for `quiet` seconds
    (Playwright's networkidle can come before the load event on a throttled CPU, and before
    the page's idle-time work has started)."""
    page.wait_for_load_state("load")
    end = time.perf_counter() + timeout
    count, since = len(log), time.perf_counter()
    while time.perf_counter() < end:
        page.wait_for_timeout(100)
        if len(log) != count:
            count, since = len(log), time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            return


def _first_query(browser: Any, base: str, log: list[Any], query: str, phone: bool, typing: float,
                 early: bool = False, save_data: bool = False,
                 times: list[tuple[str, float, float]] | None = None) -> dict[str, Any]:
    context, page = _phone_page(browser, base, phone, save_data)
    if times is not None:
        context.add_init_script(TRACE)
        del times[:]
    opened = len(log)
    page.goto(base + START_PAGE, wait_until="load", timeout=180_000)
    if not early:
        _settle(page, log)
    engine = "pagefind" if page.locator("[data-budget-search]").count() else "material"
    box = page.locator(".md-search__input")
    before = len(log)  # from here on, every byte is search's; before, only the index's files
    started = time.perf_counter()  # the reader opens the box and the query is there at once
    tapped = time.time()
    if not box.is_visible():
        page.locator("label.md-header__button[for=__search]").first.click()
    box.wait_for(state="visible")
    box.focus()
    if typing:  # the reader types for `typing` seconds: the time counts from the last key
        page.wait_for_timeout(typing * 1000)
        started = time.perf_counter()
        tapped = time.time()
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"() => {{ const m = {META}; return m !== '{PLACEHOLDER}' && !m.startsWith('正在'); }}",
                           timeout=300_000)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # late fragments of the shown results
    early_index = [r for r in log[opened:before] if r[0].startswith(INDEX_DIRS)]
    fetched = early_index + log[before:]
    first = page.locator(".md-search-result__item a").first
    result = {
        "query": query, "engine": engine, "seconds": round(seconds, 3),
        "bytes_raw": sum(r for _, r, _ in fetched), "bytes_sent": sum(s for _, _, s in fetched),
        "requests": len(fetched), "before_tap": sum(s for _, _, s in early_index), "results": page.evaluate(META),
        "first": first.get_attribute("href") if first.count() else None,
        "files": fetched, "milestones": page.evaluate(MILESTONES),
    }
    if times is not None:
        result["trace"] = _timeline(page.evaluate(NAVIGATION), times, tapped)
    context.close()
    return result


def _timeline(marks: list[tuple[str, float]], times: list[tuple[str, float, float]], tapped: float) -> list[str]:
    """One line per event, in milliseconds from the tap: the page's marks (load, paints, long
    tasks, the search box's messages) and each request the server saw (arrived → written; the
    browser gets it later by the throttled network)."""
    events = [(at - tapped * 1000, f"{name}") for name, at in marks]
    events += [((arrived - tapped) * 1000, f"GET {path} ({(done - arrived) * 1000:.0f} ms to write)")
               for path, arrived, done in list(times)]
    return [f"{at:>8.0f} ms  {name}" for at, name in sorted(events)]


def probe(site: Path, queries: list[str] | None = None, *, phone: bool = False,
          material_index: Path | None = None, typing: float = 0.0, early: bool = False,
          save_data: bool = False, trace: bool = False) -> list[dict[str, Any]]:
    """The first query's cost on `site`, one cold browser per query."""
    from playwright.sync_api import sync_playwright

    overrides = {"search/search_index.json": material_index} if material_index else {}
    server, base, log = _serve(site.resolve(), overrides)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                times = server.times if trace else None  # type: ignore[attr-defined]
                return [_first_query(browser, base, log, q, phone, typing, early, save_data, times)
                        for q in (queries or QUERIES)]
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()


def reader(site: Path, pages: list[str] | None = None, *, phone: bool = False,
           save_data: bool = False, settle: float = 3.0) -> list[dict[str, Any]]:
    """What a reader who never searches downloads: `pages` viewed one after the other in one
    browser (its cache on, the server sending Last-Modified as a static web server does), each
    until nothing has been served for `settle` seconds; per view, all bytes sent and Pagefind's."""
    from playwright.sync_api import sync_playwright

    server, base, log = _serve(site.resolve(), {}, cacheable=True)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                context, page = _phone_page(browser, base, phone, save_data, cache=True)
                for path in pages if pages is not None else READER_PAGES:
                    before = len(log)
                    page.goto(base + path, wait_until="load", timeout=180_000)
                    _settle(page, log, quiet=settle)
                    fetched = log[before:]
                    search = [r for r in fetched if r[0].startswith("pagefind/")]
                    rows.append({"page": path or "/", "bytes_sent": sum(s for _, _, s in fetched),
                                 "requests": len(fetched), "search_sent": sum(s for _, _, s in search),
                                 "search_requests": len(search), "files": fetched,
                                 "milestones": page.evaluate(MILESTONES)})
                context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def first_query(site: Path) -> dict[str, Any]:
    """For bench/district.py: the worst of the standard queries on `site` (bytes sent, seconds)."""
    rows = probe(site)
    return {"bytes": max(r["bytes_sent"] for r in rows), "seconds": max(r["seconds"] for r in rows),
            "queries": len(rows)}


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| query | engine | downloaded (raw) | downloaded (sent) | of which before the tap | requests "
             "| time to results | results | page: first paint / load |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in rows:
        page = r.get("milestones") or {}
        lines.append(f"| {r['query']} | {r['engine']} | {r['bytes_raw'] / 1024:,.0f} KB | "
                     f"{r['bytes_sent'] / 1024:,.0f} KB | {r['before_tap'] / 1024:,.0f} KB | {r['requests']} | "
                     f"{r['seconds']:.2f} s | {r['results']} | {page.get('fcp')} / {page.get('load')} ms |")
    return "\n".join(lines)


def reader_table(rows: list[dict[str, Any]]) -> str:
    lines = ["| page view | downloaded (sent) | requests | of which Pagefind (sent) | Pagefind requests "
             "| first paint / DOMContentLoaded / load |",
             "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        m = r.get("milestones") or {}
        lines.append(f"| {r['page']} | {r['bytes_sent'] / 1024:,.1f} KB | {r['requests']} | "
                     f"{r['search_sent'] / 1024:,.1f} KB | {r['search_requests']} | "
                     f"{m.get('fcp')} / {m.get('dcl')} / {m.get('load')} ms |")
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("--query", action="append", help=f"repeatable; default: {' '.join(QUERIES)}")
    p.add_argument("--phone", action="store_true", help="throttle network (fast 4G) and CPU (4×)")
    p.add_argument("--material-index", type=Path, help="serve this file as search/search_index.json")
    p.add_argument("--files", action="store_true", help="list every file each query downloaded")
    p.add_argument("--typing", type=float, default=0.0, metavar="SECONDS",
                   help="the reader types for this long after opening the box; time counts from the last key")
    p.add_argument("--early", action="store_true",
                   help="tap the search button as soon as the page has loaded, before it is idle")
    p.add_argument("--reader", action="store_true",
                   help="a reader who never searches: what two page views download, and Pagefind's share")
    p.add_argument("--save-data", action="store_true", help="the browser reports Save-Data on")
    p.add_argument("--trace", action="store_true",
                   help="per query, a timeline from the tap: requests, long tasks, load and paints, the box's messages")
    args = p.parse_args()
    if args.reader:
        rows = reader(args.site, phone=args.phone, save_data=args.save_data)
        print(reader_table(rows))
    else:
        rows = probe(args.site, args.query, phone=args.phone, material_index=args.material_index,
                     typing=args.typing, early=args.early, save_data=args.save_data, trace=args.trace)
        print(table(rows))
        for r in rows if args.trace else []:
            print(f"\n{r['query']}: {r['seconds']:.2f} s\n" + "\n".join(r["trace"]))
    if args.files:
        for r in rows:
            print(f"\n{r.get('query', r.get('page'))} (first result: {r.get('first')})")
            for path, raw, sent in r["files"]:
                print(f"  {sent:>10,} {raw:>10,}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
