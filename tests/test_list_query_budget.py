"""Every remaining list page issues the same number of queries at 10 and at 500 rows
(the registry's, the booking's and the competitions' main lists have their own tests);
the region's register and its targets board count innovations of the whole region."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinics.models import Membership, Partner, Role, Unit, User
from competitions.models import Competition, Dossier
from consultations.models import FacilitatorProfile, Room, SessionType
from innovations.models import Innovation


def _units(agency, start, count):
    Unit.objects.bulk_create(
        Unit(agency=agency, name=f"Unit {start + i}", kind="puskesmas") for i in range(count)
    )


def _partners(agency, start, count):
    Partner.objects.bulk_create(
        Partner(agency=agency, name=f"Mitra {start + i}", kind="university") for i in range(count)
    )


def _rooms(agency, start, count):
    Room.objects.bulk_create(Room(agency=agency, name=f"Ruang {start + i}") for i in range(count))


def _types(agency, start, count):
    SessionType.objects.bulk_create(
        SessionType(agency=agency, name=f"Jenis {start + i}", kind="consultation")
        for i in range(count)
    )


def _people(agency, start, count, role):
    users = User.objects.bulk_create(
        User(email=f"p{start + i}-{role}@list.test", full_name=f"P {start + i}")
        for i in range(count)
    )
    Membership.objects.bulk_create(Membership(agency=agency, user=u, role=role) for u in users)
    return users


def _facilitators(agency, start, count):
    users = _people(agency, start, count, Role.FACILITATOR)
    FacilitatorProfile.objects.bulk_create(
        FacilitatorProfile(agency=agency, user=u, expertise=["design_thinking"]) for u in users
    )


def _members(agency, start, count):
    _people(agency, start, count, Role.STAFF)


def _competitions(agency, start, count):
    Competition.objects.bulk_create(
        Competition(
            agency=agency, name=f"Lomba {start + i}", kind="internal", year=2026, organiser="x"
        )
        for i in range(count)
    )


def _dossiers(agency, start, count):
    competition, _ = Competition.objects.get_or_create(
        agency=agency, name="Lomba", year=2026, defaults={"kind": "internal", "organiser": "x"}
    )
    category = competition.categories.first() or competition.categories.create(
        agency=agency, name="Umum"
    )
    Dossier.objects.bulk_create(
        Dossier(agency=agency, category=category, title=f"Dossier {start + i}")
        for i in range(count)
    )


def _region_innovations(agency, start, count):
    """Submitted-and-later innovations of an agency of the coordinator's region, with
    their units and authors (what the register's rows show)."""
    author = User.objects.create(email=f"author{start}@list.test", full_name=f"Author {start}")
    unit = Unit.objects.create(agency=agency, name=f"Unit of {start}", kind="puskesmas")
    Innovation.objects.bulk_create(
        Innovation(
            agency=agency,
            author=author,
            unit=unit,
            name=f"Inovasi {start + i}",
            status=["submitted", "coaching", "sustained"][i % 3],
            maturity=["inisiatif", "uji_coba", "penerapan"][i % 3],
        )
        for i in range(count)
    )


PAGES = {
    "clinics:units": _units,
    "clinics:partners": _partners,
    "clinics:members": _members,
    "consultations:rooms": _rooms,
    "consultations:session_types": _types,
    "consultations:facilitators": _facilitators,
    "competitions:list": _competitions,
    "competitions:dossiers": _dossiers,
    "innovations:register": _region_innovations,
    "innovations:register_targets": _region_innovations,
}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_same_queries_at_10_and_500_rows(client, coordinator_agency, coordinator, unscoped, name):
    """On the coordinating agency (whose admins see every list, competitions included)."""
    url = reverse(name, args=[coordinator_agency.slug])
    client.force_login(coordinator)
    PAGES[name](coordinator_agency, 0, 10)
    small = _count(client, url)
    PAGES[name](coordinator_agency, 10, 490)
    assert _count(client, url) == small
