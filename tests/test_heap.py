"""The collector during a generation (heap.py): rare collections, loaded data frozen, and all of it
given back afterwards, so that a long `serve` session frees each finished build."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from generator import heap, pipeline
from tests.conftest import copy_project


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the collector frees it


def test_a_generation_collects_rarely_then_gives_everything_back() -> None:
    default = gc.get_threshold()
    with heap.generation():
        assert gc.get_threshold() == heap.THRESHOLDS
        with heap.generation():  # nested: the outer block decides
            pass
        assert gc.get_threshold() == heap.THRESHOLDS
        node = Node()
        ref = weakref.ref(node)
        heap.settled()
        assert gc.get_freeze_count() > 0
        del node
        gc.collect()
        assert ref() is not None  # frozen: kept for the rest of the generation
    assert gc.get_threshold() == default and gc.get_freeze_count() == 0
    gc.collect()
    assert ref() is None  # given back: the next collection frees it


def test_settled_outside_a_generation_freezes_nothing() -> None:
    heap.settled()
    assert gc.get_freeze_count() == 0


def test_generate_leaves_the_collector_as_it_found_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    default = gc.get_threshold()
    pipeline.generate(root)
    assert gc.get_threshold() == default and gc.get_freeze_count() == 0
