from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from clinics.models import Membership
from competitions import services
from competitions.models import Dossier
from tests.innovations.factories import InnovationFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their source language (the default is Indonesian)."""
    with translation.override("en"):
        yield


def member(user, agency) -> Membership:
    return Membership.objects.select_related("agency", "user").get(user=user, agency=agency)


@pytest.fixture
def as_coordinator(coordinator, coordinator_agency, unscoped):
    return member(coordinator, coordinator_agency)


@pytest.fixture
def as_admin_a(admin_a, agency_a, unscoped):
    return member(admin_a, agency_a)


def open_registration(competition):
    """Keep the competition's registration open a while longer (the blueprints' dates are
    long past): entries after the window are refused."""
    competition.stages.filter(kind="registration").update(
        ends_on=timezone.localdate() + timedelta(days=30)
    )
    return competition


@pytest.fixture
def kipp(as_coordinator):
    return open_registration(
        services.competition_from_blueprint(actor=as_coordinator, key="kipp-2023")
    )


@pytest.fixture
def pkri(as_coordinator):
    return open_registration(
        services.competition_from_blueprint(actor=as_coordinator, key="pkri-2024")
    )


@pytest.fixture
def innovation_a(agency_a, staff_a, unscoped):
    return InnovationFactory(
        agency=agency_a,
        author=staff_a,
        name="Bendera Sayangi Ibu dan Anak",
        brand_name="Bendera SASKIA",
        status="coaching",
        implementation_start=date(2019, 3, 1),
        sdgs=["3"],
        results="Kematian ibu turun.",
    )


@pytest.fixture
def kipp_dossier(kipp, as_admin_a, innovation_a):
    category = kipp.categories.get()
    return services.dossier_create(actor=as_admin_a, category=category, innovation=innovation_a)


@pytest.fixture
def render(client, django_capture_on_commit_callbacks):
    """Press a button of the portfolio's job partial as the page does; the task runs
    (eagerly) after the commit."""

    def post(agency, dossier, action="render"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("competitions:portfolio", args=[agency.slug, dossier.pk]),
                {"action": action},
                HTTP_HX_REQUEST="true",
            )

    return post


@pytest.fixture
def region_dossiers(kipp, agency_a, agency_b, staff_a, unscoped):
    """Three dossiers of two agencies, entered directly (eligibility is tested elsewhere)."""
    category = kipp.categories.get()
    made = []
    for agency, name in [(agency_a, "Alpha"), (agency_a, "Beta"), (agency_b, "Gamma")]:
        innovation = InnovationFactory(agency=agency, name=name, status="coaching")
        made.append(
            Dossier.objects.create(
                agency=agency, category=category, innovation=innovation, title=name
            )
        )
    return made
