"""The site-wide bundle: the Fiscal Data Package and one zip of every CSV and JSON file."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import zipfile
from pathlib import Path

from generator.catalogue import Names
from generator.downloads import fiscal, workbook, zipfixed
from generator.downloads.links import FOLDER, Download
from generator.model import Disclosure, Site
from generator.writer import atomic_write

PACKAGE = f"{FOLDER}/datapackage.json"
PACKAGE_CSV = f"{FOLDER}/{fiscal.CSV_NAME}"
ZIP = f"{FOLDER}/budget-data.zip"

README = """部门预算数据（全部单位、全部年度）

datapackage.json 与 {csv}：财政数据包（Fiscal Data Package），每行一条预算收支数据，金额单位万元。
<年度>/<单位编码>/：各单位每张预算表的 CSV 文件和全部数据（JSON）。

CSV 文件为 UTF-8 编码（带 BOM），Excel 可直接打开；科目编码为完整编码（如 2010302）；金额为两位小数。
以 = + - @ 开头的文字前加了单引号 '，防止表格软件把它当作公式执行。
"""


def package_files(site: Site, disclosures: list[Disclosure], names: Names) -> dict[str, bytes]:
    """datapackage.json and its CSV, at downloads/ (the same names inside the zip)."""
    data = fiscal.budget_csv([d for d in disclosures if d.kind == "预算"], names)
    years = sorted({d.year for d in disclosures})
    doc = fiscal.descriptor(site, years, len(data))
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    return {PACKAGE: text.encode("utf-8"), PACKAGE_CSV: data}


def zip_bundle(package: dict[str, bytes], per_disclosure: dict[str, bytes], previous: bytes | None = None,
               kept: Path | None = None) -> bytes:
    """Every CSV and JSON file, sorted by name, fixed timestamps: the same bytes for the same data.
    The archive's comment is a digest of its entries; an archive with the same digest is reused
    (compressing a district's ~30 MB takes seconds): `previous` (the last generation's), or the
    copy kept in the file `kept` (in the project's cache, for a clean checkout), which holds the
    last archive made, after the SHA-256 of its bytes so that a damaged copy is never served."""
    entries = {path.removeprefix(f"{FOLDER}/"): data for path, data in package.items()}
    for path, data in per_disclosure.items():
        if path.endswith((".csv", ".json")):
            entries[path.replace(f"/{FOLDER}/", "/")] = data
    entries["README.txt"] = README.format(csv=fiscal.CSV_NAME).encode("utf-8")
    ordered = sorted(entries.items())
    digest = hashlib.sha256(zipfixed.build_time().isoformat().encode())
    for name, data in ordered:
        digest.update(f"{name}\x00{len(data)}\x00".encode())
        digest.update(data)
    comment = f"{workbook.FINGERPRINT_PREFIX}{digest.hexdigest()}".encode()
    if previous is not None and _comment(previous) == comment:
        made = previous
    else:
        found = _read_kept(kept)
        if found is not None and _comment(found) == comment:
            return found
        made = zipfixed.pack(ordered, comment=comment)
    if kept is not None and not _holds(kept, made):
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time next build
            atomic_write(kept, hashlib.sha256(made).digest() + made)
    return made


def _holds(path: Path, made: bytes) -> bool:
    """True when the kept file is this archive: its size, then its stored digest (32 bytes read)."""
    try:
        if path.stat().st_size != 32 + len(made):
            return False
        with path.open("rb") as fh:
            return fh.read(32) == hashlib.sha256(made).digest()
    except OSError:
        return False


def _read_kept(path: Path | None) -> bytes | None:
    """The archive kept at `path` if its bytes are those it was stored with."""
    try:
        raw = path.read_bytes() if path is not None else b""
    except OSError:
        return None
    data = raw[32:]
    return data if len(raw) > 32 and hashlib.sha256(data).digest() == raw[:32] else None


def _comment(data: bytes) -> bytes | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.comment
    except zipfile.BadZipFile:
        return None


def site_downloads(files: dict[str, bytes]) -> tuple[Download, ...]:
    """The site-wide files as the 数据下载 page lists them (sizes from `files`)."""
    return (Download(ZIP, "全部数据压缩包", "ZIP", len(files[ZIP])),
            Download(PACKAGE, "财政数据包描述文件 datapackage.json", "JSON", len(files[PACKAGE])),
            Download(PACKAGE_CSV, "全部单位预算收支明细", "CSV", len(files[PACKAGE_CSV])))
