"""The copy-ready page for the organiser's application, a background job: who may make it,
and the page itself, read back with lxml: each national field's text and its word count
against its limit."""

import lxml.html
import pytest
from django.urls import reverse

from competitions.models import DossierSection
from innovations.models import word_count
from jobs.models import Job
from tests.matrix import ROLES, ask, expected

MATRIX = [
    ("copy_page", None, [200, 200, 200, 200, 200, 404, 404]),
    ("copy_page", {"action": "render"}, [302, 302, 302, 302, 302, 404, 404]),
    ("copy_page_download", None, [404, 404, 404, 404, 404, 404, 404]),  # none made yet
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "post", "statuses"), MATRIX, ids=["job", "make", "download"])
def test_the_permission_matrix(
    client, request, kipp_dossier, django_capture_on_commit_callbacks, role, name, post, statuses
):
    """Those who see the dossier: its team (the staff member is its innovation's author),
    its agency's coaches and the region's coordinator; nobody of another region."""
    with django_capture_on_commit_callbacks(execute=True):
        status = ask(
            client, request, role, f"competitions:{name}", {"pk": kipp_dossier.pk}, post=post
        )
    assert status == expected(statuses, role)


def test_each_field_with_its_text_and_its_word_count(
    client, agency_a, admin_a, kipp_dossier, django_capture_on_commit_callbacks, unscoped
):
    summary = DossierSection.objects.get(dossier=kipp_dossier, section__title="Ringkasan")
    summary.text = "Jemput antar ibu hamil. " * 60  # 240 words, the limit is 200
    summary.save()
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("competitions:copy_page", args=[agency_a.slug, kipp_dossier.pk]),
            {"action": "render"},
        )
    job = Job.objects.get(kind="copy_page")
    assert job.status == "ready" and job.expires_at is not None
    response = client.get(
        reverse("competitions:copy_page_download", args=[agency_a.slug, kipp_dossier.pk])
    )
    assert "Bendera SASKIA - salin.html" in response["Content-Disposition"]
    page = lxml.html.fromstring(b"".join(response.streaming_content).decode())
    assert page.get("lang") == "id" and not page.xpath("//script|//link|//img")
    fields = page.xpath("//section[@data-field]")
    rows = list(DossierSection.objects.filter(dossier=kipp_dossier).order_by("section__order"))
    assert [f.get("data-field") for f in fields] == [r.section.title for r in rows]
    for field, row in zip(fields, rows, strict=True):
        assert field.xpath("string(.//textarea)") == row.text
        assert int(field.get("data-words")) == word_count(row.text)
    ringkasan = fields[0].xpath("string(.//p[contains(@class, 'count')])")
    assert "240 dari paling banyak 200 kata" in ringkasan
    assert "melebihi batas" in ringkasan
