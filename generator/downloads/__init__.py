"""Downloads: every disclosure's tables as CSV and XLSX, its data as JSON, and a site-wide bundle
with a Fiscal Data Package, all made at generation time as static files in the generated folder
(so MkDocs copies them into the site and into the offline package).

    make(data, views) → Downloads(files, per disclosure links, site links)

Modules: csvfiles (one table → CSV), workbook (tables → XLSX), books (every workbook, reused or made
in parallel), jsonfile (the model → JSON), kept (a disclosure's downloads kept between builds),
fiscal (the Fiscal Data Package), bundle (site-wide files and zip), zipfixed (timestamps),
links (paths, names, sizes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue import Names
from generator.downloads import books, bundle, csvfiles, jsonfile, kept, links
from generator.downloads.links import Download
from generator.load import Dataset
from generator.view import Key, View


@dataclass(frozen=True)
class Downloads:
    files: dict[str, bytes]                      # path from the generated folder → content
    by_disclosure: dict[Key, tuple[Download, ...]] = field(default_factory=dict)
    site: tuple[Download, ...] = ()

    def of(self, key: Key) -> tuple[Download, ...]:
        return self.by_disclosure.get(key, ())


def _previous(folder: Path | None, path: str) -> bytes | None:
    """The file as the last generation left it in the generated folder, if any."""
    if folder is None or not (folder / path).is_file():
        return None
    return (folder / path).read_bytes()


def disclosure_files(v: View) -> tuple[dict[str, bytes], list[Download]]:
    """A disclosure's CSV per table and its JSON (its workbook comes from books.py)."""
    d = v.d
    code, year = d.unit.code, d.year
    files: dict[str, bytes] = {}
    offered: list[Download] = []
    for t in v.statutory_tables():
        path = links.table_file(year, code, t.id)
        data = csvfiles.table_csv(t)
        files[path] = data
        offered.append(Download(path, f"{t.number} {t.title}", "CSV", len(data)))
    data = jsonfile.disclosure_json(d, v.entry.source.rel)
    files[links.json_file(year, code)] = data
    offered.append(Download(links.json_file(year, code), "全部数据", "JSON", len(data)))
    return files, offered


def make(data: Dataset, views: dict[Key, View], previous: Path | None = None,
         units: dict[str, str] | None = None) -> Downloads:
    """Every download file of the site, in memory; the writer writes them with the pages.
    `previous` is the generated folder: the zip there, or the one kept in the project's cache,
    made from the same input, is reused rather than made again. A disclosure's downloads whose
    inputs have not changed are read back from the project's cache (kept.py); of the others, a
    workbook is reused from books.py's cache, or made on the build's workers meanwhile. `units`:
    unitkeys.unit_keys(data), when the caller has them already."""
    ordered = sorted(views.items())
    store = kept.Kept(data, units)
    entries = {key: entry for key, v in ordered if (entry := store.load(v)) is not None}
    todo = [(key, v) for key, v in ordered if key not in entries]
    wanted = [books.Book(v.d.unit.name, v.d.year, tuple(v.statutory_tables())) for _, v in todo]
    pending = books.start(wanted, store.books)
    rest = [disclosure_files(v) for _, v in todo]
    made = pending.result()
    for (key, v), book, fingerprint, (mine, offered) in zip(todo, made, pending.keys, rest, strict=True):
        entries[key] = kept.Entry(fingerprint, book, tuple(offered), mine)
        store.store(v, entries[key])
    files: dict[str, bytes] = {}
    by_disclosure: dict[Key, tuple[Download, ...]] = {}
    for key, v in ordered:
        entry = entries[key]
        path = links.workbook_file(v.d.year, v.d.unit.code)
        files[path] = entry.workbook
        files.update(entry.files)
        by_disclosure[key] = (Download(path, "全部预算表工作簿", "XLSX", len(entry.workbook)), *entry.offered)
    package = bundle.package_files(data.site, [v.d for v in views.values()], Names(data.catalogue))
    files.update(package)
    files[bundle.ZIP] = bundle.zip_bundle(package, files, previous=_previous(previous, bundle.ZIP),
                                          kept=store.books / "budget-data.zip")
    return Downloads(files, by_disclosure, bundle.site_downloads(files))
