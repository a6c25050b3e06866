"""The demo: Bantaeng's assessment for the current season, with derived, confirmed and
verified levels and a few gaps, so that the top suggestion is visible at once."""

import os

from django.core.management import call_command
from django.urls import reverse

from clinics.models import User
from indexes.assessment import build
from indexes.choices import Source
from indexes.models import Assessment, InnovationAnswer, PemdaAnswer


def _load():
    call_command("load_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_demo_shows_bantaengs_predicted_index_and_its_top_suggestion(
    client, db, unscoped, django_capture_on_commit_callbacks
):
    _load()
    _load()  # idempotent
    season = Assessment.objects.get(agency__slug="bappeda-bantaeng")
    assert season.edition.code == "iid-2026"
    assert PemdaAnswer.objects.filter(assessment=season).count() == 17
    workbench = build(season)
    sources = {row.source for sheet in workbench.counted for row in sheet.rows}
    assert {Source.PROPOSED, Source.CONFIRMED, Source.VERIFIED} <= sources
    assert len(workbench.counted) == 7
    assert workbench.gaps  # some mandatory indicators are still empty
    assert 0 < workbench.strict.iid < workbench.claimed.iid
    assert InnovationAnswer.objects.filter(assessment=season).count() == 4

    client.force_login(User.objects.get(email="admin.bappeda@demo.klikbaik.id"))
    page = client.get(reverse("indexes:dashboard", args=["bappeda-bantaeng"])).content.decode()
    top = workbench.suggestions[0]
    assert top.indicator.name == "Opini BPK" and top.innovation is None
    iid = str(workbench.claimed.iid)
    assert iid in page or iid.replace(".", ",") in page
    assert workbench.claimed.band in page
    address = reverse("indexes:export", args=["bappeda-bantaeng", season.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"action": "render"}, HTTP_HX_REQUEST="true")
    export = client.get(reverse("indexes:export_download", args=["bappeda-bantaeng", season.pk]))
    assert export.status_code == 200 and b"".join(export.streaming_content)[:2] == b"PK"
