"""The competition pages: who may see and do what, bad input kept, htmx editing, the
coordinator's regional table and its ZIP export."""

import io
import zipfile
from datetime import timedelta

import lxml.html
from django.urls import reverse
from django.utils import timezone

from clinics.models import Role
from competitions import views
from competitions.models import (
    Competition,
    Dossier,
    DossierSection,
    MockScore,
    SectionComment,
)
from jobs import sweeper
from jobs.models import Job
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory
from tests.spreadsheets import assert_only_data, workbook


def url(name, agency, *args):
    return reverse(f"competitions:{name}", args=[agency.slug, *args])


def test_every_agency_of_the_region_sees_the_coordinators_competitions(
    client, agency_a, staff_a, admin_c, agency_c, kipp
):
    client.force_login(staff_a)
    page = client.get(url("list", agency_a))
    assert "KIPP 2023" in page.content.decode()
    assert client.get(url("detail", agency_a, kipp.pk)).status_code == 200
    client.force_login(admin_c)
    assert "KIPP 2023" not in client.get(url("list", agency_c)).content.decode()
    assert client.get(url("detail", agency_c, kipp.pk)).status_code == 404


def test_only_the_coordinator_creates_and_edits_competitions(
    client, agency_a, admin_a, coordinator_agency, coordinator, kipp, unscoped
):
    client.force_login(admin_a)
    assert (
        client.post(url("from_blueprint", agency_a), {"blueprint": "pkri-2024"}).status_code == 403
    )
    assert client.get(url("create", agency_a)).status_code == 403
    client.force_login(coordinator)
    response = client.post(url("from_blueprint", coordinator_agency), {"blueprint": "pkri-2024"})
    assert response.status_code == 302
    assert Competition.objects.filter(name="PKRI", year=2024).exists()
    stages = kipp.stages.order_by("starts_on")
    data = {
        "name": "KIPP",
        "kind": "kipp",
        "year": 2023,
        "organiser": "Kementerian PANRB",
        "group": "Kota",
        "stages-TOTAL_FORMS": stages.count() + 1,
        "stages-INITIAL_FORMS": stages.count(),
    }
    for i, stage in enumerate(stages):
        data |= {
            f"stages-{i}-id": stage.pk,
            f"stages-{i}-kind": stage.kind,
            f"stages-{i}-starts_on": stage.starts_on,
            f"stages-{i}-ends_on": stage.ends_on,
        }
    data["stages-0-ends_on"] = "2020-01-01"  # before it starts: refused, nothing saved
    response = client.post(url("edit", coordinator_agency, kipp.pk), data)
    assert response.status_code == 400
    assert "cannot end before it starts" in response.content.decode()
    assert 'value="Kota"' in response.content.decode()  # what was typed is kept
    kipp.refresh_from_db()
    assert kipp.group == "Kabupaten"
    data["stages-0-ends_on"] = stages[0].ends_on
    assert client.post(url("edit", coordinator_agency, kipp.pk), data).status_code == 302
    kipp.refresh_from_db()
    assert kipp.group == "Kota"


def test_an_internal_competition_is_created_from_scratch(
    client, coordinator_agency, coordinator, unscoped
):
    client.force_login(coordinator)
    response = client.post(
        url("create", coordinator_agency),
        {"name": "Lomba Inovasi", "kind": "internal", "year": 2026, "organiser": "Bappeda"},
    )
    competition = Competition.objects.get(name="Lomba Inovasi")
    assert response["Location"] == url("edit", coordinator_agency, competition.pk)
    assert competition.categories.count() == 1
    again = client.post(
        url("create", coordinator_agency),
        {"name": "Lomba Inovasi", "kind": "internal", "year": 2026, "organiser": "Bappeda"},
    )
    assert again.status_code == 400
    assert "already keeps that competition" in again.content.decode()


