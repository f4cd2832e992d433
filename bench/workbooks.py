#!/usr/bin/env python
"""CPU time of the download workbooks (issue 13): every disclosure of a demo district made into its
XLSX workbook, one after another in this process (no cache, no workers), as books.py would on one
core.

    python bench/workbooks.py                      # 12 units × 2 years
    python bench/workbooks.py --units 71 --years 5 # the whole demo district

The district is written to a throwaway folder and loaded before anything is timed; the time is
`time.process_time()` around `workbook.build` for every disclosure (one warm-up build first, not
counted). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()

    from generator.demo import make_demo
    from generator.downloads import workbook
    from generator.load import load
    from generator.view import derive

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "district"
        make_demo(root, units=args.units, years=args.years, seed=1)
        views = derive(load(root))
        created = workbook.stamp()
        books = [(v.d.unit.name, v.d.year, v.statutory_tables()) for _, v in sorted(views.items())]
        keys = [workbook.fingerprint(name, year, tables, created) for name, year, tables in books]
        workbook.build(*books[0], keys[0])
        start = time.process_time()
        sizes = [len(workbook.build(name, year, tables, key))
                 for (name, year, tables), key in zip(books, keys, strict=True)]
        cpu = time.process_time() - start
    print(f"{len(books)} 个工作簿：CPU {cpu:.2f} 秒，每个 {1000 * cpu / len(books):.1f} 毫秒，"
          f"平均 {sum(sizes) / len(sizes) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
