"""The register's exports: asked for on the list page, built by a job (queue exports) and
downloaded through a permission-checking view; read back as a spreadsheet program opens
them (XLSX through openpyxl, CSV through Python's csv module in both dialects), with what
a staff author might type."""

import time
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clinics.models import Membership
from innovations.exports import FIELDS
from jobs.models import Job
from jobs.services import dispatch
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory
from tests.spreadsheets import (
    INJECTIONS,
    VERTICAL_TAB,
    WITHOUT_VERTICAL_TAB,
    assert_only_data,
    read_csv,
    workbook,
)

NAME, DESIGN, STATUS, TRIAL, CREATED = (
    FIELDS.index(f) for f in ("name", "design", "status", "trial_start", "created_at")
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


def _ask(client, agency, fmt, *, run=True, capture=None, query="", **filters):
    """Press an export button as the page does with htmx (the filter form's fields come
    along); the job runs (eagerly) after the commit unless ``run`` is false."""
    url = reverse("innovations:export", args=[agency.slug]) + query
    data = {"action": "render", "format": fmt, **filters}
    with capture(execute=run):
        return client.post(url, data, HTTP_HX_REQUEST="true")


def _download(client, agency, job):
    return client.get(reverse("innovations:export_download", args=[agency.slug, job.pk]))


@pytest.fixture
def export(client, agency_a, django_capture_on_commit_callbacks, unscoped):
    """Ask for an export and download it; return the download's response."""

    def run(fmt, **filters):
        response = _ask(
            client, agency_a, fmt, capture=django_capture_on_commit_callbacks, **filters
        )
        assert response.status_code == 200
        job = Job.objects.get(kind="registry_export")
        assert job.status == "ready", job.detail
        download = _download(client, agency_a, job)
        assert download.status_code == 200
        return download

    return run


def test_the_xlsx_holds_data_only_with_real_dates(client, agency_a, admin_a, planted, export):
    client.force_login(admin_a)
    response = export("xlsx")
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    day = timezone.localdate(timezone=agency_a.zoneinfo)
    assert response["Content-Disposition"] == (
        f'attachment; filename="dinas-kesehatan-innovations-{day:%Y%m%d}.xlsx"'
    )
    book = workbook(b"".join(response.streaming_content))
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
    # In the language of the person who asked (the tests' client reads English).
    assert sheet.title == "Innovations" and first[STATUS].value == "In coaching"


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ";"), ("csv-comma", ",")])
def test_the_csv_holds_data_only_in_both_dialects(client, admin_a, planted, export, fmt, delimiter):
    client.force_login(admin_a)
    response = export(fmt)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    rows = read_csv(b"".join(response.streaming_content), delimiter=delimiter)
    assert len(rows) == 1 + len(INJECTIONS) and all(len(r) == len(FIELDS) for r in rows)
    assert sorted(row[NAME] for row in rows[1:]) == sorted("'" + text for text in INJECTIONS)
    assert {row[DESIGN] for row in rows[1:]} == {WITHOUT_VERTICAL_TAB}
    assert {row[TRIAL] for row in rows[1:]} == {"2022-07-29"}


def test_the_filters_chosen_on_the_page_are_the_exports(
    client, agency_a, admin_a, staff_a, planted, export, django_capture_on_commit_callbacks
):
    InnovationFactory(agency=agency_a, author=staff_a, name="Sudah diterapkan", status="sustained")
    client.force_login(admin_a)
    # With htmx the filter form's fields come in the POST (what the list shows now).
    rows = read_csv(b"".join(export("csv", status="sustained").streaming_content), delimiter=";")
    assert [row[NAME] for row in rows[1:]] == ["Sudah diterapkan"]
    job = Job.objects.get()
    assert job.params == {"format": "csv", "filters": {"status": "sustained"}, "language": "en"}
    # Without JavaScript the export form's address carries the page's filters.
    url = reverse("innovations:export", args=[agency_a.slug]) + "?status=coaching&q="
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "render", "format": "xlsx"})
    assert response.status_code == 302
    assert response["Location"] == reverse("innovations:list", args=[agency_a.slug]) + (
        "?status=coaching&q="
    )
    job = Job.objects.latest("pk")
    assert job.params["filters"] == {"status": "coaching"}
    book = workbook(b"".join(_download(client, agency_a, job).streaming_content))
    assert sorted(row[NAME] for row in book.active.iter_rows(min_row=2, values_only=True)) == (
        sorted(INJECTIONS)
    )


