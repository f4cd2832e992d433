"""The fast loader builds exactly what the careful loader builds, positions included, and leaves
every unusual file to the careful loader (which explains the problem)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from generator import yamlsafe
from generator.yamlfast import fast_load

REPO = Path(__file__).resolve().parent.parent
FILES = sorted([*REPO.glob("data/**/*.yaml"), *REPO.glob("tests/fixtures/seed_as_published/data/**/*.yaml")])


def _careful(text: str) -> Any:
    return yamlsafe._yaml().load(text)


def assert_same(fast: Any, careful: Any, path: str = "") -> None:
    if isinstance(careful, dict):
        assert list(fast) == list(careful), path
        for k in careful:
            assert list(fast.lc.key(k)) == list(careful.lc.key(k)), f"{path}.{k}"
            assert list(fast.lc.value(k)) == list(careful.lc.value(k)), f"{path}.{k}"
            assert_same(fast[k], careful[k], f"{path}.{k}")
    elif isinstance(careful, list):
        assert len(fast) == len(careful), path
        for i, (a, b) in enumerate(zip(fast, careful, strict=True)):
            assert list(fast.lc.item(i)) == list(careful.lc.item(i)), f"{path}[{i}]"
            assert_same(a, b, f"{path}[{i}]")
    else:
        assert fast == careful and isinstance(careful, type(fast)), (path, fast, careful)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_fast_and_careful_loaders_agree_on_every_data_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = fast_load(text)
    assert fast is not None
    assert_same(fast, _careful(text))


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",
    "a: [&x 1, *x]\n",
    "a: !!python/object/apply:os.system ['true']\n",
    "a: !custom 1\n",
    "a: " + "[" * 30 + "]" * 30 + "\n",
    "a:\n\tb: 1\n",
    "a: 1\na: 2\n",
    "a: .inf\n",
    "a: 2024-13-45\n",
    "a: [1,\n",
    "a: \x07\n",
    "{1: 2}\n",
    "%YAML 1.1\n---\na: 010\nb: yes\n",  # the fast path reads YAML 1.2 only (010 is 8 in 1.1)
])
def test_unusual_input_is_left_to_the_careful_loader(text: str) -> None:
    assert fast_load(text) is None


def test_the_fast_loader_reads_scalars_by_yaml_1_2() -> None:
    loaded = fast_load("a: 010\nb: yes\nc: 0o10\nd: 1.50\ne: true\nf: ~\n")
    assert loaded == {"a": 10, "b": "yes", "c": 8, "d": Decimal("1.50"), "e": True, "f": None}
