"""The region's register as a spreadsheet, for its coordinators: a job like the agency
list's export, holding every agency's innovations from "submitted" on (never a draft,
never another region), each row starting with its agency; read back with openpyxl and
Python's csv module. Nobody else may ask for it or download it."""

import pytest
from django.urls import reverse
from django.utils import translation

from innovations.exports import FIELDS, headers
from jobs.models import Job
from tests.innovations.test_register import SHOWN, region_a  # noqa: F401 - the fixture
from tests.spreadsheets import INJECTIONS, assert_only_data, read_csv, workbook

AGENCY, NAME = 0, 1 + FIELDS.index("name")


def _ask(client, where, fmt, capture, **filters):
    url = reverse("innovations:register_export", args=[where.slug])
    with capture(execute=True):
        return client.post(
            url, {"action": "render", "format": fmt, **filters}, HTTP_HX_REQUEST="true"
        )


def _download(client, agency, job):
    return client.get(reverse("innovations:export_download", args=[agency.slug, job.pk]))


@pytest.fixture
def exported(client, coordinator, coordinator_agency, django_capture_on_commit_callbacks):
    def run(fmt, **filters):
        client.force_login(coordinator)
        response = _ask(
            client, coordinator_agency, fmt, django_capture_on_commit_callbacks, **filters
        )
        assert response.status_code == 200
        job = Job.objects.get(kind="registry_export", agency=coordinator_agency)
        assert job.status == "ready", job.detail
        download = _download(client, coordinator_agency, job)
        assert download.status_code == 200
        return b"".join(download.streaming_content)

    return run


def test_the_register_xlsx_holds_the_regions_innovations_with_their_agencies(
    region_a,  # noqa: F811
    exported,
    agency_a,
    agency_b,
):
    book = workbook(exported("xlsx"))
    assert_only_data(book)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    with translation.override("en"):  # the tests' client reads English
        assert header == ["Agency", *headers()]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert {row[NAME] for row in rows} == SHOWN  # no draft, nothing from Makassar
    by_name = {row[NAME]: row[AGENCY] for row in rows}
    assert by_name["Terminal Darah"] == agency_b.name
    assert by_name["Inovasi coaching"] == agency_a.name


def test_the_register_csv_follows_the_registers_filters(
    region_a,  # noqa: F811
    exported,
    agency_b,
):
    rows = read_csv(exported("csv", agency=str(agency_b.pk)), delimiter=";")
    assert [row[NAME] for row in rows[1:]] == ["Terminal Darah"]


def test_text_typed_as_a_formula_stays_text_in_the_register(exported, agency_a, admin_a, unscoped):
    from tests.innovations.factories import InnovationFactory

    for text in INJECTIONS:
        InnovationFactory(agency=agency_a, author=admin_a, name=text, status="submitted")
    book = workbook(exported("xlsx"))
    assert_only_data(book)
    names = {row[NAME].value for row in book.active.iter_rows(min_row=2)}
    assert names == set(INJECTIONS)


@pytest.mark.parametrize("who", ["admin_a", "staff_a", "admin_c"])
def test_only_the_regions_coordinators_export_the_register(
    client, request, who, django_capture_on_commit_callbacks, unscoped
):
    person = request.getfixturevalue(who)
    agency = person.memberships.get().agency
    client.force_login(person)
    response = _ask(client, agency, "xlsx", django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Job.objects.filter(kind="registry_export").exists()


def test_a_register_export_is_its_requesters_own(
    client,
    region_a,  # noqa: F811
    exported,
    coordinator_agency,
    organisasi_admin,
    admin_a,
):
    exported("xlsx")
    job = Job.objects.get(kind="registry_export")
    # Another coordinator of the region (another agency) and an agency admin: not found.
    for person in (organisasi_admin, admin_a):
        client.force_login(person)
        agency = person.memberships.get().agency
        assert _download(client, agency, job).status_code == 404
