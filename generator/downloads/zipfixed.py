"""Zip archives that are byte-identical from one build to the next.

Python's `zipfile` stamps each entry with the current local time, and a workbook records a time in
its docProps/core.xml. Published downloads must not change when the data has not (the writer then
leaves them alone, and a reproducible build gives the same bytes), so every stamp is one fixed
moment (workbook.stamp for the docProps): SOURCE_DATE_EPOCH when the build sets it (the
reproducible-builds convention), else 2000-01-01 00:00:00 UTC.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterable

FALLBACK = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold


def build_time() -> dt.datetime:
    """SOURCE_DATE_EPOCH (seconds since 1970, UTC) when set and valid, else the fixed fallback."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw.isdigit():
        try:
            return max(dt.datetime.fromtimestamp(int(raw), tz=dt.UTC), ZIP_EPOCH)
        except (OverflowError, OSError, ValueError):
            return FALLBACK
    return FALLBACK


def pack(entries: Iterable[tuple[str, bytes]], *, when: dt.datetime | None = None, comment: bytes = b"") -> bytes:
    """A deflated zip of `entries` in the order given, every entry stamped `when` (`build_time()`),
    with fixed permissions and no extra fields."""
    stamp = (when or build_time()).astimezone(dt.UTC)
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix: the same bytes whichever system builds
            archive.writestr(info, data, compresslevel=9)
    return buf.getvalue()

