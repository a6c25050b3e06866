"""One writer for every table the portal hands out: XLSX workbooks and CSV files.

The domain apps say what the columns are called and hand over rows of plain values; this
module decides how they look in the program that opens them (Excel, LibreOffice, Google
Sheets), the same way for every export:

- **A cell is data, never a formula.** Text is always written as text. Text that a
  spreadsheet would read as a formula (starting with ``= + - @``, a tab or a line break,
  OWASP's list) carries Excel's *quote prefix* in XLSX (shown as typed, kept as text when
  edited) and a leading apostrophe in CSV, where every field is also quoted (OWASP, "CSV
  Injection"). Control characters (a vertical tab pasted from Word, ...) are removed;
  line breaks become the in-cell line feed.
- **Numbers and dates are real.** ``int`` is a whole number, ``Decimal`` and ``float``
  a number shown with two decimals, ``date`` and ``datetime`` real dates (aware times in
  the active time zone) shown in Indonesian ("29 Juli 2022") or English by the active
  language. ``None`` is an empty cell. Anything else is refused (``TypeError``).
- **A readable sheet.** Bold header row, frozen, with an auto-filter; columns as wide as
  their content (within limits); long text wrapped.
- **CSV** is UTF-8 with a byte-order mark (Excel on Windows then reads accents right), in
  two dialects: ``semicolon`` (the default: Excel set to Indonesian splits on ``;`` and
  reads ``58,5``) and ``comma`` (Excel in English and most other programs).

XLSX is written with XlsxWriter in constant-memory mode (rows go to a temporary file as
they come) and with its conversions of strings to formulas, numbers and URLs off; it was
measured against openpyxl on the register of 2,000 innovations (the commit that chose it
gives the figures). This module imports no domain app.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone, translation
from django.utils.functional import Promise

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# C0 controls but tab and the line ends, DEL, C1 controls, and the two non-characters that
# XML (and so XLSX) refuses.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_END = re.compile("\r\n?")
# What a spreadsheet reads as the start of a formula (OWASP; CR is a line feed by then).
FORMULA_START = ("=", "+", "-", "@", "\t", "\n")

# Excel's locale tags: the month names follow the tag whatever the reader's own settings.
_LOCALE_TAG = {"id": "[$-421]", "en": "[$-809]"}
DATE_FORMAT = "d mmmm yyyy"
DATETIME_FORMAT = "d mmmm yyyy hh:mm"
DECIMAL_FORMAT = "#,##0.00"

# Column widths in characters: at least, at most, and where text starts to wrap.
MIN_WIDTH, MAX_WIDTH, HEADER_WIDTH = 6, 60, 30
_DATE_WIDTH, _DATETIME_WIDTH = 18, 24


@dataclass(frozen=True)
class Sheet:
    """One table: a sheet of a workbook, or a whole CSV file."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence]


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal: str


DIALECTS = {"semicolon": Dialect(";", ","), "comma": Dialect(",", ".")}
DEFAULT_DIALECT = "semicolon"


