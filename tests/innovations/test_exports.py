"""The register's exports as a spreadsheet program opens them: XLSX through openpyxl, CSV
through Python's csv module in both dialects, with what a staff author might type."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovations.exports import FIELDS
from tests.innovations.factories import InnovationFactory
from tests.spreadsheets import (
    INJECTIONS,
    VERTICAL_TAB,
    WITHOUT_VERTICAL_TAB,
    assert_only_data,
    read_csv,
    workbook,
)

NAME, DESIGN, TRIAL, CREATED = (
    FIELDS.index(f) for f in ("name", "design", "trial_start", "created_at")
)


@pytest.fixture
def planted(agency_a, staff_a, unit_a):
    """One innovation per injection string, each with Word's vertical tab in its design."""
    return [
        InnovationFactory(
            agency=agency_a,
            author=staff_a,
            unit=unit_a,
            name=text,
            design=VERTICAL_TAB,
            status="coaching",
            trial_start=date(2022, 7, 29),
        )
        for text in INJECTIONS
    ]


def _export(client, agency, fmt):
    response = client.get(reverse("innovations:export", args=[agency.slug, fmt]))
    assert response.status_code == 200
    return response


def test_the_xlsx_holds_data_only_with_real_dates(client, agency_a, admin_a, planted):
    client.force_login(admin_a)
    response = _export(client, agency_a, "xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = workbook(response.content)
    assert_only_data(book)
    sheet = book.active
    rows = list(sheet.iter_rows(min_row=2))
    assert sorted(row[NAME].value for row in rows) == sorted(INJECTIONS)
    assert {row[DESIGN].value for row in rows} == {WITHOUT_VERTICAL_TAB}
    first = rows[0]
    assert first[0].data_type == "n" and isinstance(first[0].value, int)  # the ID
    assert first[TRIAL].is_date and first[TRIAL].value == datetime(2022, 7, 29)
    created = timezone.localtime(planted[0].created_at, agency_a.zoneinfo)
    assert first[CREATED].is_date
    assert abs(first[CREATED].value - created.replace(tzinfo=None)) < timedelta(seconds=1)
    # Columns fit what they hold, within limits; nothing is cut to Excel's 8 characters.
    letter = first[NAME].column_letter
    assert sheet.column_dimensions[letter].width >= max(len(t) for t in INJECTIONS[1:]) - 2


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ";"), ("csv-comma", ",")])
def test_the_csv_holds_data_only_in_both_dialects(
    client, agency_a, admin_a, planted, fmt, delimiter
):
    client.force_login(admin_a)
    response = _export(client, agency_a, fmt)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(b"".join(response.streaming_content), delimiter=delimiter)
    assert len(rows) == 1 + len(INJECTIONS) and all(len(r) == len(FIELDS) for r in rows)
    assert sorted(row[NAME] for row in rows[1:]) == sorted("'" + text for text in INJECTIONS)
    assert {row[DESIGN] for row in rows[1:]} == {WITHOUT_VERTICAL_TAB}
    assert {row[TRIAL] for row in rows[1:]} == {"2022-07-29"}


def test_the_page_offers_both_csv_dialects_and_says_which_is_the_default(
    client, agency_a, admin_a, staff_a
):
    client.force_login(admin_a)
    page = client.get(reverse("innovations:list", args=[agency_a.slug])).content.decode()
    assert reverse("innovations:export", args=[agency_a.slug, "csv-comma"]) in page
    assert "CSV “;” is the default, for Excel set to Indonesian" in page
    client.force_login(staff_a)
    page = client.get(reverse("innovations:list", args=[agency_a.slug])).content.decode()
    assert "csv-comma" not in page
    assert _status(client, agency_a, "csv-comma") == 403


def _status(client, agency, fmt):
    return client.get(reverse("innovations:export", args=[agency.slug, fmt])).status_code


def test_an_unknown_format_is_not_found(client, agency_a, admin_a):
    client.force_login(admin_a)
    assert _status(client, agency_a, "ods") == 404
