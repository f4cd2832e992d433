"""A rebuild with nothing changed does nothing: `build` compares a fingerprint of every input.

The fingerprint hashes the content of everything a build reads — data/, templates/, theme/, the
hand-written pages of content/, mkdocs.yml, the generator's own code and templates — with the
installed packages (their dist-info names carry the versions), the Python version, the
environment variables a build reads (SOURCE_DATE_EPOCH, BUDGET_SITE_OFFLINE) and the command's
options (site folder, --offline, --years, --units, --site-url). After a successful build it is
stored under .cache/builds/ together with a listing of the published site (path, size, mtime of
each file); `build` skips all work only when both match, so a site edited or deleted by hand, or
any doubt at all, means a full build. Nothing heavy is imported here: the answer takes a fraction
of a second.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import json
import os
import sys
import sysconfig
from pathlib import Path

from generator.writer import atomic_write

ENVIRONMENT = ("SOURCE_DATE_EPOCH", "BUDGET_SITE_OFFLINE")
_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_digest(*modules: str) -> str:
    """SHA-256 of the named modules' source files: the disk caches put it in their keys, so that an
    entry made by other code (a changed writer, renderer or parser) is never reused."""
    h = hashlib.sha256()
    for name in modules:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(name)
        h.update(name.encode("utf-8") + b"\0" + Path(spec.origin).read_bytes())
    return h.hexdigest()


def _stamp_file(root: Path, site_dir: Path) -> Path:
    name = hashlib.sha256(str(site_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return root / ".cache" / "builds" / f"{name}.json"


def files(folder: Path, skip: str | None = None) -> list[Path]:
    """Every file under `folder` (symbolic links followed), sorted, without __pycache__ folders and,
    when given, anything named `skip` below `folder`."""
    return [Path(entry.path) for entry in _entries(folder, skip)]


def _entries(folder: Path, skip: str | None = None) -> list[os.DirEntry[str]]:
    """The files of `files`, as directory entries (one scandir per folder: a site of 10,000 files is
    listed in a third of the time pathlib's rglob and is_file take)."""
    out: list[os.DirEntry[str]] = []
    pending = [str(folder)]
    while pending:
        try:
            with os.scandir(pending.pop()) as found:
                for entry in found:
                    if entry.name == skip or entry.name == "__pycache__":
                        continue
                    if entry.is_dir():
                        pending.append(entry.path)
                    elif entry.is_file():
                        out.append(entry)
        except (FileNotFoundError, NotADirectoryError):
            continue
    out.sort(key=lambda e: Path(e.path))
    return out


def inputs(root: Path, options: dict[str, object], extra: tuple[Path, ...] = ()) -> str:
    """The fingerprint of everything a build of `root` with `options` reads (and the `extra` files)."""
    h = hashlib.sha256()
    h.update(json.dumps({"options": options, "python": sys.version, "env": {k: os.environ.get(k) for k in ENVIRONMENT},
                         "packages": packages()}, sort_keys=True, default=str).encode("utf-8"))
    paths = [root / "mkdocs.yml", *files(root / "data"), *files(root / "templates"), *files(root / "theme"),
             *files(root / "content", skip="generated"), *files(_PACKAGE), *extra]
    for path in paths:
        h.update(str(path).encode("utf-8") + b"\0" + file_digest(path))
    return h.hexdigest()


def file_digest(path: Path) -> bytes:
    """The SHA-256 of a file's bytes, or b"missing" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).digest()
    except OSError:
        return b"missing"


def packages() -> list[str]:
    """The installed distributions with their versions (from the dist-info folder names)."""
    folders = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    return sorted(name for folder in folders if Path(folder).is_dir()
                  for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info", ".pth")))


def site_listing(site_dir: Path) -> str:
    """Every file of the published site by path, size and modification time."""
    h = hashlib.sha256()
    for entry in _entries(site_dir):
        st = entry.stat()
        h.update(f"{Path(entry.path).relative_to(site_dir).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def up_to_date(root: Path, site_dir: Path, fingerprint: str) -> bool:
    """True only when the last successful build of `site_dir` had this fingerprint and its output is untouched."""
    try:
        stored = json.loads(_stamp_file(root, site_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(stored, dict) and stored.get("inputs") == fingerprint and site_dir.is_dir()
            and stored.get("site") == site_listing(site_dir))


def record(root: Path, site_dir: Path, fingerprint: str) -> None:
    """Remember a successful build (a failure to write it only means a full build next time)."""
    with contextlib.suppress(OSError):
        atomic_write(_stamp_file(root, site_dir),
                     json.dumps({"inputs": fingerprint, "site": site_listing(site_dir)}) + "\n")


def forget(root: Path, site_dir: Path) -> None:
    """Drop the record before a build changes the site, so a failed build is never taken as current."""
    _stamp_file(root, site_dir).unlink(missing_ok=True)
