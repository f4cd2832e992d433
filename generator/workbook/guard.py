"""Look at a workbook file before any spreadsheet parser does: like a hostile YAML file, a hostile
workbook is refused with one clear sentence before it costs memory or runs anything.

Refused: anything but .xlsx (a .xlsm's macros are never read), files over the size limit,
encrypted or legacy files (an OLE container, not a zip), zip bombs (too many parts, too much
unpacked data, absurd compression ratios), macro parts inside a file named .xlsx, and XML with a
DTD (entity expansion), which Excel never writes.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from generator.workbook.problems import Problem, WorkbookError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200            # unpacked / packed, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
CHUNK = 1 << 16
MAX_CELLS = 300_000        # cells stored in all sheets (each costs the parser memory, even empty)
CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def inspect(path: Path, shown: str) -> None:
    """Raise WorkbookError (one file-level problem) unless `path` is a plain, bounded .xlsx."""
    message = _problem(path)
    if message:
        raise WorkbookError(shown, [Problem("", message)])


def _problem(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        return f"不读取含宏或二进制格式的工作簿（{suffix}）；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”"
    if suffix == ".xls":
        return "这是旧版 .xls 文件；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”"
    if suffix != ".xlsx":
        return f"应为 .xlsx 工作簿，实际文件扩展名为“{path.suffix or '（无）'}”"
    if not path.is_file():
        return "找不到这个文件，请检查文件名和所在文件夹"
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return f"文件大小 {size} 字节，超过上限 {MAX_FILE_BYTES} 字节；请检查是否选错了文件"
    with path.open("rb") as fh:
        head = fh.read(len(OLE_MAGIC))
    if head == OLE_MAGIC:
        return "文件设置了打开密码（已加密），或是旧版 .xls 格式；请取消密码后另存为 .xlsx"
    if not zipfile.is_zipfile(path):
        return "不是有效的 .xlsx 文件（不是 zip 格式，可能已损坏或只是改了扩展名）"
    try:
        with zipfile.ZipFile(path) as archive:
            return _archive_problem(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        return f"文件已损坏，无法解压（{type(exc).__name__}）；请在 Excel 中打开后重新保存"


def _archive_problem(archive: zipfile.ZipFile) -> str | None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"文件包含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}；不像是填报工作簿"
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED_BYTES:
        return f"解压后共 {total} 字节，超过上限 {MAX_UNPACKED_BYTES} 字节（可能是压缩炸弹）"
    names = {m.filename.lower() for m in members}
    if any(m.flag_bits & 0x1 for m in members):
        return "文件中的部件已加密；请取消密码后另存为 .xlsx"
    if any(n.endswith("vbaproject.bin") or ("activex" in n and n.endswith(".bin")) for n in names):
        return "工作簿含有宏（VBA）或 ActiveX 控件，不予读取；请另存为不含宏的 .xlsx"
    if "xl/workbook.xml" not in names or "[content_types].xml" not in names:
        return "不是 Excel 工作簿（缺少 xl/workbook.xml），可能是其他程序的 zip 文件"
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            return f"部件 {member.filename} 的压缩比异常（可能是压缩炸弹），不予读取"
    cells = [0]
    for member in members:
        if member.filename.lower().endswith((".xml", ".rels", ".vml")):
            found = _xml_problem(archive, member, cells)
            if found:
                return found
    return None


def _xml_problem(archive: zipfile.ZipFile, member: zipfile.ZipInfo, cells: list[int]) -> str | None:
    """A DTD, a macro-enabled content type or too many cells in one XML part, read in bounded
    chunks; `cells` counts the cells of every sheet so far."""
    seen = 0
    tail = b""
    sheet = member.filename.startswith("xl/worksheets/")
    with archive.open(member) as fh:
        while chunk := fh.read(CHUNK):
            seen += len(chunk)
            if seen > member.file_size or seen > MAX_UNPACKED_BYTES:
                return f"部件 {member.filename} 解压后比声明的大（可能是压缩炸弹），不予读取"
            window = (tail + chunk).lower()
            if b"<!doctype" in window or b"<!entity" in window:
                return f"部件 {member.filename} 含有 DTD 声明（Excel 不会写出），不予读取"
            if member.filename == "[Content_Types].xml" and b"macroenabled" in window:
                return "工作簿被标记为含宏（macroEnabled），不予读取；请另存为不含宏的 .xlsx"
            if seen == len(chunk) and (chunk.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in chunk[:64]):
                return f"部件 {member.filename} 不是 UTF-8 编码的 XML，不予读取"
            if sheet:  # matches ending inside the previous chunk's tail were counted with it
                cells[0] += sum(1 for m in CELL.finditer(tail + chunk) if m.end() > len(tail))
                if cells[0] > MAX_CELLS:
                    return f"工作表中的单元格超过 {MAX_CELLS} 个，不像是填报工作簿；请删除多余的行和列"
            tail = chunk[-16:]
    return None
