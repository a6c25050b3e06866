"""The fixed cast every test can use, after healthchecks' alice/bob/charlie.

Kabupaten Bantaeng has three agencies: ``agency_a`` (a health office with a clinic),
``agency_b`` (a hospital) and ``coordinator_agency`` (its Bappeda). Kota Makassar has
``agency_c`` and ``other_coordinator_agency`` (its Bappeda). People: ``staff_a``,
``facilitator_a``, ``admin_a`` in agency A, ``admin_b`` in B, ``admin_c`` in C,
``coordinator`` (an admin of Bantaeng's Bappeda) and ``other_coordinator`` (Makassar's).
``organisasi_agency`` (Bagian Organisasi Setda) shares the coordinator role in Bantaeng when
a test asks for it, with ``organisasi_admin``.
"""

import pytest
from django.core.cache import cache
from django_scopes import scopes_disabled

from clinics.models import Role
from tests.clinics.factories import (
    AgencyFactory,
    MembershipFactory,
    RegionFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings, tmp_path):
    """Uploads go to a fresh folder; rate-limit counters never leak between tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def region(db):
    return RegionFactory(name="Kabupaten Bantaeng", slug="kabupaten-bantaeng")


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Kota Makassar", slug="kota-makassar", kind="kota")


@pytest.fixture
def agency_a(region):
    return AgencyFactory(
        region=region,
        slug="dinkes",
        name="Dinas Kesehatan",
        clinic_name="KLIK Baik",
        is_open=True,
    )


@pytest.fixture
def agency_b(region):
    return AgencyFactory(region=region, slug="rsud", name="RSUD", clinic_name="Klinik RSUD")


@pytest.fixture
def coordinator_agency(region):
    return AgencyFactory(
        region=region,
        slug="bappeda",
        name="Bappeda",
        clinic_name="Bengkel Inovasi",
        kind="bappeda",
        coordinates_region=True,
    )


@pytest.fixture
def organisasi_agency(region):
    """A second coordinating agency of Bantaeng, sharing the role with its Bappeda."""
    return AgencyFactory(
        region=region,
        slug="organisasi",
        name="Bagian Organisasi Setda",
        clinic_name="Admin Lokal Inovasi",
        kind="setda",
        coordinates_region=True,
    )


@pytest.fixture
def agency_c(other_region):
    return AgencyFactory(
        region=other_region, slug="labinov", name="Balitbangda", clinic_name="Labinov Beken"
    )


@pytest.fixture
def other_coordinator_agency(other_region):
    return AgencyFactory(
        region=other_region,
        slug="bappeda-makassar",
        name="Bappeda Makassar",
        clinic_name="Bengkel Makassar",
        kind="bappeda",
        coordinates_region=True,
    )


@pytest.fixture
def unit_a(agency_a):
    return UnitFactory(agency=agency_a, name="Puskesmas Sinoa")


def _member(agency, role, email):
    return MembershipFactory(agency=agency, role=role, user__email=email).user


@pytest.fixture
def staff_a(agency_a):
    return _member(agency_a, Role.STAFF, "staff@a.test")


@pytest.fixture
def facilitator_a(agency_a):
    return _member(agency_a, Role.FACILITATOR, "facilitator@a.test")


@pytest.fixture
def admin_a(agency_a):
    return _member(agency_a, Role.ADMIN, "admin@a.test")


@pytest.fixture
def admin_b(agency_b):
    return _member(agency_b, Role.ADMIN, "admin@b.test")


@pytest.fixture
def admin_c(agency_c):
    return _member(agency_c, Role.ADMIN, "admin@c.test")


@pytest.fixture
def coordinator(coordinator_agency):
    return _member(coordinator_agency, Role.ADMIN, "coordinator@bappeda.test")


@pytest.fixture
def other_coordinator(other_coordinator_agency):
    return _member(other_coordinator_agency, Role.ADMIN, "coordinator@makassar.test")


@pytest.fixture
def organisasi_admin(organisasi_agency):
    return _member(organisasi_agency, Role.ADMIN, "admin@organisasi.test")


@pytest.fixture
def unscoped():
    """For assertions that read across agencies, as only a test may."""
    with scopes_disabled():
        yield


@pytest.fixture
def client(client, settings):
    """Pages in English (as the header's switch would ask), so that assertions read the
    source strings; the Indonesian default is tested on its own (tests/test_i18n.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    logout = client.logout

    def logout_keeping_the_language():
        logout()  # which drops every cookie
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.logout = logout_keeping_the_language
    return client
