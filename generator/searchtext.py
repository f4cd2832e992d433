"""Cell separators in table rows, for the search index only.

Material's search plugin reads each page's HTML as text: a table row's cells run together
("合计133.050.00133.05…"). Before it reads the page (`on_page_content`), each body row gets
separators — "：" after its row label, " | " between amounts and other cells — in spans marked
`search-only`, which `strip` removes from the page written to disk (`on_post_page`), so neither a
sighted reader nor a screen reader ever meets them. Code cells (201 | 03 | 02) stay joined:
2010302 is found as one code. Empty cells get no separator.
"""

from __future__ import annotations

import re

MARK = "search-only"
LABEL_SEP = f'<span class="{MARK}">： </span>'
CELL_SEP = f'<span class="{MARK}"> | </span>'
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_SPAN = re.compile(rf'<span class="{MARK}">[^<]*</span>')
_TAG = re.compile(r"<[^>]+>")


def _row(cells_html: str) -> str:
    cells = list(_CELL.finditer(cells_html))
    if not cells or not any('scope="row"' in c[2] for c in cells):
        return cells_html  # header rows and rows without a label are left alone
    out, last, prev = [], 0, None  # prev: the kind of the last non-empty cell
    for cell in cells:
        out.append(cells_html[last:cell.start()])
        last = cell.end()
        if not _TAG.sub("", cell[3]).strip():
            out.append(cell[0])
            continue
        kind = "label" if 'scope="row"' in cell[2] else "code" if 'class="code"' in cell[2] else "cell"
        if prev == "label" and kind != "label":
            out.append(LABEL_SEP)
        elif prev in ("cell", "label") or (prev == "code" and kind == "cell"):
            out.append(CELL_SEP)
        elif prev == "code" and kind == "label":
            out.append(f'<span class="{MARK}"> </span>')
        out.append(cell[0])
        prev = kind
    out.append(cells_html[last:])
    return "".join(out)


def mark(html: str) -> str:
    """The page's HTML with separators in every labelled table row."""
    if "<tr" not in html:
        return html
    return _ROW.sub(lambda m: m[1] + _row(m[2]) + m[3], html)


def strip(html: str) -> str:
    """The page as readers get it: every separator removed."""
    return _SPAN.sub("", html) if MARK in html else html