def clean_text(value) -> str:
    """Text as a cell may hold it: no control characters, line ends as line feeds."""
    return _LINE_END.sub("\n", _CONTROL.sub("", str(value)))


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def _local(value: datetime) -> datetime:
    """A spreadsheet has no time zones: aware times in the active zone, naive."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


def _kind(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        raise TypeError("A cell holds no booleans: give the label to show.")
    if isinstance(value, str | Promise):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal | float):
        return "decimal"
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    raise TypeError(f"A cell cannot hold {type(value).__name__}.")


# XLSX


class _Formats:
    """The few cell formats a sheet needs, made once per workbook."""

    def __init__(self, book):
        tag = _LOCALE_TAG.get((translation.get_language() or "id")[:2], _LOCALE_TAG["id"])
        top = {"valign": "top"}
        self.header = book.add_format({**top, "bold": True, "text_wrap": True, "bottom": 1})
        self.date = book.add_format({**top, "num_format": tag + DATE_FORMAT, "align": "left"})
        self.datetime = book.add_format(
            {**top, "num_format": tag + DATETIME_FORMAT, "align": "left"}
        )
        self.decimal = book.add_format({**top, "num_format": DECIMAL_FORMAT})
        self.int = book.add_format(top)
        self._text = {
            (wrap, quote): book.add_format({**top, "text_wrap": wrap, "quote_prefix": quote})
            for wrap in (False, True)
            for quote in (False, True)
        }

    def text(self, *, wrap: bool, quote: bool):
        return self._text[(wrap, quote)]


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique."""
    base = " ".join(re.sub(r"[\[\]:*?/\\]", " ", clean_text(name)).split())[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _write_sheet(book, formats: _Formats, sheet: Sheet, name: str) -> None:
    worksheet = book.add_worksheet(name)
    header = [clean_text(title) for title in sheet.header]
    widths = [min(max(len(title), MIN_WIDTH), HEADER_WIDTH) for title in header]
    for column, title in enumerate(header):
        worksheet.write_string(0, column, title, formats.header)
    row_number = 0
    for row_number, values in enumerate(sheet.rows, start=1):
        for column, value in enumerate(values):
            width = _write_cell(worksheet, formats, row_number, column, value)
            if column >= len(widths):
                widths.append(MIN_WIDTH)
            widths[column] = max(widths[column], width)
    for column, width in enumerate(widths):
        worksheet.set_column(column, column, min(width, MAX_WIDTH) + 2)
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, row_number, max(len(widths), 1) - 1)


def _write_cell(worksheet, formats: _Formats, row: int, column: int, value) -> int:
    """Write one value; return the width it asks of its column."""
    kind = _kind(value)
    if kind == "empty":
        return 0
    if kind == "text":
        text = clean_text(value)
        longest = max(map(len, text.split("\n")))
        wrap = "\n" in text or longest > MAX_WIDTH
        worksheet.write_string(
            row, column, text, formats.text(wrap=wrap, quote=looks_like_formula(text))
        )
        return longest
    if kind == "int":
        worksheet.write_number(row, column, value, formats.int)
        return len(str(value))
    if kind == "decimal":
        worksheet.write_number(row, column, float(value), formats.decimal)
        return len(f"{value:,.2f}")
    if kind == "datetime":
        worksheet.write_datetime(row, column, _local(value), formats.datetime)
        return _DATETIME_WIDTH
    worksheet.write_datetime(row, column, value, formats.date)
    return _DATE_WIDTH


def xlsx(sheets: Iterable[Sheet]) -> bytes:
    """A workbook of ``sheets``, in order; rows are read once, as they come."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": DATE_FORMAT,
        },
    )
    formats, taken = _Formats(book), set()
    for sheet in sheets:
        _write_sheet(book, formats, sheet, _sheet_name(sheet.name, taken))
    book.close()
    return out.getvalue()


# CSV


class _Line:
    """A file-like object whose ``write`` returns what it is given (csv.writer's output
    one line at a time, for streaming)."""

    def write(self, value: str) -> str:
        return value


def _csv_field(value, dialect: Dialect) -> str:
    kind = _kind(value)
    if kind == "empty":
        return ""
    if kind == "text":
        text = clean_text(value)
        return "'" + text if looks_like_formula(text) else text
    if kind == "int":
        return str(value)
    if kind == "decimal":
        return format(Decimal(str(value)).normalize(), "f").replace(".", dialect.decimal)
    if kind == "datetime":
        return _local(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def csv_lines(sheet: Sheet, *, dialect: str = DEFAULT_DIALECT) -> Iterator[str]:
    """The table as CSV lines (UTF-8 text; the first starts with the byte-order mark).
    Every field is quoted; dates are ISO 8601, which spreadsheets read in any locale."""
    chosen = DIALECTS[dialect]
    writer = csv.writer(
        _Line(), delimiter=chosen.delimiter, quoting=csv.QUOTE_ALL, lineterminator="\r\n"
    )
    yield "\ufeff" + writer.writerow([clean_text(title) for title in sheet.header])
    for values in sheet.rows:
        yield writer.writerow([_csv_field(value, chosen) for value in values])
