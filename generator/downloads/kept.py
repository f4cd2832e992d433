"""A disclosure's downloads kept between builds, so that a build remakes only those whose inputs changed.

Making a disclosure's downloads costs ~7 ms even when its workbook is cached: the CSV of every
statutory table, the JSON of the model, and the repr() of every table that the workbook's
fingerprint hashes just to find the workbook in books.py's cache — 2.5 s for a district of 350,
on every build from a clean checkout whose CI restores `.cache/`. An entry holds the result: the
CSV and JSON bytes with what the pages list of them (path, label, format, size), and the
workbook's fingerprint, by which the workbook is read from books.py's cache. (Keeping the workbook
in the entry instead reads no faster — ~50 ms for 350 either way — and would keep a district's
10 MB of workbooks twice.) On a hit the disclosure's statutory tables are not even asked for
(View.statutory_tables); the whole downloads stage of that district takes ~0.25 s.

An entry is found by the key of everything those bytes depend on: the unit's inputs
(unitkeys.py, as the page cache: the unit's data files by the text `load` read, the shared
inputs, the generator's code and the installed packages), the disclosure, the path of its data
file (the JSON records it), the build time (SOURCE_DATE_EPOCH: the workbook records it) and the
Python version. An edit to one unit's YAML therefore remakes that unit's downloads only; a code
change remakes all of them.

On disk: .cache/downloads/disclosures/<k[:2]>/<k>.gz, gzip (whose CRC and length check catch a
damaged or truncated file) of one JSON line — the workbook's fingerprint and each file's path,
label, format and size — followed by the files' bytes, one after another. Anything that does not
decode, does not add up, names a file outside the disclosure's folder, or whose workbook is not in
books.py's cache (or no longer carries that fingerprint) is a miss: made again, never served.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import diskcache
from generator.downloads import books, links, zipfixed
from generator.downloads.links import Download
from generator.load import Dataset
from generator.unitkeys import unit_keys
from generator.view import View

FORMAT = "budget-downloads/1"
FOLDER = "disclosures"  # inside books.cache_dir: the folder CI already restores


@dataclass(frozen=True)
class Entry:
    """One disclosure's downloads: its workbook and the files listed after it (CSV per table, JSON)."""

    fingerprint: str                # the workbook's (workbook.fingerprint), its key in books.py's cache
    workbook: bytes
    offered: tuple[Download, ...]   # the CSV and JSON files, in the order the pages list them
    files: dict[str, bytes]         # their bytes, by path


class Kept:
    """The entries of a build's disclosures, in the project's `.cache/downloads/disclosures/`."""

    def __init__(self, data: Dataset, units: dict[str, str] | None = None) -> None:
        """`units`: unitkeys.unit_keys(data), when the caller has them already."""
        self.books = books.cache_dir(data.root)
        self.folder = self.books / FOLDER
        self._units = unit_keys(data) if units is None else units
        self._salt = f"{FORMAT}:{zipfixed.build_time().isoformat()}:{sys.version}"

    def key(self, v: View) -> str:
        code, year = v.key
        text = f"{self._units[code]}:{code}:{year}:{v.entry.source.rel}:{self._salt}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _file(self, v: View) -> Path:
        k = self.key(v)
        return diskcache.entry(self.folder, k, ".gz")

    def load(self, v: View) -> Entry | None:
        """The downloads kept for this disclosure's current inputs, or None (make them)."""
        raw = diskcache.read_gzip(self._file(v))
        if raw is None:  # absent, truncated, damaged
            return None
        head, _, body = raw.partition(b"\n")
        try:
            header = json.loads(head)
        except ValueError:
            return None
        parsed = _parse(header, links.disclosure_folder(v.d.year, v.d.unit.code))
        if parsed is None or sum(d.size for d in parsed[1]) != len(body):
            return None
        fingerprint, offered = parsed
        workbook = books.cached(self.books, fingerprint)
        if workbook is None:
            return None
        files, start = {}, 0
        for d in offered:
            files[d.path] = body[start:start + d.size]
            start += d.size
        return Entry(fingerprint, workbook, offered, files)

    def store(self, v: View, entry: Entry) -> None:
        """Keep a disclosure's downloads (a failure only costs making them next time)."""
        header = {"format": FORMAT, "workbook": entry.fingerprint,
                  "files": [[d.path, d.label, d.format, d.size] for d in entry.offered]}
        raw = json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n"
        raw += b"".join(entry.files[d.path] for d in entry.offered)
        diskcache.write_gzip(self._file(v), raw)


def _parse(header: Any, folder: str) -> tuple[str, tuple[Download, ...]] | None:
    """The workbook's fingerprint and the listed files of a decoded header, or None if it is not one."""
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    fingerprint, rows = header.get("workbook"), header.get("files")
    if not isinstance(fingerprint, str) or not isinstance(rows, list):
        return None
    offered = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row[:3])
                and type(row[3]) is int and row[3] >= 0 and row[0].startswith(f"{folder}/")):
            return None
        offered.append(Download(row[0], row[1], row[2], row[3]))
    return fingerprint, tuple(offered)
