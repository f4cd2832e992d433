"""Screenshot built pages in headless Chromium, as a reader would see them.

    python scripts/screenshot.py site 2024/103003/tables/ --out shots/tables.png [--width 375] [--dark]
    python scripts/screenshot.py site 2024/103003/tables/ --out shots/tables.png --contrast --text-size 2
    python scripts/screenshot.py site 2024/103003/tables/ --out shots/tables.pdf --pdf

Serves the site on loopback under a sub-path (/xxgk/yjsgk/) to prove sub-path deployment, blocks
and reports every request that leaves the machine, and uses Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import sync_playwright

SUBPATH = "/xxgk/yjsgk/"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        inside = path.startswith(SUBPATH)
        return super().translate_path("/" + path[len(SUBPATH):] if inside else "/__outside_subpath__")

    def log_message(self, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}{SUBPATH}"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("site", type=Path)
    p.add_argument("page", help="page path relative to the site root, e.g. 2024/103003/tables/")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=900)
    p.add_argument("--dark", action="store_true")
    p.add_argument("--full", action="store_true", help="whole page, not just the viewport")
    p.add_argument("--no-js", action="store_true", help="with JavaScript disabled, as some readers browse")
    p.add_argument("--contrast", action="store_true", help="switch on high contrast with the header button")
    p.add_argument("--text-size", type=int, choices=(1, 2), default=0, help="press the text-size button 1 or 2 times")
    p.add_argument("--pdf", action="store_true", help="print the page to --out as an A4 PDF (print stylesheet)")
    args = p.parse_args()
    server, base = serve(args.site)
    outside: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height},
                                    color_scheme="dark" if args.dark else "light",
                                    java_script_enabled=not args.no_js)

            def route(r):  # type: ignore[no-untyped-def]
                host = urlparse(r.request.url).hostname
                if host in ("127.0.0.1", "localhost") or r.request.url.startswith("data:"):
                    r.continue_()
                else:
                    outside.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(base + args.page, wait_until="networkidle")
            for _ in range(args.text_size):
                page.locator("[data-reading=size]").click()
            if args.contrast:
                page.locator("[data-reading=contrast]").click()
            if args.contrast or args.text_size:
                page.mouse.move(0, args.height - 1)  # no hover tooltip in the picture
                page.wait_for_timeout(400)  # let Material's colour transitions finish
            args.out.parent.mkdir(parents=True, exist_ok=True)
            if args.pdf:
                page.pdf(path=str(args.out), format="A4", print_background=True)
            else:
                page.screenshot(path=str(args.out), full_page=args.full)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"{args.out}: requests outside the site: {len(outside)}")
    for url in outside:
        print("  blocked", url)


if __name__ == "__main__":
    main()
