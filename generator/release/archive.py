"""Byte-reproducible `.tar.gz` and `.zip` of a folder, and its SHA-256 manifest.

Archives record more than file contents: entry order (file-system order), timestamps (when the
build ran), owners and modes (who built it, with which umask), and gzip adds its own time and file
name. Each is fixed here, so the same files give the same bytes: entries sorted by path, every
timestamp the release's `SOURCE_DATE_EPOCH`, owner root (uid/gid 0, no names), modes 0644 for files
and 0755 for folders, the gzip header with time 0 and no name, fixed compression levels (gzip 9,
ZIP deflate's default). Byte equality then also needs the same zlib (the same Python build), as for
any compressed artifact.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import shutil
import stat
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from generator.errors import BuildError

MANIFEST = "SHA256SUMS"
FILE_MODE, DIR_MODE = 0o644, 0o755
_CHUNK = 1 << 20
_ZIP_MIN = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the DOS date range a ZIP entry can hold
_ZIP_MAX = dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Entry:
    """One member: a folder, a file on disk (`source`), or bytes made here (`data`, the manifest)."""

    name: str  # relative POSIX path inside the package folder
    source: Path | None = None
    data: bytes | None = None

    @property
    def is_dir(self) -> bool:
        return self.source is None and self.data is None

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.source.stat().st_size if self.source is not None else 0

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.source is not None
        return self.source.open("rb")

    def sort_key(self) -> tuple[str, ...]:
        return tuple(self.name.split("/"))  # a folder sorts right before what it holds


def scan(folder: Path) -> list[Entry]:
    """Every folder and regular file under `folder`, sorted; links and special files are refused
    (a package must not point outside itself)."""
    found: list[Entry] = []
    for path in folder.rglob("*"):
        rel = path.relative_to(folder).as_posix()
        if "\n" in rel or "\\" in rel:
            raise BuildError(f"{path}: 文件名含换行或反斜杠，无法写入校验清单；请改名")
        if path.is_symlink() or not (path.is_dir() or path.is_file()):
            raise BuildError(f"{path}: 网站中有符号链接或特殊文件，发布包只收普通文件；请改为普通文件")
        found.append(Entry(rel) if path.is_dir() else Entry(rel, source=path))
    return sorted(found, key=Entry.sort_key)


def sha256(entry: Entry) -> str:
    digest = hashlib.sha256()
    with entry.open() as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def manifest(entries: list[Entry]) -> bytes:
    """`sha256sum` format (`<hex>  <path>`), one line per file, sorted by path: `sha256sum -c` checks it."""
    files = sorted((e for e in entries if not e.is_dir), key=lambda e: e.name)
    return "".join(f"{sha256(e)}  {e.name}\n" for e in files).encode("utf-8")


def with_manifest(entries: list[Entry]) -> tuple[list[Entry], bytes]:
    """The entries plus `SHA256SUMS` (of every other file) at the top of the package folder."""
    if any(e.name == MANIFEST for e in entries):
        raise BuildError(f"网站根目录已有名为 {MANIFEST} 的文件，与发布包的校验清单重名；请改名")
    sums = manifest(entries)
    return sorted([*entries, Entry(MANIFEST, data=sums)], key=Entry.sort_key), sums


def write_tar_gz(out: BinaryIO, prefix: str, entries: list[Entry], epoch: int) -> None:
    """A POSIX (pax) tar of `prefix/…`, gzip-compressed with a fixed header."""
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.addfile(_tar_info(prefix, None, epoch))
        for entry in entries:
            info = _tar_info(f"{prefix}/{entry.name}", entry, epoch)
            if entry.is_dir:
                tar.addfile(info)
            else:
                with entry.open() as fh:
                    tar.addfile(info, fh)


def _tar_info(name: str, entry: Entry | None, epoch: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mtime = epoch
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    if entry is None or entry.is_dir:
        info.type, info.mode = tarfile.DIRTYPE, DIR_MODE
    else:
        info.type, info.mode, info.size = tarfile.REGTYPE, FILE_MODE, entry.size
    return info


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    """The epoch as a ZIP entry's date and time (UTC; ZIP keeps no zone), clamped to its range."""
    when = min(max(dt.datetime.fromtimestamp(epoch, dt.UTC), _ZIP_MIN), _ZIP_MAX)
    return (when.year, when.month, when.day, when.hour, when.minute, when.second)


def write_zip(out: BinaryIO, prefix: str, entries: list[Entry], epoch: int) -> None:
    """A ZIP of `prefix/…`, deflated, with Unix modes (so unzip restores 0644/0755) and one timestamp."""
    when = zip_time(epoch)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(_zip_info(f"{prefix}/", when, DIR_MODE | stat.S_IFDIR), b"")
        for entry in entries:
            if entry.is_dir:
                zf.writestr(_zip_info(f"{prefix}/{entry.name}/", when, DIR_MODE | stat.S_IFDIR), b"")
                continue
            info = _zip_info(f"{prefix}/{entry.name}", when, FILE_MODE | stat.S_IFREG)
            info.file_size = entry.size
            with entry.open() as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, _CHUNK)


def _zip_info(name: str, when: tuple[int, int, int, int, int, int], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when)
    info.create_system = 3  # Unix: external_attr carries the mode
    info.external_attr = mode << 16
    if name.endswith("/"):
        info.external_attr |= 0x10  # MS-DOS directory flag
        info.compress_type = zipfile.ZIP_STORED
    else:
        info.compress_type = zipfile.ZIP_DEFLATED
    return info
