"""Competition lists issue the same number of queries at 10 and at 120 dossiers."""

import pytest
from django.urls import reverse

from competitions.models import Dossier
from tests.innovations.factories import InnovationFactory


def _dossiers(kipp, agencies, count):
    category = kipp.categories.get()
    innovations = [
        InnovationFactory(agency=agencies[i % len(agencies)], status="coaching")
        for i in range(count)
    ]
    Dossier.objects.bulk_create(
        Dossier(agency=i.agency, category=category, innovation=i, title=i.name, status="draft")
        for i in innovations
    )


@pytest.mark.parametrize("count", [10, 120])
def test_regional_table(
    client,
    kipp,
    agency_a,
    agency_b,
    coordinator,
    coordinator_agency,
    count,
    unscoped,
    django_assert_max_num_queries,
):
    _dossiers(kipp, [agency_a, agency_b], count)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("competitions:region", args=[coordinator_agency.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 120])
def test_dossier_and_competition_lists(
    client, kipp, agency_a, admin_a, count, unscoped, django_assert_max_num_queries
):
    _dossiers(kipp, [agency_a], count)
    client.force_login(admin_a)
    for name in ("dossiers", "list"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(f"competitions:{name}", args=[agency_a.slug]))
        assert response.status_code == 200
    with django_assert_max_num_queries(14):
        client.get(reverse("competitions:detail", args=[agency_a.slug, kipp.pk]))