def test_only_admins_export_and_only_their_own_exports_download(
    client,
    agency_a,
    admin_a,
    staff_a,
    facilitator_a,
    planted,
    export,
    django_capture_on_commit_callbacks,
    unscoped,
):
    client.force_login(admin_a)
    export("xlsx")
    job = Job.objects.get()
    assert job.requested_by == admin_a and job.subject == f"user:{admin_a.pk}"
    assert job.expires_at - timezone.now() > timedelta(days=6)  # kept EXPORT_KEEP_DAYS
    for person in (staff_a, facilitator_a):
        client.force_login(person)
        assert (
            _ask(client, agency_a, "xlsx", capture=django_capture_on_commit_callbacks).status_code
            == 403
        )
        assert _download(client, agency_a, job).status_code == 403
        page = client.get(reverse("innovations:list", args=[agency_a.slug])).content.decode()
        assert 'data-testid="export-csv"' not in page and "export-job" not in page
    assert Job.objects.count() == 1
    # Another admin of the same clinic: the export is its requester's own.
    other = MembershipFactory(agency=agency_a, role="admin").user
    client.force_login(other)
    assert _download(client, agency_a, job).status_code == 404
    poll = client.get(reverse("innovations:export", args=[agency_a.slug]), HTTP_HX_REQUEST="true")
    assert 'data-status="none"' in poll.content.decode()


def test_an_export_whose_requester_is_no_longer_admin_fails_with_a_reason(
    client, agency_a, admin_a, planted, django_capture_on_commit_callbacks, unscoped
):
    client.force_login(admin_a)
    _ask(client, agency_a, "xlsx", run=False, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert job.status == "queued"
    Membership.objects.filter(user=admin_a, agency=agency_a).update(role="staff")
    dispatch(job)  # the worker takes it now
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert job.shown_reason.startswith("You may no longer export this clinic's register")


def test_a_bad_format_is_refused_and_nothing_is_queued(
    client, agency_a, admin_a, django_capture_on_commit_callbacks, unscoped
):
    client.force_login(admin_a)
    response = _ask(client, agency_a, "ods", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 400 and not Job.objects.exists()


def test_the_request_only_queues_the_export_in_a_few_queries_whatever_the_rows(
    client, agency_a, admin_a, staff_a, django_capture_on_commit_callbacks, unscoped
):
    """The request saves a row and returns: its queries and time do not grow with the
    register (nothing holds it for two seconds). The worker reads the rows in chunks: its
    queries do not grow either (until a progress report every 500 rows)."""
    client.force_login(admin_a)
    counts = []
    for more in (3, 297):
        InnovationFactory.create_batch(more, agency=agency_a, author=staff_a, status="coaching")
        with (
            django_capture_on_commit_callbacks() as callbacks,
            CaptureQueriesContext(connection) as request_queries,
        ):
            started = time.perf_counter()
            response = client.post(
                reverse("innovations:export", args=[agency_a.slug]),
                {"action": "render", "format": "xlsx"},
                HTTP_HX_REQUEST="true",
            )
            elapsed = time.perf_counter() - started
        assert response.status_code == 200 and elapsed < 2
        assert 'hx-trigger="every 2s"' in response.content.decode()  # the page polls the job
        with CaptureQueriesContext(connection) as job_queries:
            for callback in callbacks:
                callback()  # the worker's part
        assert Job.objects.latest("pk").status == "ready"
        counts.append((len(request_queries), len(job_queries)))
    assert counts[0] == counts[1]
    assert counts[0][0] <= 12


def test_the_list_shows_the_export_buttons_the_dialects_and_the_latest_export(
    client, agency_a, admin_a, planted, export
):
    client.force_login(admin_a)
    list_url = reverse("innovations:list", args=[agency_a.slug])
    page = client.get(list_url).content.decode()
    assert 'value="csv-comma"' in page and 'hx-include="#innovation-filters"' in page
    assert "CSV “;” is the default, for Excel set to Indonesian" in page
    assert 'data-testid="export-job" data-status="none"' in page
    export("xlsx")
    page = client.get(list_url).content.decode()
    job = Job.objects.get()
    assert reverse("innovations:export_download", args=[agency_a.slug, job.pk]) in page


def test_the_export_holds_every_field_with_its_labels(
    client, agency_a, admin_a, staff_a, unit_a, export
):
    InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Bendera SASKIA",
        unit=unit_a,
        status="coaching",
        urusan="kesehatan",
        sdgs=[3],
        other_urusan=["sosial"],
    )
    client.force_login(admin_a)
    rows = read_csv(b"".join(export("csv").streaming_content), delimiter=";")
    assert rows[0][:3] == ["ID", "author", "status"]
    assert {"design and main changes (rancang bangun)", "SDG goals", "replicated from"} <= set(
        rows[0]
    )
    assert len(rows) == 2 and "Bendera SASKIA" in rows[1] and "Puskesmas Sinoa" in rows[1]
    assert (
        "Health" in rows[1]
        and "Social affairs" in rows[1]
        and "3 Good health and well-being" in rows[1]
    )
    Job.objects.all().delete()
    book = workbook(b"".join(export("xlsx", status="coaching").streaming_content))
    values = list(book.active.iter_rows(values_only=True))
    assert len(values) == 2 and "Bendera SASKIA" in values[1]
    assert len(values[0]) == len(rows[0])
