"""Reading spreadsheet files into rows: .xlsx (Excel, WPS), .xls, and .csv in the encodings China uses.

One reader (python-calamine, a Rust library) reads .xlsx, .xls and .ods; CSV is decoded by a cascade
(byte-order mark → strict UTF-8 → GB18030, a superset of GBK) rather than guessed statistically: a GBK
file is almost never valid UTF-8 (its two-byte sequences break UTF-8's rules within the first few Chinese
characters), while a statistical detector, on a short file, can guess wrong. Measured: charset-normalizer
took the two-line GBK file 名称 / 张喆 for cp949 (Korean) and needed 0.21 s for a 3.3 MiB GBK file, where the
cascade needs 0.011 s and is right. The delimiter (comma, semicolon or tab) is the one that splits the
first lines consistently.

Whatever is wrong with a file is raised as :class:`ImportFileError` with a message in the user's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import WorkbenchError
from workbench.i18n import t

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and also an encrypted .xlsx
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
DELIMITERS = (",", ";", "\t")


class ImportFileError(WorkbenchError):
    """A file that cannot be read as a table (the message says why and what to do)."""


@dataclass
class SheetData:
    """One sheet as rows of cell values, row 0 being the spreadsheet's row 1."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only

    @property
    def is_empty(self) -> bool:
        return not any(_filled(c) for row in self.rows for c in row)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _kind_of(path: Path, head: bytes) -> str:
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return "book"
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        # Named like a workbook but is not one: a renamed document, image or text file.
        if b"\x00" in head or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
            raise ImportFileError(
                t(
                    "“{n}”不是 Excel/WPS 表格文件（可能是改了扩展名的其他文件）；请在表格软件中另存为 .xlsx",
                    "“{n}” is not an Excel/WPS workbook (perhaps another file renamed); save it as .xlsx",
                    n=path.name,
                )
            )
        return "csv"  # a CSV saved with an .xls name, as some systems export
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            t(
                "“{n}”不是表格或 CSV 文本文件",
                "“{n}” is neither a spreadsheet nor a CSV text file",
                n=path.name,
            )
        )
    return "csv"


def sheet_names(path: str | Path) -> list[str]:
    """The sheets of a workbook (a CSV file has one, named after the file)."""
    p = Path(path)
    head = _head(p)
    if _kind_of(p, head) == "csv":
        return [p.stem]
    book = _open_book(p)
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def read_sheets(path: str | Path) -> list[SheetData]:
    """Every sheet of the file (a workbook's may be empty; the caller picks and reports)."""
    p = Path(path)
    head = _head(p)
    if _kind_of(p, head) == "csv":
        return [read_csv(p)]
    book = _open_book(p)
    try:
        return [_sheet(book, name) for name in book.sheet_names]
    finally:
        book.close()


def read_sheet(path: str | Path, sheet: str | None = None) -> SheetData:
    """One sheet: the named one, else the first sheet that holds data."""
    p = Path(path)
    head = _head(p)
    if _kind_of(p, head) == "csv":
        return read_csv(p)
    book = _open_book(p)
    try:
        names = list(book.sheet_names)
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(
                    t(
                        "没有名为“{s}”的工作表；文件中的工作表：{a}",
                        "No sheet named “{s}”; the file has: {a}",
                        s=sheet,
                        a="、".join(names),
                    )
                )
            return _sheet(book, sheet)
        for name in names:
            data = _sheet(book, name)
            if not data.is_empty:
                return data
        raise ImportFileError(t("“{n}”的工作表都是空的", "Every sheet of “{n}” is empty", n=p.name))
    finally:
        book.close()


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise ImportFileError(t("找不到文件：{p}", "File not found: {p}", p=path)) from None
    except IsADirectoryError:
        raise ImportFileError(t("“{p}”是文件夹，不是文件", "“{p}” is a folder, not a file", p=path)) from None
    except OSError as exc:
        raise ImportFileError(
            t("无法读取文件“{p}”：{e}", "Cannot read “{p}”: {e}", p=path, e=exc.strerror or exc)
        ) from None
    if not head:
        raise ImportFileError(t("文件“{n}”是空的", "The file “{n}” is empty", n=path.name))
    return head


