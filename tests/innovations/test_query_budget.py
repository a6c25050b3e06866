"""The registry's pages issue the same number of queries at 10 and at 500 innovations:
the catalogue (plain and searched) and the clinic home. (The exports are jobs: their
request and their worker are counted in tests/innovations/test_exports.py.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovations.models import Innovation
from tests.clinics.factories import UnitFactory


def _add(agency, author, unit, count, start):
    Innovation.objects.bulk_create(
        Innovation(
            agency=agency,
            author=author,
            unit=unit,
            name=f"Inovasi sekolah {start + i}",
            problem="Anak putus sekolah.",
            status=["submitted", "coaching", "sustained"][i % 3],
            maturity="penerapan",
            is_published=True,
            sdgs=["4"],
        )
        for i in range(count)
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    [
        ("catalogue:catalogue", False, ""),
        ("catalogue:catalogue", False, "?q=sekolah"),
        ("clinics:home", True, ""),
    ],
    ids=["catalogue", "catalogue-search", "clinic-home"],
)
def test_same_queries_at_10_and_500_rows(client, agency_a, admin_a, unscoped, page):
    name, tenant, extra = page
    unit = UnitFactory(agency=agency_a)
    url = reverse(name, args=[agency_a.slug]) if tenant else reverse(name) + extra
    client.force_login(admin_a)
    _add(agency_a, admin_a, unit, 10, 0)
    small = _queries(client, url)
    _add(agency_a, admin_a, unit, 490, 10)
    assert _queries(client, url) == small
