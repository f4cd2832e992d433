"""Shared fixtures: a throwaway copy of the sample project and a way to run the CLI on it."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent
# The seed: the disclosure as published, as text (see tests/fixtures/README.md).
SEED = REPO / "tests" / "fixtures" / "seed-000_c3e30e10afc67c71.txt"
SAMPLE_FILE = "data/units/103003/2024.yaml"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """A runnable project in `dest`: mkdocs.yml, theme/ and a copy of data/ (the sample by default)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "theme", dest / "theme")
    (dest / "content").mkdir()
    shutil.copytree(data or REPO / "data", dest / "data")
    return dest


def run_cli(root: Path, *args: str, timeout: float = 300) -> Run:
    """Run `python -m generator --root ROOT ARGS` in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=root)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` by its SHA-256: equal dicts mean byte-identical trees."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def yaml_rt() -> YAML:
    """Round-trip YAML for editing data files in tests; Decimal amounts dump as plain numbers."""
    yaml = YAML()
    yaml.width = 100000
    yaml.representer.add_representer(
        Decimal, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", f"{d:f}"))
    return yaml


def edit_sample(root: Path, mutate: Callable[[Any], None]) -> None:
    """Load the project's sample disclosure, let `mutate` change it in place, write it back."""
    path = root / SAMPLE_FILE
    data = yaml_rt().load(path.read_text(encoding="utf-8"))
    mutate(data)
    with path.open("w", encoding="utf-8") as fh:
        yaml_rt().dump(data, fh)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the sample project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project built once per session; returns its site/ folder."""
    root = copy_project(tmp_path_factory.mktemp("sample") / "project")
    run = run_cli(root, "build")
    assert run.code == 0, run.stderr
    return root / "site"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (then read the diff!)")
