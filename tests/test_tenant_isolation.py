"""Every URL under ``/<agency_slug>/``, asked for by someone of another agency, is a 404.

``TENANT_URLS`` says, for each tenant URL name, how to point it at agency A's objects.
A new tenant URL that is not listed here fails ``test_every_tenant_url_is_covered``, so
nothing reaches production without being walked by this suite.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clinics.models import Invitation, Membership
from tests.clinics.factories import MembershipFactory, PartnerFactory, UnitFactory


def _tenant_url_names() -> set[str]:
    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}".lstrip(":")

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and "agency_slug" in str(entry.pattern):
            return set(walk(entry.url_patterns, ""))
    raise AssertionError("No tenant URL prefix found in the root URLconf.")


def _objects(agency, admin, suffix):
    """One object of each kind in ``agency``, for URLs that name objects."""
    from innovations.models import (
        Evidence,
        FollowUpAction,
        ImpactIndicator,
        ImportBatch,
        Innovation,
        MonitoringVisit,
    )
    from jobs.models import Job

    innovation = Innovation.objects.create(
        agency=agency, author=admin, name=f"Innovation {suffix}", status="coaching"
    )
    from datetime import time, timedelta

    from django.utils import timezone

    from consultations.models import (
        AvailabilityException,
        Consultation,
        FacilitatorProfile,
        Room,
        SessionType,
        WeeklyHours,
    )

    competition_objects = _competition_objects(agency, admin, innovation, suffix)
    profile = FacilitatorProfile.objects.create(agency=agency, user=admin)
    session_type = SessionType.objects.create(agency=agency, name="Konsultasi", kind="consultation")
    start = timezone.now() + timedelta(days=3)
    return {
        **competition_objects,
        **_index_objects(agency, admin, innovation),
        **_pelembagaan_objects(agency, innovation),
        "profile": profile,
        "session_type": session_type,
        "room": Room.objects.create(agency=agency, name=f"Ruang {suffix}"),
        "session": Consultation.objects.create(
            agency=agency,
            session_type=session_type,
            facilitator=profile,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            busy_until=start + timedelta(hours=1),
            requested_by=admin,
            requester_agency=agency,
        ),
        "hours": WeeklyHours.objects.create(
            agency=agency, facilitator=profile, weekday=0, start=time(8), end=time(12)
        ),
        "exception": AvailabilityException.objects.create(
            agency=agency, facilitator=profile, kind="holiday", day="2026-12-25"
        ),
        "membership": Membership.objects.get(user=admin, agency=agency),
        "unit": UnitFactory(agency=agency),
        "partner": PartnerFactory(agency=agency),
        "invitation": Invitation.objects.create(
            agency=agency,
            email=f"new@{suffix}.test",
            token_hash=suffix * 64,
            expires_at="2099-01-01T00:00Z",
        ),
        "innovation": innovation,
        "import_batch": ImportBatch.objects.create(
            agency=agency,
            requested_from=agency,
            source="imports/x.xlsx",
            original_name="x.xlsx",
            file_kind="xlsx",
            year=2025,
        ),
        "export_job": Job.objects.create(
            agency=agency, kind="registry_export", subject=f"user:{admin.pk}", status="ready"
        ),
        "evidence": Evidence.objects.create(
            agency=agency,
            innovation=innovation,
            title="Video",
            kind="video",
            link="https://video.example/x",
        ),
        "indicator": ImpactIndicator.objects.create(
            agency=agency, innovation=innovation, name="Births", baseline=1, target=2
        ),
        "visit": MonitoringVisit.objects.create(
            agency=agency, innovation=innovation, planned_on="2026-01-01", instrument="x"
        ),
        "action": FollowUpAction.objects.create(
            agency=agency, innovation=innovation, description="x", owner=admin, due_on="2026-01-01"
        ),
    }


def _competition_objects(agency, admin, innovation, suffix):
    from competitions.models import (
        Candidate,
        Category,
        CategoryInvitation,
        Competition,
        Dossier,
        DossierDocument,
        DossierSection,
        Juror,
        RequiredDocument,
        Section,
        SectionComment,
    )
    from innovations.models import Evidence
    from jobs.models import Job

    competition = Competition.objects.create(
        agency=agency, name=f"Lomba {suffix}", kind="internal", year=2026, organiser="x"
    )
    category = Category.objects.create(agency=agency, competition=competition, name="Umum")
    section = Section.objects.create(agency=agency, category=category, title="Ringkasan")
    requirement = RequiredDocument.objects.create(agency=agency, category=category, title="SK")
    dossier = Dossier.objects.create(
        agency=agency, category=category, innovation=innovation, title=f"Dossier {suffix}"
    )
    evidence = Evidence.objects.create(
        agency=agency, innovation=innovation, title="SK", kind="video", link="https://v.example/"
    )
    return {
        "competition": competition,
        "category": category,
        "dossier": dossier,
        "row": DossierSection.objects.create(agency=agency, dossier=dossier, section=section),
        "document": DossierDocument.objects.create(
            agency=agency, dossier=dossier, requirement=requirement, evidence=evidence
        ),
        "comment": SectionComment.objects.create(
            agency=agency, dossier=dossier, section=section, text="x"
        ),
        "job": Job.objects.create(agency=agency, kind="region_zip"),
        "juror": Juror.objects.create(agency=agency, competition=competition, user=admin),
        "candidate": Candidate.objects.create(
            agency=agency, category=category, innovation=innovation
        ),
        "invitation_to_category": CategoryInvitation.objects.create(
            agency=agency, category=category, innovation=innovation
        ),
    }


def _index_objects(agency, admin, innovation):
    from indexes.models import Assessment, Edition, Indicator, RegionEvidence

    edition = Edition.objects.create(
        agency=agency, code="copy", year=2026, name="IID", divisor_floor=12, max_total=250
    )
    indicator = Indicator.objects.create(
        edition=edition,
        number="1",
        position=1,
        name="Visi",
        aspect="pemda",
        variable="Institusi",
        weight=1,
        level_1="a",
        level_2="b",
        level_3="c",
    )
    Indicator.objects.create(
        edition=edition,
        number="16",
        position=16,
        name="Regulasi",
        aspect="innovation",
        variable="Infrastruktur",
        weight=3,
        level_1="a",
        level_2="b",
        level_3="c",
    )
    return {
        "edition": edition,
        "index_indicator": indicator,
        "assessment": Assessment.objects.create(agency=agency, edition=edition, year=2026),
        "region_evidence": RegionEvidence.objects.create(
            agency=agency, title="RPJMD", file="index-evidence/x.pdf"
        ),
    }


def _pelembagaan_objects(agency, innovation):
    from pelembagaan.models import BudgetLine, Regulation

    return {
        "regulation": Regulation.objects.create(
            agency=agency, kind="perkada", title="Perbup Inovasi", file="pelembagaan/x.pdf"
        ),
        "budget_line": BudgetLine.objects.create(
            agency=agency,
            year=2026,
            source="apbd_inovasi",
            activity="Kegiatan inovasi",
            holder=agency,
            innovation=innovation,
            amount=1000,
            file="pelembagaan/y.pdf",
        ),
    }


@pytest.fixture
def objects_a(agency_a, admin_a, unscoped):
    # A closed clinic: its booking pages are not the open-clinic channel (tested in
    # tests/consultations/test_booking.py), so every page must be a 404 for outsiders.
    agency_a.is_open = False
    agency_a.save(update_fields=["is_open"])
    return _objects(agency_a, admin_a, "a")


def _pk(kind):
    return lambda o: {"pk": o[kind].pk}


def _on_innovation(**others):
    return lambda o: {
        "pk": o["innovation"].pk,
        **{name: o[kind].pk for name, kind in others.items()},
    }


# URL name → the keyword arguments (besides agency_slug) that point it at objects.
TENANT_URLS = {
    "clinics:home": None,
    "clinics:help": None,
    "clinics:logo": None,
    "clinics:floor": None,
    "clinics:settings": None,
    "clinics:members": None,
    "clinics:member_invite": None,
    "clinics:member_edit": _pk("membership"),
    "clinics:invitation_resend": _pk("invitation"),
    "clinics:invitation_revoke": _pk("invitation"),
    "clinics:units": None,
    "clinics:unit_add": None,
    "clinics:unit_edit": _pk("unit"),
    "clinics:partners": None,
    "clinics:partner_add": None,
    "clinics:partner_edit": _pk("partner"),
    "clinics:region_agencies": None,
    "clinics:agency_onboard": None,
    "clinics:region_agency_invite": lambda o: {"pk": o["membership"].agency_id},
    "innovations:list": None,
    "innovations:mine": None,
    "innovations:create": None,
    "innovations:targets": None,
    "innovations:export": None,
    "innovations:export_download": _pk("export_job"),
    "innovations:register": None,
    "innovations:register_targets": None,
    "innovations:register_export": None,
    "innovations:register_detail": _pk("innovation"),
    "innovations:imports": None,
    "innovations:import_template": lambda o: {"fmt": "xlsx"},
    "innovations:import_detail": _pk("import_batch"),
    "innovations:import_job": lambda o: {"pk": o["import_batch"].pk, "step": "check"},
    "innovations:import_report": lambda o: {"pk": o["import_batch"].pk, "step": "check"},
    "innovations:detail": _on_innovation(),
    "innovations:edit": lambda o: {"pk": o["innovation"].pk, "step": "idea"},
    "innovations:move": lambda o: {"pk": o["innovation"].pk, "move": "accept"},
    "innovations:evidence_add": _on_innovation(),
    "innovations:evidence_file": _on_innovation(evidence_pk="evidence"),
    "innovations:evidence_replace": _on_innovation(evidence_pk="evidence"),
    "innovations:evidence_withdraw": _on_innovation(evidence_pk="evidence"),
    "innovations:measurement_add": _on_innovation(indicator_pk="indicator"),
    "innovations:visit_add": _on_innovation(),
    "innovations:visit_record": _on_innovation(visit_pk="visit"),
    "innovations:action_add": _on_innovation(),
    "innovations:action_done": _on_innovation(action_pk="action"),
    "innovations:checkin_add": _on_innovation(),
    "consultations:facilitators": None,
    "consultations:book": None,
    "consultations:week": None,
    "consultations:availability": None,
    "consultations:availability_remove": lambda o: {"kind": "hours", "pk": o["hours"].pk},
    "consultations:feed_renew": None,
    "consultations:session_types": None,
    "consultations:session_type_add": None,
    "consultations:session_type_edit": _pk("session_type"),
    "consultations:rooms": None,
    "consultations:room_add": None,
    "consultations:room_edit": _pk("room"),
    "consultations:detail": _pk("session"),
    "consultations:complete": _pk("session"),
    "consultations:schedule": None,
    "consultations:profile": None,
    "consultations:photo": _pk("profile"),
    "consultations:utilisation": None,
    "consultations:follow_up": _pk("session"),
    "consultations:take_part": lambda o: {"pk": o["session"].pk, "action": "register"},
    "consultations:move": lambda o: {"pk": o["session"].pk, "action": "cancel"},
    "competitions:list": None,
    "competitions:create": None,
    "competitions:from_blueprint": None,
    "competitions:detail": _pk("competition"),
    "competitions:edit": _pk("competition"),
    "competitions:copy": _pk("competition"),
    "competitions:enter": lambda o: {"pk": o["competition"].pk, "category_pk": o["category"].pk},
    "competitions:category_edit": _pk("category"),
    "competitions:shortlist": _pk("competition"),
    "competitions:shortlist_change": lambda o: {
        "pk": o["competition"].pk,
        "category_pk": o["category"].pk,
    },
    "competitions:invitation_change": lambda o: {
        "pk": o["competition"].pk,
        "category_pk": o["category"].pk,
    },
    "competitions:dossiers": None,
    "competitions:dossier": _pk("dossier"),
    "competitions:section": lambda o: {"pk": o["dossier"].pk, "row_pk": o["row"].pk},
    "competitions:document_pick": _pk("dossier"),
    "competitions:document_drop": lambda o: {
        "pk": o["dossier"].pk,
        "document_pk": o["document"].pk,
    },
    "competitions:comment_add": _pk("dossier"),
    "competitions:comment_resolve": lambda o: {
        "pk": o["dossier"].pk,
        "comment_pk": o["comment"].pk,
    },
    "competitions:mock_score": _pk("dossier"),
    "competitions:pembina": _pk("dossier"),
    "competitions:pembina_records": lambda o: {"pk": o["dossier"].pk, "key": "staff"},
    "competitions:move": _pk("dossier"),
    "competitions:portfolio": _pk("dossier"),
    "competitions:portfolio_download": _pk("dossier"),
    "competitions:jury": _pk("competition"),
    "competitions:jury_add": _pk("competition"),
    "competitions:jury_remove": lambda o: {"pk": o["competition"].pk, "juror_pk": o["juror"].pk},
    "competitions:jury_score": lambda o: {
        "pk": o["competition"].pk,
        "dossier_pk": o["dossier"].pk,
    },
    "competitions:copy_page": _pk("dossier"),
    "competitions:copy_page_download": _pk("dossier"),
    "competitions:season_report": _pk("competition"),
    "competitions:season_report_download": _pk("competition"),
    "competitions:region": None,
    "competitions:region_export": None,
    "competitions:region_job": _pk("job"),
    "competitions:region_job_download": _pk("job"),
    "indexes:dashboard": None,
    "indexes:start": None,
    "indexes:pemda": lambda o: {"pk": o["assessment"].pk, "indicator_pk": o["index_indicator"].pk},
    "indexes:innovation": lambda o: {
        "pk": o["assessment"].pk,
        "innovation_pk": o["innovation"].pk,
    },
    "indexes:innovation_answer": lambda o: {
        "pk": o["assessment"].pk,
        "innovation_pk": o["innovation"].pk,
        "indicator_pk": o["index_indicator"].pk,
    },
    "indexes:verify": lambda o: {
        "pk": o["assessment"].pk,
        "innovation_pk": o["innovation"].pk,
        "indicator_pk": o["index_indicator"].pk,
    },
    "indexes:export": _pk("assessment"),
    "indexes:export_download": _pk("assessment"),
    "indexes:freeze": _pk("assessment"),
    "indexes:official": _pk("assessment"),
    "indexes:brief": _pk("assessment"),
    "indexes:brief_download": _pk("assessment"),
    "indexes:pack": _pk("assessment"),
    "indexes:pack_download": _pk("assessment"),
    "indexes:evidence": _pk("region_evidence"),
    "indexes:editions": None,
    "indexes:edition": _pk("edition"),
    "indexes:edition_copy": _pk("edition"),
    "indexes:edition_edit": _pk("edition"),
    "indexes:indicator_edit": lambda o: {
        "pk": o["edition"].pk,
        "indicator_pk": o["index_indicator"].pk,
    },
    "pelembagaan:tracker": None,
    "pelembagaan:regulation_add": None,
    "pelembagaan:regulation": _pk("regulation"),
    "pelembagaan:regulation_edit": _pk("regulation"),
    "pelembagaan:regulation_move": _pk("regulation"),
    "pelembagaan:regulation_file": _pk("regulation"),
    "pelembagaan:budget_add": None,
    "pelembagaan:budget_edit": _pk("budget_line"),
    "pelembagaan:budget_delete": _pk("budget_line"),
    "pelembagaan:budget_file": _pk("budget_line"),
}
# Views that only answer POST.
POST_ONLY = {
    "clinics:invitation_resend",
    "clinics:invitation_revoke",
    "innovations:move",
    "innovations:action_done",
    "consultations:move",
    "consultations:complete",
    "consultations:follow_up",
    "consultations:take_part",
    "consultations:availability_remove",
    "consultations:feed_renew",
    "competitions:from_blueprint",
    "competitions:copy",
    "competitions:enter",
    "competitions:document_pick",
    "competitions:document_drop",
    "competitions:comment_add",
    "competitions:comment_resolve",
    "competitions:mock_score",
    "competitions:move",
    "competitions:region_export",
    "competitions:jury_add",
    "competitions:jury_remove",
    "competitions:shortlist_change",
    "competitions:invitation_change",
    "indexes:start",
    "indexes:verify",
    "indexes:freeze",
    "indexes:edition_copy",
    "pelembagaan:regulation_move",
    "pelembagaan:budget_delete",
}


class _AnyObject(dict):
    def __missing__(self, kind):
        return Membership(pk=0)


OBJECT_URLS = sorted(
    name for name, kwargs in TENANT_URLS.items() if kwargs and "pk" in kwargs(_AnyObject())
)


def _url(name, agency, objects):
    kwargs = TENANT_URLS[name](objects) if TENANT_URLS[name] else {}
    return reverse(name, kwargs={"agency_slug": agency.slug, **kwargs})


def test_every_tenant_url_is_covered():
    assert _tenant_url_names() == set(TENANT_URLS), (
        "Add every new tenant URL to TENANT_URLS (and remove deleted ones)."
    )


@pytest.mark.parametrize("name", sorted(TENANT_URLS))
@pytest.mark.parametrize("outsider", ["admin_b", "admin_c", "coordinator"])
def test_member_of_another_agency_gets_404(client, request, agency_a, objects_a, name, outsider):
    client.force_login(request.getfixturevalue(outsider))
    url = _url(name, agency_a, objects_a)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x", "email": "x@x.test"}).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_another_agencys_object_under_ones_own_address_is_404(
    client, agency_a, agency_b, admin_a, admin_b, objects_a, name, unscoped
):
    """An admin of A asking A's pages for B's object ids learns nothing about B."""
    objects_b = _objects(agency_b, admin_b, "b")
    client.force_login(admin_a)
    url = _url(name, agency_a, objects_b)
    assert client.post(url, {"name": "x"}).status_code == 404
    if name not in POST_ONLY:
        assert client.get(url).status_code == 404


def test_inactive_membership_is_no_membership(client, agency_a, unscoped):
    person = MembershipFactory(agency=agency_a, is_active=False).user
    client.force_login(person)
    assert client.get(reverse("clinics:home", args=[agency_a.slug])).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, agency_a):
    response = client.get(reverse("clinics:members", args=[agency_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_agency_is_the_portals_404_page(client, admin_a):
    client.force_login(admin_a)
    response = client.get("/no-such-agency/members/")
    assert response.status_code == 404
    assert "404" in response.content.decode()
    assert "portal.css" in response.content.decode()


@pytest.mark.parametrize("outsider", ["admin_b", "admin_c", "coordinator"])
def test_an_open_clinics_group_session_shows_outsiders_only_its_registration(
    client, request, agency_a, admin_a, unscoped, outsider
):
    """The open-clinic channel (agency A open) lets outsiders register for a group session
    by its id, and nothing more: not its innovation, need, notes, people or history, and
    none of its moves."""
    objects = _objects(agency_a, admin_a, "a")
    session = objects["session"]
    session.session_type.capacity = 5
    session.session_type.save()
    session.status = "confirmed"
    session.innovation = objects["innovation"]  # unpublished
    session.need = "private need"
    session.notes = "private notes"
    session.save()
    insider = MembershipFactory(agency=agency_a, user__full_name="Private Participant").user
    session.participants.create(agency=agency_a, user=insider, status="accepted")
    client.force_login(request.getfixturevalue(outsider))
    page = client.get(_url("consultations:detail", agency_a, objects)).content.decode()
    assert 'data-testid="registration"' in page
    for private in ("Innovation a", "private need", "private notes", "Private Participant"):
        assert private not in page
    for name in ("consultations:complete", "consultations:follow_up", "consultations:move"):
        assert client.post(_url(name, agency_a, objects), {"reason": "x"}).status_code in (403, 404)
    session.refresh_from_db()
    assert session.status == "confirmed"
