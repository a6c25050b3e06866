"""The demo: Bantaeng's assessment for the current season, with derived, confirmed and
verified levels and a few gaps, so that the top suggestion is visible at once."""

import os

import lxml.html
from django.core.management import call_command
from django.urls import reverse

from clinics.models import User
from indexes.assessment import build
from indexes.choices import Source
from indexes.models import Assessment, InnovationAnswer, PemdaAnswer
from tests.indexes.test_pages import table


def _load():
    call_command("load_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_demo_shows_bantaengs_predicted_index_and_its_top_suggestion(
    client, db, unscoped, django_capture_on_commit_callbacks
):
    _load()
    _load()  # idempotent
    season = Assessment.objects.get(agency__slug="bappeda-bantaeng", year=2026)
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


def test_the_demos_trend_has_last_seasons_official_result_beside_its_prediction(
    client, db, unscoped
):
    _load()
    client.force_login(User.objects.get(email="admin.bappeda@demo.klikbaik.id"))
    page = client.get(reverse("indexes:dashboard", args=["bappeda-bantaeng"]))
    rows = table(page, "trend")
    this = build(Assessment.objects.get(agency__slug="bappeda-bantaeng", year=2026))
    assert rows[1][0] == "2025" and rows[1][2:] == [
        "52.40 · Inovatif",
        "43.75 · Inovatif",
        "47.85 · Inovatif",
        "61 / 415",
        "+4.10",
    ]
    assert rows[2][0] == "2026"
    assert rows[2][2:] == [
        f"{this.claimed.iid} · {this.claimed.band}",
        f"{this.strict.iid} · {this.strict.band}",
        "—",
        "—",
        "—",
    ]
    chart = lxml.html.fromstring(page.content.decode()).xpath("//svg[@class='chart']")[0]
    assert len(chart.xpath(".//circle[contains(@class, 'official')]")) == 1
    assert len(chart.xpath(".//circle[not(contains(@class, 'official'))]")) == 2