def test_entering_an_ineligible_innovation_explains_why(
    client, agency_a, admin_a, kipp, innovation_a, unscoped
):
    innovation_a.sdgs = []
    innovation_a.save()
    category = kipp.categories.get()
    client.force_login(admin_a)
    response = client.post(
        url("enter", agency_a, kipp.pk, category.pk),
        {f"c{category.pk}-innovation": innovation_a.pk},
    )
    assert response.status_code == 400
    assert "Link the innovation to at least one SDG goal." in response.content.decode()
    assert not Dossier.objects.exists()
    innovation_a.sdgs = ["3"]
    innovation_a.save()
    response = client.post(
        url("enter", agency_a, kipp.pk, category.pk),
        {f"c{category.pk}-innovation": innovation_a.pk},
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == url("dossier", agency_a, dossier.pk)


def test_who_sees_a_dossier(
    client,
    agency_a,
    agency_b,
    agency_c,
    kipp_dossier,
    staff_a,
    facilitator_a,
    admin_b,
    admin_c,
    coordinator,
    coordinator_agency,
    innovation_a,
    unscoped,
):
    detail = url("dossier", agency_a, kipp_dossier.pk)
    for person, status in [
        (innovation_a.author, 200),  # the team
        (facilitator_a, 200),
        (MembershipFactory(agency=agency_a, role=Role.STAFF).user, 404),  # not on the team
        (admin_b, 404),
        (admin_c, 404),
    ]:
        client.force_login(person)
        assert client.get(detail).status_code == status, person
    client.force_login(admin_b)
    assert client.get(url("dossier", agency_b, kipp_dossier.pk)).status_code == 404
    # The region's coordinator reads it under its own address, but cannot edit it.
    client.force_login(coordinator)
    page = client.get(url("dossier", coordinator_agency, kipp_dossier.pk))
    assert page.status_code == 200 and "Bendera SASKIA" in page.content.decode()
    row = DossierSection.objects.filter(dossier=kipp_dossier).first()
    assert (
        client.post(
            url("section", coordinator_agency, kipp_dossier.pk, row.pk), {"text": "x"}
        ).status_code
        == 403
    )


def test_a_section_is_edited_in_place(client, agency_a, kipp_dossier, innovation_a, unscoped):
    row = DossierSection.objects.filter(dossier=kipp_dossier, section__word_limit=200).get()
    client.force_login(innovation_a.author)
    form = client.get(url("section", agency_a, kipp_dossier.pk, row.pk), HTTP_HX_REQUEST="true")
    assert "<textarea" in form.content.decode()
    response = client.post(
        url("section", agency_a, kipp_dossier.pk, row.pk),
        {"text": "kata " * 250},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "250 of at most 200 words" in body
    assert 'hx-swap-oob="true"' in body and "has 250 words; the limit is 200." in body
    row.refresh_from_db()
    assert row.text.startswith("kata kata")


def test_review_comments_and_mock_scores_are_for_coaches(
    client, agency_a, kipp_dossier, facilitator_a, innovation_a, unscoped
):
    section = DossierSection.objects.filter(dossier=kipp_dossier).first().section
    client.force_login(innovation_a.author)
    assert (
        client.post(
            url("comment_add", agency_a, kipp_dossier.pk), {"section": section.pk, "text": "x"}
        ).status_code
        == 403
    )
    client.force_login(facilitator_a)
    empty = client.post(url("comment_add", agency_a, kipp_dossier.pk), {"section": section.pk})
    assert empty.status_code == 400 and not SectionComment.objects.exists()
    client.post(
        url("comment_add", agency_a, kipp_dossier.pk), {"section": section.pk, "text": "Data?"}
    )
    comment = SectionComment.objects.get()
    weighted = DossierSection.objects.filter(dossier=kipp_dossier, section__weight=30).get()
    bad = client.post(
        url("mock_score", agency_a, kipp_dossier.pk), {f"s{weighted.section_id}": 140}
    )
    assert bad.status_code == 400 and not MockScore.objects.exists()
    client.post(url("mock_score", agency_a, kipp_dossier.pk), {f"s{weighted.section_id}": 70})
    page = client.get(url("dossier", agency_a, kipp_dossier.pk)).content.decode()
    assert "21.0 / 100" in page  # 70 × 30%
    # The team resolves the comment.
    client.force_login(innovation_a.author)
    client.post(url("comment_resolve", agency_a, kipp_dossier.pk, comment.pk))
    comment.refresh_from_db()
    assert comment.resolved_at is not None


def test_a_refused_move_keeps_what_was_typed(
    client, agency_a, admin_a, kipp_dossier, innovation_a, unscoped
):
    Dossier.objects.filter(pk=kipp_dossier.pk).update(status="submitted")
    client.force_login(admin_a)
    response = client.post(
        url("move", agency_a, kipp_dossier.pk), {"move": "result", "result": "top99"}
    )
    assert response.status_code == 400
    assert "announcement&#x27;s reference" in response.content.decode()
    assert '<option value="top99" selected>' in response.content.decode()
    client.force_login(innovation_a.author)
    assert (
        client.post(url("move", agency_a, kipp_dossier.pk), {"move": "withdraw"}).status_code == 403
    )


def test_the_regional_table_is_the_coordinators(
    client, coordinator_agency, coordinator, agency_a, admin_a, region_dossiers, agency_b
):
    client.force_login(admin_a)
    assert client.get(url("region", agency_a)).status_code == 403
    client.force_login(coordinator)
    page = client.get(url("region", coordinator_agency)).content.decode()
    assert all(name in page for name in ("Alpha", "Beta", "Gamma"))
    filtered = client.get(url("region", coordinator_agency), {"agency": agency_b.pk}).content
    assert b"Gamma" in filtered and b"Alpha" not in filtered


def test_the_regional_zip_holds_each_pdf_and_a_summary(
    client,
    coordinator_agency,
    coordinator,
    region_dossiers,
    django_capture_on_commit_callbacks,
    unscoped,
):
    client.force_login(coordinator)
    chosen = [d.pk for d in region_dossiers[:2]] + [region_dossiers[2].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("region_export", coordinator_agency), {"dossier": chosen})
    job = Job.objects.get(kind="region_zip")
    assert response["Location"] == url("region_job", coordinator_agency, job.pk)
    assert job.status == "ready" and job.progress == 100
    assert job.expires_at - timezone.now() > timedelta(days=6)
    download = client.get(url("region_job_download", coordinator_agency, job.pk))
    # Named for the competition and the day (in the coordinator's time zone).
    day = timezone.localdate(timezone=coordinator_agency.zoneinfo)
    assert download["Content-Disposition"] == f'attachment; filename="kipp-2023-{day}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == [
        "dinas-kesehatan/umum-alpha.pdf",
        "dinas-kesehatan/umum-beta.pdf",
        "ringkasan.xlsx",
        "rsud/umum-gamma.pdf",
    ]
    assert all(archive.read(n).startswith(b"%PDF") for n in names if n.endswith(".pdf"))
    book = workbook(archive.read("ringkasan.xlsx"))
    assert_only_data(book)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[4] for r in rows[1:]] == ["Alpha", "Beta", "Gamma"]
    assert rows[1][:3] == ("KIPP", 2023, "Umum")
    assert [r[9:] for r in rows[1:]] == [
        ("dinas-kesehatan/umum-alpha.pdf", None),
        ("dinas-kesehatan/umum-beta.pdf", None),
        ("rsud/umum-gamma.pdf", None),
    ]


