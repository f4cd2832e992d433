"""Golden files pin the generated Markdown of the sample and of one multi-unit demo department
(示例区教育局: 本级 and schools, 财政专户, 事业收入, 上年结转, project parts, per-unit 三公).

Refresh with `.venv/bin/python -m pytest tests/test_golden.py --update-golden`, then read
`git diff tests/golden/` before committing: a person checks every change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from generator.demo import make_demo
from tests.conftest import copy_project, run_cli

GOLDEN = Path(__file__).parent / "golden" / "sample"
DEMO_GOLDEN = Path(__file__).parent / "golden" / "demo"
DEMO_UNIT = "2024/101/"  # the education bureau of make_demo(units=3, years=2, seed=1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = copy_project(tmp_path_factory.mktemp("golden") / "project")
    run = run_cli(root, "generate")
    assert run.code == 0, run.stderr
    out = root / "content" / "generated"
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(out.rglob("*.md"))}


@pytest.fixture(scope="module")
def demo_generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("golden-demo") / "project"
    make_demo(root, units=3, years=2, seed=1)
    run = run_cli(root, "generate")
    assert run.code == 0, run.stderr
    out = root / "content" / "generated"
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((out / DEMO_UNIT).rglob("*.md"))}


def test_golden_markdown(generated: dict[str, str], request: pytest.FixtureRequest) -> None:
    compare(generated, GOLDEN, request)


def test_golden_multi_unit_demo_department(demo_generated: dict[str, str], request: pytest.FixtureRequest) -> None:
    assert "部门本级和所属单位" in demo_generated[f"{DEMO_UNIT}index.md"]  # the shape this golden is for
    compare(demo_generated, DEMO_GOLDEN, request)


def compare(generated: dict[str, str], golden: Path, request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        for old in golden.rglob("*.md"):
            old.unlink()
        for rel, text in generated.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text, encoding="utf-8")
        pytest.skip(f"golden files rewritten: review `git diff tests/golden/{golden.name}/`")
    expected = {p.relative_to(golden).as_posix(): p.read_text(encoding="utf-8") for p in sorted(golden.rglob("*.md"))}
    assert sorted(generated) == sorted(expected)
    for rel, text in generated.items():
        if text != expected[rel]:
            diff = "".join(difflib.unified_diff(expected[rel].splitlines(True), text.splitlines(True),
                                                f"golden/{rel}", f"generated/{rel}"))
            pytest.fail(f"{rel} differs from its golden file:\n{diff}")