def _open_book(path: Path) -> Any:
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise ImportFileError(
            t(
                "“{n}”设有打开密码；请在 Excel/WPS 中取消密码后另存，再导入",
                "“{n}” is password-protected; remove the password in Excel/WPS, save, and import again",
                n=path.name,
            )
        ) from None
    except Exception as exc:  # calamine raises several error types for a damaged or foreign file
        if _encrypted_ole(path):
            raise ImportFileError(
                t(
                    "“{n}”设有打开密码；请在 Excel/WPS 中取消密码后另存，再导入",
                    "“{n}” is password-protected; remove the password in Excel/WPS, save, and import again",
                    n=path.name,
                )
            ) from None
        raise ImportFileError(
            t(
                "无法读取“{n}”：它不是有效的 Excel/WPS 表格，或已损坏（{e}）",
                "Cannot read “{n}”: not a valid Excel/WPS workbook, or damaged ({e})",
                n=path.name,
                e=type(exc).__name__,
            )
        ) from None


def _encrypted_ole(path: Path) -> bool:
    """An encrypted .xlsx is an OLE compound file holding an "EncryptionInfo" stream."""
    try:
        data = path.read_bytes()[: 1 << 20]
    except OSError:
        return False
    return data.startswith(OLE_MAGIC) and "EncryptionInfo".encode("utf-16-le") in data


def _sheet(book: Any, name: str) -> SheetData:
    sheet = book.get_sheet_by_name(name)
    # skip_empty_area=False keeps row and column numbers the ones the user sees in the spreadsheet.
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    if not all(type(r) is list for r in rows[:1]):  # rows are lists (mutable) already: not copied
        rows = [list(r) for r in rows]
    merged: list[tuple[int, int, int, int]] = []
    try:
        for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
            merged.append((r0, c0, r1, c1))
    except Exception:  # .xls and .ods may not report merged cells; expanding them is a convenience
        merged = []
    return SheetData(name=name, rows=rows, merged=merged)


# -- CSV ---------------------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: returns (text, encoding name). Raises ImportFileError if no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            t(
                "无法识别文件的文字编码（既不是 UTF-8 也不是 GBK），第 {b} 字节附近有无效字符",
                "Cannot tell the file's text encoding (neither UTF-8 nor GBK); invalid bytes near byte {b}",
                b=exc.start,
            )
        ) from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of columns."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        if not counts or max(counts) < 2:
            continue
        # Most lines with the modal width, then the widest.
        modal = max(set(counts), key=counts.count)
        score = (counts.count(modal) if modal > 1 else 0, modal)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: Path) -> SheetData:
    data = path.read_bytes()
    text, encoding = decode(data)
    delim = sniff_delimiter(text)
    try:
        rows: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    except csv.Error as exc:
        raise ImportFileError(t("CSV 文件格式有误：{e}", "The CSV file is malformed: {e}", e=exc)) from None
    return SheetData(name=path.stem, rows=rows, encoding=encoding, delimiter=delim)


def expand_merged_header(sheet: SheetData, header_row: int) -> int:
    """Give every cell of a merged header range the range's text; returns how many cells were filled."""
    filled = 0
    if header_row >= len(sheet.rows):
        return 0
    row = sheet.rows[header_row]
    for r0, c0, r1, c1 in sheet.merged:
        if not (r0 <= header_row <= r1):
            continue
        value = sheet.rows[r0][c0] if r0 < len(sheet.rows) and c0 < len(sheet.rows[r0]) else ""
        for c in range(c0, c1 + 1):
            if c < len(row) and not _filled(row[c]) and _filled(value):
                row[c] = value
                filled += 1
    return filled


def nonblank(row: Sequence[Any]) -> bool:
    """Whether the row holds anything (a million rows pass here: the common cases are tested first)."""
    for c in row:
        if c == "" or c is None:
            continue
        if not isinstance(c, str) or c.strip():
            return True
    return False
