"""Load every data file of a project, validate each against the model, and return a `Dataset`.

Everything is read and validated before anything is written: all problems of all files are
collected and raised together as one `DataError`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import yamlcache
from generator.bind import INVALID, Binder
from generator.errors import DataError, Location, problem
from generator.issues import Finding
from generator.model import Catalogue, Disclosure, Glossary, Site
from generator.selection import ALL, Selection
from generator.yamlsafe import parse_text, read_text

UNIT_FILE = re.compile(r"^units/(?P<code>[0-9]+)/(?P<year>[0-9]{4})\.yaml$")


@dataclass(frozen=True)
class Source:
    """Where a model object came from: the file and the parsed tree, to locate any field later, and
    the SHA-256 of the text that was read (what the page cache keys a disclosure's pages by)."""

    rel: str
    tree: Any
    digest: str = ""

    def locate(self, path: str) -> Location:
        """Location of a field path such as `spending[2].basic` (nearest known position)."""
        node, pos = self.tree, (0, 0)
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            try:
                if part.startswith("["):
                    index = int(part[1:-1])
                    pos = tuple(node.lc.item(index))
                    node = node[index]
                else:
                    pos = tuple(node.lc.value(part))
                    node = node[part]
            except (AttributeError, KeyError, IndexError, TypeError):
                break
        return Location(self.rel, pos[0] + 1, pos[1] + 1)


@dataclass(frozen=True)
class Entry:
    """One disclosure with its source."""

    data: Disclosure
    source: Source


@dataclass(frozen=True)
class Dataset:
    """Everything the generator reads."""

    root: Path
    site: Site
    glossary: Glossary
    catalogue: dict[str, dict[str, tuple[str, str]]]  # scheme -> code -> (name, source)
    entries: tuple[Entry, ...]
    # Every file read, by its path from the project root, with its positions: any later stage can
    # point at a line of data/site.yaml or data/glossary.yaml without reading the file again.
    sources: dict[str, Source] = field(default_factory=dict)

    def locate(self, rel: str, path: str) -> Location:
        """Location of field `path` in the file `rel` (the file alone when it was not read)."""
        source = self.sources.get(rel)
        return source.locate(path) if source and source.tree is not None else Location(rel)


def _bind(cls: Any, path: Path, rel: str, problems: list[Finding], cache: Path | None) -> tuple[Any, Source]:
    """Parse and bind one file (`cache`: the folder of parsed trees, or None); problems are collected."""
    try:
        text = read_text(path, rel)
        tree = parse_text(text, rel, cache)
    except DataError as exc:
        problems.extend(exc.problems)
        return INVALID, Source(rel, None)
    binder = Binder(rel)
    obj = binder.bind(cls, tree, (0, 0), "")
    problems.extend(binder.problems)
    return obj, Source(rel, tree, hashlib.sha256(text.encode("utf-8")).hexdigest())


def load(root: Path, selection: Selection = ALL, *, cache: bool = True) -> Dataset:
    """Read `data/` under `root`; raise DataError listing every problem found. With a `selection`
    (a subset build), the other disclosures' files are not read at all. `cache=False` neither
    reads nor writes the parsed files' cache (the diff leaves the folders it reads alone)."""
    data = root / "data"
    kept = yamlcache.cache_dir(root) if cache else None
    problems: list[Finding] = []
    if not data.is_dir():
        raise DataError([problem("missing-file", "找不到数据文件夹 data/", Location("data/"))])
    sources: dict[str, Source] = {}
    site, sources["data/site.yaml"] = _required(Site, data / "site.yaml", "data/site.yaml", problems, kept)
    glossary = Glossary(terms=())
    if (data / "glossary.yaml").exists():
        glossary, sources["data/glossary.yaml"] = _bind(Glossary, data / "glossary.yaml", "data/glossary.yaml",
                                                        problems, kept)
    catalogue = _catalogue(data, problems, sources, kept)
    entries = _disclosures(data, problems, selection, kept)
    sources.update((e.source.rel, e.source) for e in entries)
    _misplaced(data, problems)
    if problems:
        raise DataError(problems)
    return Dataset(root, site, glossary, catalogue, tuple(entries), sources)


def load_catalogue(root: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """The merged code lists of data/codes/ alone (the workbook's drop-down lists), checked as
    `load` checks them; DataError listing every problem."""
    problems: list[Finding] = []
    merged = _catalogue(root / "data", problems, {}, yamlcache.cache_dir(root))
    if problems:
        raise DataError(problems)
    return merged


def _required(cls: Any, path: Path, rel: str, problems: list[Finding], cache: Path | None) -> tuple[Any, Source]:
    if not path.exists():
        problems.append(problem("missing-file", f"缺少文件 {rel}", Location(rel)))
        return INVALID, Source(rel, None)
    return _bind(cls, path, rel, problems, cache)


def _catalogue(data: Path, problems: list[Finding], sources: dict[str, Source],
               cache: Path | None) -> dict[str, dict[str, tuple[str, str]]]:
    merged: dict[str, dict[str, tuple[str, str]]] = {"function": {}, "dept_econ": {}}
    for path in sorted((data / "codes").glob("*.yaml")):
        rel = path.relative_to(data.parent).as_posix()
        cat, source = _bind(Catalogue, path, rel, problems, cache)
        if cat is INVALID:
            continue
        sources[rel] = source
        for i, entry in enumerate(cat.entries):
            known = merged[cat.scheme].get(entry.code)
            if known and known[0] != entry.name:
                problems.append(problem(
                    "bad-code", f"编码 {entry.code} 已在 {known[1]} 中定义为“{known[0]}”，此处又写作“{entry.name}”",
                    source.locate(f"entries[{i}].name"), f"entries[{i}].name"))
            merged[cat.scheme][entry.code] = (entry.name, f"{entry.source}（{rel}）")
    return merged


def _disclosures(data: Path, problems: list[Finding], selection: Selection, cache: Path | None) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[tuple[str, int], str] = {}
    for path in sorted((data / "units").glob("**/*")):
        if path.is_dir():
            continue
        rel = path.relative_to(data.parent).as_posix()
        match = UNIT_FILE.match(path.relative_to(data).as_posix())
        if not match:
            problems.append(problem(
                "misplaced-file", "单位数据文件应放在 data/units/<单位编码>/<四位年度>.yaml", Location(rel)))
            continue
        if not selection.keeps(match["code"], int(match["year"])):
            continue
        obj, source = _bind(Disclosure, path, rel, problems, cache)
        if obj is INVALID:
            continue
        if obj.unit.code != match["code"]:
            problems.append(problem(
                "path-mismatch", f"单位编码 {obj.unit.code} 与所在文件夹 {match['code']} 不一致",
                source.locate("unit.code"), "unit.code"))
        if obj.year != int(match["year"]):
            problems.append(problem(
                "path-mismatch", f"年度 {obj.year} 与文件名 {match['year']}.yaml 不一致",
                source.locate("year"), "year"))
        key = (obj.unit.code, obj.year)
        if key in seen:
            problems.append(problem(
                "duplicate-disclosure", f"单位 {obj.unit.code} 的 {obj.year} 年数据已在 {seen[key]} 中",
                Location(rel)))
        seen[key] = rel
        entries.append(Entry(obj, source))
    return entries


def _misplaced(data: Path, problems: list[Finding]) -> None:
    for path in sorted(data.glob("*")):
        if path.is_file() and path.name not in ("site.yaml", "glossary.yaml") and not path.name.startswith("."):
            problems.append(problem(
                "misplaced-file",
                "data/ 下只认识 site.yaml、glossary.yaml 以及 codes/、units/ 文件夹；请移走或改名",
                Location(path.relative_to(data.parent).as_posix())))
        elif path.is_dir() and path.name not in ("codes", "units"):
            problems.append(problem(
                "misplaced-file", "data/ 下只认识 codes/ 与 units/ 两个文件夹",
                Location(path.relative_to(data.parent).as_posix() + "/")))
