"""Download files as pages link to them: where each lives, what it is called, how big it is."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

FOLDER = "downloads"  # inside each disclosure's folder (2024/103003/downloads/) and at the site root


@dataclass(frozen=True)
class Download:
    """One file offered for download: `path` from the generated folder's root (its URL path too)."""

    path: str
    label: str   # what the file holds: 表1 部门收支总表, 全部预算表工作簿
    format: str  # CSV, XLSX, JSON, ZIP
    size: int    # bytes

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def size_text(self) -> str:
        return size_text(self.size)

    @property
    def text(self) -> str:
        """The link text: the table and the format, with the size: 表1 部门收支总表（CSV，2.1 KB）."""
        return f"{self.label}（{self.format}，{self.size_text}）"

    def href(self, page: str) -> str:
        """The link from the generated page `page` (2024/103003/tables.md, served at the folder URL
        2024/103003/tables/): relative, so it works from a sub-path and from the file system."""
        return posixpath.relpath(self.path, page_folder(page) or ".")


def page_folder(page: str) -> str:
    """The URL folder of a generated page (directory URLs): index.md '', downloads.md 'downloads',
    2024/103003/index.md '2024/103003', 2024/103003/tables.md '2024/103003/tables'."""
    return page.removesuffix("index.md").removesuffix(".md").rstrip("/")


def size_text(size: int) -> str:
    """812 B, 2.1 KB, 1.3 MB (1 KB = 1024 bytes, as file managers show), a no-break space before
    the unit so a narrow screen never wraps between them."""
    if size < 1024:
        return f"{size}\u00a0B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}\u00a0KB"
    return f"{size / 1024 / 1024:.1f}\u00a0MB"


def disclosure_folder(year: int, code: str) -> str:
    return f"{year}/{code}/{FOLDER}"


def table_file(year: int, code: str, table_id: str) -> str:
    return f"{disclosure_folder(year, code)}/{code}-{year}-{table_id}.csv"


def workbook_file(year: int, code: str) -> str:
    return f"{disclosure_folder(year, code)}/{code}-{year}.xlsx"


def json_file(year: int, code: str) -> str:
    return f"{disclosure_folder(year, code)}/{code}-{year}.json"
