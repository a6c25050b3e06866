"""Fixtures of the pelembagaan tracker: Bantaeng's regulations and budget lines, kept by
its Bappeda, and uploads."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from clinics.models import Membership
from innovations.demo import tiny_pdf
from pelembagaan import services
from tests.innovations.factories import InnovationFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their source language (the default is Indonesian)."""
    with translation.override("en"):
        yield


def pdf(name="perbup.pdf", title="Perbup"):
    return SimpleUploadedFile(name, tiny_pdf(title), content_type="application/pdf")


def enact(actor, innovations=(), agencies=(), **fields):
    """A Perbup in force (2023), naming ``innovations``; ``fields`` change it."""
    return services.regulation_create(
        actor=actor,
        fields={
            "kind": "perkada",
            "title": "Peraturan Bupati tentang Inovasi Daerah",
            "number": "Nomor 23 Tahun 2023",
            "enacted_on": date(2023, 5, 2),
            "status": "ditetapkan",
            **fields,
        },
        innovations=innovations,
        agencies=agencies,
        upload=pdf(),
    )


@pytest.fixture
def as_coordinator(coordinator, coordinator_agency, unscoped):
    return Membership.objects.select_related("agency", "user").get(
        user=coordinator, agency=coordinator_agency
    )


@pytest.fixture
def innovation_a(agency_a, staff_a, unscoped):
    return InnovationFactory(
        agency=agency_a, author=staff_a, name="Jemput Antar Ibu", status="coaching"
    )


@pytest.fixture
def draft_regulation(as_coordinator, agency_a, innovation_a):
    return services.regulation_create(
        actor=as_coordinator,
        fields={"kind": "perkada", "title": "Rancangan Perbup Inovasi Daerah"},
        innovations=[innovation_a],
        agencies=[agency_a],
    )


@pytest.fixture
def enacted_regulation(as_coordinator, agency_a, innovation_a):
    return enact(as_coordinator, [innovation_a], [agency_a])


@pytest.fixture
def budget_line(as_coordinator, agency_a, innovation_a):
    return services.budget_save(
        actor=as_coordinator,
        fields={
            "year": 2025,
            "source": "apbd_inovasi",
            "source_detail": "",
            "activity": "Pendampingan Jemput Antar Ibu",
            "holder": agency_a,
            "innovation": innovation_a,
            "amount": 25_000_000,
            "realised": 24_100_000,
        },
        upload=pdf("dpa.pdf", "DPA"),
    )