def test_a_zip_never_holds_another_regions_dossier(
    client,
    coordinator_agency,
    coordinator,
    agency_c,
    admin_c,
    unscoped,
    django_capture_on_commit_callbacks,
    region_dossiers,
):
    outsider = Competition.objects.create(
        agency=agency_c, name="Lomba", kind="internal", year=2026, organiser="x"
    )
    category = outsider.categories.create(agency=agency_c, name="Umum")
    foreign = Dossier.objects.create(agency=agency_c, category=category, title="Foreign")
    client.force_login(coordinator)
    response = client.post(url("region_export", coordinator_agency), {"dossier": [foreign.pk]})
    assert response.status_code == 302 and not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url("region_export", coordinator_agency),
            {"dossier": [foreign.pk, region_dossiers[0].pk]},
        )
    assert Job.objects.get().params["dossiers"] == [region_dossiers[0].pk]


def test_expired_exports_are_deleted_with_their_files(
    coordinator_agency, unscoped, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    old = Job.objects.create(agency=coordinator_agency, kind="region_zip", status="ready")
    old.file.save("old.zip", ContentFile(b"PK"), save=False)
    old.expires_at = timezone.now() - timedelta(minutes=1)
    old.save()
    fresh = Job.objects.create(
        agency=coordinator_agency,
        kind="region_zip",
        expires_at=timezone.now() + timedelta(days=1),
    )
    storage, name = old.file.storage, old.file.name
    assert sweeper.purge_expired() == 1
    assert list(Job.objects.all()) == [fresh]
    assert not storage.exists(name)


def test_results_feed_the_awards_wall(
    client, agency_a, admin_a, kipp_dossier, innovation_a, coordinator_agency, unscoped
):
    Dossier.objects.filter(pk=kipp_dossier.pk).update(
        status="decided", result="top45", announcement_ref="B/1/2023"
    )
    client.force_login(admin_a)
    home = client.get(reverse("clinics:home", args=[agency_a.slug])).content.decode()
    assert "Achievements" in home and "Top 45" in home and "B/1/2023" in home
    page = client.get(reverse("innovations:detail", args=[agency_a.slug, innovation_a.pk]))
    assert "Top 45" in page.content.decode()


def test_an_internal_result_shows_only_once_published(
    client, agency_a, admin_a, innovation_a, coordinator_agency, unscoped
):
    internal = Competition.objects.create(
        agency=coordinator_agency, name="Lomba", kind="internal", year=2026, organiser="x"
    )
    category = internal.categories.create(agency=coordinator_agency, name="Umum")
    Dossier.objects.create(
        agency=agency_a, category=category, innovation=innovation_a, title="X", result="winner"
    )
    client.force_login(admin_a)
    home = reverse("clinics:home", args=[agency_a.slug])
    assert "Winner" not in client.get(home).content.decode()
    internal.results_published = True
    internal.save()
    assert "Winner" in client.get(home).content.decode()


def test_the_region_shows_the_instansi_pembina_evidence(
    client, coordinator, coordinator_agency, agency_a, kipp_dossier, innovation_a, staff_a, unscoped
):
    from innovations.models import Evidence

    InnovationFactory(agency=agency_a, author=staff_a, origin=innovation_a)
    Evidence.objects.create(
        agency=agency_a, innovation=innovation_a, title="SK", kind="regulation", file="sk.pdf"
    )
    Dossier.objects.filter(pk=kipp_dossier.pk).update(result="top99")
    client.force_login(coordinator)
    page = client.get(url("region", coordinator_agency)).content.decode()
    year = timezone.now().year
    # ideas created, replications, regulations this year; the 2023 entry and its win
    assert (
        f"<td>{year}</td><td>Dinas Kesehatan</td><td>2</td><td>1</td><td>1</td><td>0</td>" in page
    )
    assert (
        "<td>2023</td><td>Dinas Kesehatan</td><td>0</td><td>0</td><td>0</td><td>1</td><td>1</td>"
        in page
    )


def _category_data(category, **changes):
    sections = list(category.sections.order_by("order", "pk"))
    documents = list(category.documents.order_by("order", "pk"))
    data = {
        "name": category.name,
        "rule": category.rule,
        "min_age_months": category.min_age_months,
        "min_age_months_replication": category.min_age_months_replication,
        "quota_per_agency": category.quota_per_agency or "",
        "requires_sdg": "on",
        "sections-TOTAL_FORMS": len(sections) + 1,
        "sections-INITIAL_FORMS": len(sections),
        "documents-TOTAL_FORMS": len(documents),
        "documents-INITIAL_FORMS": len(documents),
    }
    for i, s in enumerate(sections):
        data |= {
            f"sections-{i}-id": s.pk,
            f"sections-{i}-order": s.order,
            f"sections-{i}-title": s.title,
            f"sections-{i}-weight": s.weight,
            f"sections-{i}-word_limit": s.word_limit or "",
        }
    # The blank extra row, as a browser posts it (with its defaults).
    data |= {f"sections-{len(sections)}-order": 0, f"sections-{len(sections)}-weight": 0}
    for i, d in enumerate(documents):
        data |= {
            f"documents-{i}-id": d.pk,
            f"documents-{i}-order": d.order,
            f"documents-{i}-title": d.title,
            f"documents-{i}-kind": d.kind,
            f"documents-{i}-mandatory": "on" if d.mandatory else "",
        }
    return data | changes


def test_sections_cannot_be_removed_once_entered_and_new_ones_reach_every_dossier(
    client, kipp, kipp_dossier, coordinator, coordinator_agency, unscoped
):
    category = kipp.categories.get()
    client.force_login(coordinator)
    edit = url("category_edit", coordinator_agency, category.pk)
    refused = client.post(edit, _category_data(category, **{"sections-0-DELETE": "on"}))
    assert refused.status_code == 400
    assert "cannot be removed once agencies have entered" in refused.content.decode()
    assert DossierSection.objects.filter(dossier=kipp_dossier).count() == 8
    n = category.sections.count()
    added = client.post(
        edit,
        _category_data(
            category,
            **{
                f"sections-{n}-order": 9,
                f"sections-{n}-title": "Lampiran",
                f"sections-{n}-weight": 0,
            },
        ),
    )
    assert added.status_code == 302
    assert DossierSection.objects.filter(dossier=kipp_dossier, section__title="Lampiran").exists()


def test_renaming_a_competition_onto_another_is_refused(
    client, kipp, pkri, coordinator, coordinator_agency, unscoped
):
    client.force_login(coordinator)
    response = client.post(
        url("edit", coordinator_agency, pkri.pk),
        {
            "name": "KIPP",
            "kind": "pkri",
            "year": 2023,
            "organiser": "x",
            "stages-TOTAL_FORMS": 0,
            "stages-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 400
    assert "already keeps that competition" in response.content.decode()


def test_every_dossier_matching_the_filters_can_be_exported_at_once(
    client,
    coordinator_agency,
    coordinator,
    region_dossiers,
    agency_a,
    django_capture_on_commit_callbacks,
    unscoped,
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("region_export", coordinator_agency), {"all": "1", "agency": agency_a.pk})
    job = Job.objects.get(kind="region_zip")
    assert sorted(job.params["dossiers"]) == sorted(d.pk for d in region_dossiers[:2])


def test_an_export_larger_than_the_cap_is_cut_with_a_warning(
    client,
    coordinator_agency,
    coordinator,
    region_dossiers,
    monkeypatch,
    django_capture_on_commit_callbacks,
    unscoped,
):
    monkeypatch.setattr(views, "EXPORT_MAX", 2)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("region_export", coordinator_agency), {"all": "1"}, follow=True)
    assert len(Job.objects.get(kind="region_zip").params["dossiers"]) == 2
    assert "at most 2 dossiers" in response.content.decode()


def test_the_regional_table_starts_with_nothing_ticked_and_exports_what_is_ticked(
    client, coordinator_agency, coordinator, region_dossiers
):
    """ "Tick 2, export" exports 2, never every row of the page."""
    client.force_login(coordinator)
    page = lxml.html.fromstring(client.get(url("region", coordinator_agency)).content.decode())
    boxes = page.xpath('//input[@name="dossier"]')
    assert len(boxes) == 3 and not [box for box in boxes if box.get("checked") is not None]
    # The table scrolls sideways on a phone: a keyboard can reach it.
    assert page.xpath('//div[@class="table-wrap"][@tabindex="0"][@role="region"][@aria-label]')
    picked = [region_dossiers[0].pk, region_dossiers[2].pk]
    client.post(url("region_export", coordinator_agency), {"dossier": picked})
    job = Job.objects.get(kind="region_zip")
    assert sorted(job.params["dossiers"]) == sorted(picked)


def test_a_dossiers_withdrawal_is_folded_apart_and_each_move_says_what_comes_next(
    client, agency_a, admin_a, kipp_dossier, unscoped
):
    client.force_login(admin_a)
    page = lxml.html.fromstring(
        client.get(url("dossier", agency_a, kipp_dossier.pk)).content.decode()
    )
    withdraw = page.xpath('//button[@data-testid="move-withdraw"]')[0]
    assert withdraw.xpath('ancestor::details[contains(@class, "danger-zone")]')
    assert "the innovation may enter again" in withdraw.getparent().text_content()
    response = client.post(url("move", agency_a, kipp_dossier.pk), {"move": "review"}, follow=True)
    assert "Sent for internal review" in response.content.decode()
