"""Build the checked site with the release's timestamp, then write its packages, all or none.

The site is built exactly as `build` builds it (`cli.build_site`: checks, strict MkDocs, link check)
into a temporary folder, unless `site_dir` asks to keep it. The three files, `<base>.tar.gz`,
`<base>.zip` and `<base>.SHA256SUMS` (the manifest also found inside both packages), are first
written under temporary names in the output folder and renamed only when all are complete, so a
failure leaves no partial package; leftovers of a killed run are removed by the next one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.errors import HostError
from generator.release.archive import Entry, scan, with_manifest, write_tar_gz, write_zip
from generator.release.epoch import Stamp, head_tag, release_stamp, source_date

DEFAULT_NAME = "budget-site"
Writer = Callable[[BinaryIO, str, list[Entry], int], None]


@dataclass(frozen=True)
class Release:
    base: str
    stamp: Stamp
    files: int  # files of the site listed in the manifest
    paths: tuple[Path, ...]  # tar.gz, zip, SHA256SUMS

    def sha256(self, path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()


def release(root: Path, out: Path, site_dir: Path | None = None, name: str = DEFAULT_NAME,
            version: str | None = None) -> Release:
    from generator.cli import build_site  # the CLI's checked, fail-safe build

    stamp = release_stamp(root)
    base = f"{name}-{version or head_tag(root) or stamp.date.replace('-', '')}"
    out = _output_folder(out, base)
    with tempfile.TemporaryDirectory(prefix="budget-release-") as tmp:
        with source_date(stamp.epoch):
            site = build_site(root, site_dir or Path(tmp) / "site", remember=site_dir is not None)
        entries, sums = with_manifest(scan(site))
        paths = write_all(out, base, entries, sums, stamp.epoch)
    return Release(base, stamp, sums.count(b"\n"), paths)


def _output_folder(out: Path, base: str) -> Path:
    out = out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob(f".{base}.*.tmp-*"):  # a killed release's unfinished files
            stale.unlink()
    except OSError as exc:
        raise _unwritable(out, exc) from None
    return out


def _unwritable(out: Path, exc: OSError) -> HostError:
    return HostError(f"无法写入发布目录 {out}（{exc.strerror or exc}），未生成发布包；"
                     "请检查该位置的权限和磁盘空间，或用 --out 指定其他文件夹")


def write_all(out: Path, base: str, entries: list[Entry], sums: bytes, epoch: int) -> tuple[Path, ...]:
    """The packages and the manifest under temporary names, then renamed into place together."""
    targets: list[tuple[str, Writer | bytes]] = [
        (f"{base}.tar.gz", write_tar_gz), (f"{base}.zip", write_zip), (f"{base}.SHA256SUMS", sums)]
    done: list[tuple[Path, Path]] = []
    try:
        for filename, make in targets:
            fd, tmp = tempfile.mkstemp(prefix=f".{filename}.tmp-", dir=out)
            done.append((Path(tmp), out / filename))
            with os.fdopen(fd, "wb") as fh:
                if isinstance(make, bytes):
                    fh.write(make)
                else:
                    make(fh, base, entries, epoch)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; a package is meant to be shared
        for tmp_path, final in done:
            os.replace(tmp_path, final)
    except BaseException as exc:
        for tmp_path, _ in done:
            tmp_path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _unwritable(out, exc) from None
        raise
    return tuple(final for _, final in done)
