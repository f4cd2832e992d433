"""The two sides of a diff: a git ref of the project's repository, or a folder, made into a project
root that `generator.load` reads, and loaded.

A ref's `data/` is read with `git archive` into a temporary folder: the user's checkout, index and
branches are never touched. A folder is used where it is (a project root with `data/`, or the
`data/` folder itself, linked from a temporary root). A side whose data does not load is still a
side: its load problems are its findings, and it has no disclosures to compare. Deriving and
checking come later (`generator.diff.scope`), limited to what the change can affect.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from generator.check.report import from_problems
from generator.errors import DataError, HostError
from generator.issues import Report
from generator.load import Dataset, load


@dataclass(frozen=True)
class Side:
    """One side as loaded: its data, or the problems that kept it from loading."""

    spec: str
    description: str
    data: Dataset | None
    problems: Report


def open_side(spec: str, root: Path, stack: ExitStack) -> Side:
    """Resolve `spec` (a folder first, else a git ref of `root`'s repository) and load it."""
    project, description = resolve(spec, root, stack)
    return load_side(spec, description, project)


def resolve(spec: str, root: Path, stack: ExitStack) -> tuple[Path, str]:
    """A project root holding the side's `data/`, and a description of where it came from."""
    path = Path(spec).expanduser()
    if spec and path.exists():
        return _folder(path.resolve(), stack), f"文件夹 {path.resolve()}"
    commit = _commit(spec, root)
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-diff-")))
    _archive(root, spec, commit, tmp)
    return tmp, f"提交 {commit[:10]}（{spec}）"


def _folder(path: Path, stack: ExitStack) -> Path:
    if not path.is_dir():
        raise HostError(f"{path} 是一个文件；请给出项目根目录（含 data/）、data/ 文件夹或 git 提交")
    if (path / "data").is_dir():
        return path
    if (path / "units").is_dir() or (path / "site.yaml").is_file():  # the data/ folder itself
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-diff-")))
        (tmp / "data").symlink_to(path, target_is_directory=True)
        return tmp
    raise HostError(f"文件夹 {path} 中没有 data/，也不像 data/ 文件夹本身（没有 units/ 或 site.yaml）；"
                    "请给出项目根目录或 data/ 文件夹")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise HostError("找不到 git 命令；比较提交需要安装 git（Debian：apt-get install git），"
                        "或改为给出两个文件夹") from None


def _commit(spec: str, root: Path) -> str:
    if not spec or spec.startswith("-"):
        raise HostError(f"“{spec}”既不是文件夹，也不是 git 提交；请给出文件夹路径或提交（分支名、标签、提交号）")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise HostError(f"找不到文件夹 {spec}，且 {root} 不是 git 仓库，无法按提交比较；"
                        "请给出已有的文件夹，或用 --root 指定 git 仓库中的项目")
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}")
    if found.returncode != 0:
        raise HostError(f"找不到 {spec}：既不是已有的文件夹，也不是 {root} 所在 git 仓库中的提交、分支或标签；"
                        "在 CI 中请先取回该分支（如 git fetch origin main，或检出时 fetch-depth: 0）")
    return found.stdout.decode().strip()


def _archive(root: Path, spec: str, commit: str, dest: Path) -> None:
    """The commit's `data/` (of the project at `root`, which may be a subfolder of the repository)."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.decode().strip()
    run = _git(root, "archive", "--format=tar", "--prefix=data/", f"{commit}:{prefix}data")
    if run.returncode != 0:
        raise HostError(f"提交 {spec}（{commit[:10]}）中没有 {prefix}data/ 文件夹；请确认该提交包含预算数据")
    with tarfile.open(fileobj=io.BytesIO(run.stdout)) as tar:
        tar.extractall(dest, filter="data")


def load_side(spec: str, description: str, project: Path) -> Side:
    """Load one side; a side that does not load keeps its problems, to report them as its findings."""
    try:
        return Side(spec, description, load(project, cache=False), Report())
    except DataError as exc:
        return Side(spec, description, None, from_problems(exc))
