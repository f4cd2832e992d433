"""Parsed trees kept between builds (yamlcache.py): read back exactly as the careful loader reads
the file, positions included; a changed, damaged or unusual file is parsed again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import yamlcache, yamlsafe
from generator.demo import make_demo
from generator.errors import DataError
from generator.load import load
from tests.test_yamlfast import FILES, _careful, assert_same

TYPES = "a: 1\nb: 1.50\nc: 2024-03-01\nd: 2024-03-01 08:30:00\ne: true\nf: ~\ng: 文字\nh: [1, x]\ni: {j: 0.10}\n"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_cached_tree_is_the_careful_loaders_tree(path: Path, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first = yamlsafe.load_text(text, path.name, tmp_path)
    assert len(list(tmp_path.rglob("*.json"))) == 1
    assert_same(yamlcache.read(yamlcache.entry(tmp_path, text)), _careful(text))
    assert_same(first, _careful(text))


def test_every_scalar_type_comes_back_as_it_was(tmp_path: Path) -> None:
    yamlsafe.load_text(TYPES, "t.yaml", tmp_path)
    assert_same(yamlcache.read(yamlcache.entry(tmp_path, TYPES)), _careful(TYPES))


def test_an_edited_or_damaged_entry_is_parsed_again(tmp_path: Path) -> None:
    yamlsafe.load_text(TYPES, "t.yaml", tmp_path)
    other = TYPES.replace("1.50", "1.60")
    assert yamlcache.read(yamlcache.entry(tmp_path, other)) is None  # another text, another entry
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text(entry.read_text(encoding="utf-8")[:-5], encoding="utf-8")
    assert yamlcache.read(yamlcache.entry(tmp_path, TYPES)) is None
    entry.write_text(json.dumps({"m": [["a", {"x": 1}, 0, 0, 0, 3]]}), encoding="utf-8")
    assert yamlcache.read(yamlcache.entry(tmp_path, TYPES)) is None
    assert_same(yamlsafe.load_text(TYPES, "t.yaml", tmp_path), _careful(TYPES))  # and stored again
    assert_same(yamlcache.read(yamlcache.entry(tmp_path, TYPES)), _careful(TYPES))


def test_a_file_the_careful_loader_reads_is_not_kept(tmp_path: Path) -> None:
    text = "a: &x 1\nb: *x\n"
    with pytest.raises(DataError):  # the careful loader refuses anchors
        yamlsafe.load_text(text, "t.yaml", tmp_path)
    assert not list(tmp_path.rglob("*.json"))


def test_a_project_loads_the_same_from_its_cache(tmp_path: Path) -> None:
    root = tmp_path / "district"
    make_demo(root, units=3, years=2, seed=5)
    first = load(root)
    assert len(list(yamlcache.cache_dir(root).rglob("*.json"))) >= len(first.entries)
    again = load(root)
    assert [e.data for e in again.entries] == [e.data for e in first.entries]
    assert again.site == first.site and again.catalogue == first.catalogue
    rel = first.entries[0].source.rel
    assert again.locate(rel, "unit.name") == first.locate(rel, "unit.name")
