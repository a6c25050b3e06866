"""Internal judging: jurors appointed by the coordinator score per criterion; weighted
totals rank the dossiers; no juror scores their own agency; entrants see the score only
once the results are published."""

import pytest
from django.urls import reverse

from clinics.models import Role
from competitions.models import Competition, Dossier, DossierSection, JuryScore, Section
from tests.clinics.factories import MembershipFactory
from tests.innovations.factories import InnovationFactory


@pytest.fixture
def internal(kipp, coordinator_agency, as_coordinator, unscoped):
    from competitions import services

    competition = services.competition_copy(actor=as_coordinator, competition=kipp, year=2026)
    Competition.objects.filter(pk=competition.pk).update(kind="internal", name="Lomba Daerah")
    competition.refresh_from_db()
    return competition


@pytest.fixture
def entries(internal, agency_a, agency_b, coordinator_agency, unscoped):
    category = internal.categories.get()
    made = {}
    for agency in (agency_a, agency_b, coordinator_agency):
        dossier = Dossier.objects.create(
            agency=agency,
            category=category,
            innovation=InnovationFactory(agency=agency, status="coaching"),
            title=f"Dossier {agency.slug}",
        )
        DossierSection.objects.bulk_create(
            DossierSection(agency=agency, dossier=dossier, section=section, text="Isi.")
            for section in category.sections.all()
        )
        made[agency.slug] = dossier
    return made


@pytest.fixture
def juror(coordinator_agency, unscoped):
    return MembershipFactory(agency=coordinator_agency, role=Role.FACILITATOR).user


def _url(name, agency, *args):
    return reverse(f"competitions:{name}", args=[agency.slug, *args])


def _scores(internal, value):
    return {
        f"s{s.pk}": value
        for s in Section.objects.filter(category__competition=internal, weight__gt=0)
    }


def test_the_coordinator_appoints_jurors_who_score_and_rank(
    client, internal, entries, juror, coordinator, coordinator_agency, admin_a, unscoped
):
    client.force_login(juror)
    assert client.get(_url("jury", coordinator_agency, internal.pk)).status_code == 403
    client.force_login(coordinator)
    client.post(_url("jury_add", coordinator_agency, internal.pk), {"user": juror.pk})
    assert internal.jurors.get().user == juror
    # Someone of another agency cannot be appointed.
    client.post(_url("jury_add", coordinator_agency, internal.pk), {"user": admin_a.pk})
    assert internal.jurors.count() == 1

    client.force_login(juror)
    board = client.get(_url("jury", coordinator_agency, internal.pk)).content.decode()
    assert "to score" in board
    for slug, value in (("dinkes", 80), ("rsud", 60)):
        response = client.post(
            _url("jury_score", coordinator_agency, internal.pk, entries[slug].pk),
            _scores(internal, value),
        )
        assert response.status_code == 302
    client.force_login(coordinator)
    ranking = client.get(_url("jury", coordinator_agency, internal.pk)).content.decode()
    assert ranking.index("Dossier dinkes") < ranking.index("Dossier rsud")
    assert ">80.0<" in ranking and ">60.0<" in ranking


def test_a_juror_cannot_score_their_own_agencys_dossier(
    client, internal, entries, juror, coordinator, coordinator_agency, unscoped
):
    internal.jurors.create(agency=coordinator_agency, user=juror)
    client.force_login(juror)
    board = client.get(_url("jury", coordinator_agency, internal.pk)).content.decode()
    assert "your own agency" in board
    response = client.post(
        _url("jury_score", coordinator_agency, internal.pk, entries["bappeda"].pk),
        _scores(internal, 90),
    )
    assert response.status_code == 400
    assert "cannot score a dossier of their own agency" in response.content.decode()
    assert not JuryScore.objects.exists()


def test_a_score_out_of_range_or_missing_is_refused(
    client, internal, entries, juror, coordinator_agency
):
    internal.jurors.create(agency=coordinator_agency, user=juror)
    client.force_login(juror)
    url = _url("jury_score", coordinator_agency, internal.pk, entries["dinkes"].pk)
    response = client.post(url, _scores(internal, 101))
    assert response.status_code == 400 and not JuryScore.objects.exists()
    partial = dict(list(_scores(internal, 50).items())[:2])
    response = client.post(url, partial)
    assert response.status_code == 400 and not JuryScore.objects.exists()
    assert 'value="50"' in response.content.decode()  # what was typed is kept


def test_entrants_see_the_score_only_once_published(
    client, internal, entries, juror, coordinator_agency, agency_a, admin_a, unscoped
):
    internal.jurors.create(agency=coordinator_agency, user=juror)
    client.force_login(juror)
    client.post(
        _url("jury_score", coordinator_agency, internal.pk, entries["dinkes"].pk),
        _scores(internal, 70),
    )
    client.force_login(admin_a)
    page = _url("dossier", agency_a, entries["dinkes"].pk)
    assert 'data-testid="jury-score"' not in client.get(page).content.decode()
    assert client.get(_url("jury", agency_a, internal.pk)).status_code == 404
    internal.results_published = True
    internal.save()
    assert "70.0 / 100" in client.get(page).content.decode()
    # Scoring is closed once published.
    client.force_login(juror)
    assert client.get(_url("jury", coordinator_agency, internal.pk)).status_code == 403


def test_a_removed_jurors_scores_no_longer_count(
    client, internal, entries, juror, coordinator, coordinator_agency, unscoped
):
    appointed = internal.jurors.create(agency=coordinator_agency, user=juror)
    client.force_login(juror)
    client.post(
        _url("jury_score", coordinator_agency, internal.pk, entries["dinkes"].pk),
        _scores(internal, 80),
    )
    client.force_login(coordinator)
    client.post(_url("jury_remove", coordinator_agency, internal.pk, appointed.pk))
    ranking = client.get(_url("jury", coordinator_agency, internal.pk)).content.decode()
    assert ">80.0<" not in ranking
