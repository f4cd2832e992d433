"""The one time a reproducible build and its packages carry: `SOURCE_DATE_EPOCH`.

Everything else of the site depends on the data and the code alone (checked: two builds in different
folders at different times are byte-identical), except the dates MkDocs writes into `sitemap.xml`
(each page's lastmod) and the gzip header of `sitemap.xml.gz`. MkDocs takes both from the
environment variable `SOURCE_DATE_EPOCH` when it is set (the reproducible-builds.org convention),
otherwise from today's date. A release sets it for its build and uses it for every timestamp of its
packages, from the first of:

1. `SOURCE_DATE_EPOCH` in the environment, as given;
2. the commit time of HEAD when the project is a git checkout (what the published files came from);
3. `FIXED_EPOCH`, 1980-01-01 00:00:00 UTC: the earliest time a ZIP file can store.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.errors import HostError

VARIABLE = "SOURCE_DATE_EPOCH"
FIXED_EPOCH = 315532800  # 1980-01-01T00:00:00Z
_DIGITS = re.compile(r"[0-9]{1,12}")
SAFE_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")


@dataclass(frozen=True)
class Stamp:
    """A build time (seconds since 1970, UTC) and where it came from, said in Chinese."""

    epoch: int
    source: str

    @property
    def date(self) -> str:
        return dt.datetime.fromtimestamp(self.epoch, dt.UTC).strftime("%Y-%m-%d")


def from_environment() -> int | None:
    """`SOURCE_DATE_EPOCH` as an integer; None when unset or empty (CI files often declare it empty).
    A malformed value stops the build, as the convention asks, instead of MkDocs' traceback."""
    value = os.environ.get(VARIABLE, "").strip()
    if not value:
        return None
    if not _DIGITS.fullmatch(value):
        raise HostError(f"环境变量 {VARIABLE}={value!r} 不是有效的时间戳；应为 1970-01-01 起的整秒数"
                        "（如 1717200000，可用 git log -1 --format=%ct 得到），或者不设置")
    return int(value)


def normalise_environment() -> None:
    """Before a build: reject a malformed value and drop an empty one, which MkDocs would choke on."""
    if from_environment() is None:
        os.environ.pop(VARIABLE, None)


def git(root: Path, *args: str) -> str | None:
    """A git command's output in `root`; None when git is missing or `root` is not in a repository."""
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30,
                              check=False, env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def head_time(root: Path) -> int | None:
    """The commit time of HEAD of the repository holding `root`."""
    out = git(root, "log", "-1", "--format=%ct", "HEAD")
    return int(out) if out and _DIGITS.fullmatch(out) else None


def head_tag(root: Path) -> str | None:
    """A tag pointing at HEAD, when it is usable in a file name (e.g. v2024.1)."""
    out = git(root, "describe", "--tags", "--exact-match", "HEAD")
    return out if out and SAFE_TAG.fullmatch(out) else None


# What a site is built from, besides tracked files changed anywhere (the code, when it is in the
# repository): new files here count too; the output folders (site/, dist/, content/generated/) never.
INPUTS = ("data", "content", "theme", "templates", "mkdocs.yml", ":(exclude)content/generated")


def uncommitted(root: Path) -> bool:
    """Whether the checkout has changes no commit holds: a package of them cannot be rebuilt from
    a commit, and HEAD's time no longer dates what it contains."""
    return bool(git(root, "status", "--porcelain", "--untracked-files=no")
                or git(root, "status", "--porcelain", "--untracked-files=all", "--", *INPUTS))


def release_stamp(root: Path) -> Stamp:
    env = from_environment()
    if env is not None:
        return Stamp(env, f"环境变量 {VARIABLE}")
    commit = head_time(root)
    if commit is not None:
        return Stamp(commit, "git 仓库当前提交（HEAD）的时间")
    return Stamp(FIXED_EPOCH, f"固定日期（未设置 {VARIABLE}，项目也不是 git 仓库）")


@contextmanager
def source_date(epoch: int) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` set for what runs inside (MkDocs reads it while building), then restored."""
    old = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = old
