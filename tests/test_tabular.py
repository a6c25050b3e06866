"""The one table writer (klikbaik.tabular), read back with openpyxl and Python's csv."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from klikbaik import tabular
from tests.spreadsheets import (
    INJECTIONS,
    VERTICAL_TAB,
    WITHOUT_VERTICAL_TAB,
    assert_only_data,
    read_csv,
    workbook,
)

LONG = "Jemput dan antar ibu hamil ke puskesmas. " * 5
HEADER = ["Nama", "Jumlah", "Skor", "Mulai", "Diajukan", "Uraian", "Kosong"]
ROW = [
    "Bendera SASKIA",
    1250,
    Decimal("58.5"),
    date(2022, 7, 29),
    datetime(2026, 3, 1, 6, 30, tzinfo=UTC),
    LONG,
    None,
]


def _sheet(*rows, header=HEADER, name="Inovasi"):
    return tabular.Sheet(name, header, list(rows))


def _xlsx(*rows, **kwargs):
    with timezone.override(ZoneInfo("Asia/Makassar")):
        return workbook(tabular.xlsx([_sheet(*rows, **kwargs)]))


def test_numbers_and_dates_are_real_with_indonesian_formats():
    with translation.override("id"):
        sheet = _xlsx(ROW).active
    name, count, score, start, submitted, text, empty = sheet[2]
    assert (name.value, name.data_type) == ("Bendera SASKIA", "s")
    assert (count.value, count.data_type) == (1250, "n")
    assert (score.value, score.number_format) == (58.5, "#,##0.00")
    assert start.is_date and start.value == datetime(2022, 7, 29)
    assert start.number_format == "[$-421]d mmmm yyyy"  # 29 Juli 2022
    # Stored in UTC, shown as the wall-clock time of the active zone (WITA: +8).
    assert submitted.is_date and submitted.value == datetime(2026, 3, 1, 14, 30)
    assert submitted.number_format == "[$-421]d mmmm yyyy hh:mm"
    assert text.value == LONG and text.alignment.wrap_text
    assert empty.value is None


def test_dates_follow_the_language_of_the_export():
    with translation.override("en"):
        sheet = _xlsx(ROW).active
    assert sheet["D2"].number_format == "[$-809]d mmmm yyyy"  # 29 July 2022


def test_a_readable_sheet_header_frozen_bold_filtered_and_columns_wide_enough():
    book = _xlsx(ROW, ["Rapor Gizi", 3, 1.5, None, None, "Pendek", None])
    sheet = book.active
    assert_only_data(book)
    assert sheet.auto_filter.ref == "A1:G3"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"}
    assert widths["A"] >= len("Bendera SASKIA")
    assert widths["D"] >= len("29 September 2022")
    assert widths["E"] >= len("29 September 2022 14:30")
    assert tabular.MAX_WIDTH <= widths["F"] <= tabular.MAX_WIDTH + 3  # long text: capped, wrapped
    assert not sheet["A2"].alignment.wrap_text


@pytest.mark.parametrize("text", INJECTIONS)
def test_text_that_looks_like_a_formula_stays_text(text):
    book = _xlsx([text, 1, None, None, None, "-", None])
    cell = book.active["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert book.active["F2"].quotePrefix  # a lone minus sign too
    assert_only_data(book)


def test_control_characters_are_removed_and_line_breaks_kept():
    sheet = _xlsx([VERTICAL_TAB, 1, None, None, None, "satu\r\ndua\rtiga\x00\x1f\x7f", None]).active
    assert sheet["A2"].value == WITHOUT_VERTICAL_TAB
    assert sheet["F2"].value == "satu\ndua\ntiga"
    assert sheet["F2"].alignment.wrap_text


def test_several_sheets_with_names_excel_accepts():
    content = tabular.xlsx(
        [
            _sheet(ROW, name="Inovasi"),
            _sheet(ROW, name="inovasi"),
            _sheet(ROW, name="Skor: [2026] / strict?" + "x" * 40),
        ]
    )
    book = workbook(content)
    assert book.sheetnames == ["Inovasi", "inovasi (2)", "Skor 2026 strict " + "x" * 14]
    assert_only_data(book)


def test_an_empty_table_is_a_header_row():
    book = workbook(tabular.xlsx([_sheet()]))
    assert [c.value for c in book.active[1]] == HEADER
    assert book.active.max_row == 1
    assert_only_data(book)


@pytest.mark.parametrize("value", [True, object(), b"bytes"])
def test_values_of_no_spreadsheet_type_are_refused(value):
    with pytest.raises(TypeError):
        tabular.xlsx([_sheet([value])])
    with pytest.raises(TypeError):
        list(tabular.csv_lines(_sheet([value])))


def _csv(dialect, *rows):
    with timezone.override(ZoneInfo("Asia/Makassar")):
        return "".join(tabular.csv_lines(_sheet(*rows), dialect=dialect)).encode()


@pytest.mark.parametrize(
    ("dialect", "delimiter", "score"), [("semicolon", ";", "58,5"), ("comma", ",", "58.5")]
)
def test_csv_in_both_dialects(dialect, delimiter, score):
    content = _csv(dialect, ROW)
    rows = read_csv(content, delimiter=delimiter)
    assert rows[0] == HEADER
    assert rows[1] == [
        "Bendera SASKIA",
        "1250",
        score,
        "2022-07-29",
        "2026-03-01 14:30",
        LONG,
        "",
    ]
    assert content.count(b"\r\n") == 2
    assert tabular.DEFAULT_DIALECT == "semicolon"


@pytest.mark.parametrize("dialect", ["semicolon", "comma"])
def test_csv_cells_are_data(dialect):
    delimiter = tabular.DIALECTS[dialect].delimiter
    rows = read_csv(
        _csv(dialect, *[[text, -5, None, None, None, VERTICAL_TAB, None] for text in INJECTIONS]),
        delimiter=delimiter,
    )
    assert [row[0] for row in rows[1:]] == ["'" + text for text in INJECTIONS]
    assert {row[1] for row in rows[1:]} == {"-5"}  # a real negative number is left alone
    assert {row[5] for row in rows[1:]} == {WITHOUT_VERTICAL_TAB}
    # Every field is quoted: a separator inside a field cannot start a new cell.
    line = _csv(dialect, ["a;b,c", 1, None, None, None, "", None]).decode("utf-8-sig")
    assert line.splitlines()[1].startswith('"a;b,c"' + delimiter)
