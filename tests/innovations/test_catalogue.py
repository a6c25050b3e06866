"""The catalogue: published innovations cross agencies; nothing else ever does."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from innovations.models import Evidence, Innovation
from tests.innovations.factories import InnovationFactory


@pytest.fixture
def published(agency_a, staff_a):
    return InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Bendera SASKIA",
        status="sustained",
        is_published=True,
    )


@pytest.fixture
def unpublished(agency_a, staff_a):
    return InnovationFactory(
        agency=agency_a, author=staff_a, name="Rahasia Dapur", status="coaching"
    )


def _evidence(innovation, title, public):
    evidence = Evidence(
        agency=innovation.agency,
        innovation=innovation,
        title=title,
        kind="report",
        is_public=public,
        original_name="x.pdf",
        size=9,
    )
    evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    evidence.save()
    return evidence


def test_other_agencies_see_published_innovations_only(client, published, unpublished, admin_c):
    client.force_login(admin_c)
    page = client.get(reverse("catalogue:catalogue")).content.decode()
    assert "Bendera SASKIA" in page and "Rahasia Dapur" not in page
    assert client.get(reverse("catalogue:catalogue_detail", args=[published.pk])).status_code == 200
    assert (
        client.get(reverse("catalogue:catalogue_detail", args=[unpublished.pk])).status_code == 404
    )


def test_only_public_evidence_crosses(client, published, admin_c, unscoped):
    public = _evidence(published, "Laporan publik", True)
    private = _evidence(published, "SK internal", False)
    client.force_login(admin_c)
    page = client.get(reverse("catalogue:catalogue_detail", args=[published.pk])).content.decode()
    assert "Laporan publik" in page and "SK internal" not in page
    assert (
        client.get(
            reverse("catalogue:catalogue_evidence", args=[published.pk, public.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("catalogue:catalogue_evidence", args=[published.pk, private.pk])
        ).status_code
        == 404
    )


def test_the_catalogue_needs_a_sign_in(client, published):
    response = client.get(reverse("catalogue:catalogue"))
    assert response.status_code == 302


def test_search_finds_names_brands_problems_and_designs(client, agency_a, staff_a, admin_c):
    InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Satu Malam Wajib Akta",
        brand_name="SAMAWAKI",
        is_published=True,
        status="sustained",
        problem="Bayi lahir tanpa akta kelahiran.",
    )
    InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Terminal Darah",
        is_published=True,
        status="coaching",
        problem="Stok darah kosong.",
    )
    client.force_login(admin_c)
    for text in ("samawaki", "akta", "darah"):
        page = client.get(reverse("catalogue:catalogue"), {"q": text}).content.decode()
        assert ("SAMAWAKI" in page) == (text != "darah"), text
        assert ("Terminal Darah" in page) == (text == "darah"), text


def test_replicate_this_starts_an_idea_in_ones_own_agency(
    client, published, agency_c, admin_c, unscoped
):
    client.force_login(admin_c)
    response = client.post(
        reverse("catalogue:catalogue_replicate", args=[published.pk]), {"agency": agency_c.slug}
    )
    copy = Innovation.objects.get(agency=agency_c)
    assert response["Location"] == reverse(
        "innovations:edit", args=[agency_c.slug, copy.pk, "idea"]
    )
    assert (copy.origin, copy.status, copy.author) == (published, "draft", admin_c)


def test_one_cannot_replicate_into_someone_elses_agency(
    client, published, agency_b, admin_c, unscoped
):
    client.force_login(admin_c)
    response = client.post(
        reverse("catalogue:catalogue_replicate", args=[published.pk]), {"agency": agency_b.slug}
    )
    assert response.status_code == 404
    assert not Innovation.objects.filter(agency=agency_b).exists()
