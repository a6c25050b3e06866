"""Fixtures of the index workbench: the shipped editions, Bantaeng's 2026 season kept by
its Bappeda, and implemented innovations of the region's agencies."""

from datetime import date

import pytest
from django.utils import translation

from indexes import editions as shipped
from indexes.models import Assessment, Edition
from tests.innovations.factories import InnovationFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their source language (the default is Indonesian)."""
    with translation.override("en"):
        yield


@pytest.fixture
def editions(db, unscoped):
    """The editions shipped with the portal (iid-2023 and iid-2026)."""
    return shipped.load_shipped()


@pytest.fixture
def season(editions, coordinator_agency, coordinator, unscoped):
    """Bantaeng's 2026 season, kept by its Bappeda under the shipped 2026 edition."""
    return Assessment.objects.create(
        agency=coordinator_agency,
        edition=Edition.objects.get(agency=None, code="iid-2026"),
        year=2026,
        created_by=coordinator,
    )


@pytest.fixture
def implemented(unscoped):
    """Make an innovation the 2026 edition counts: implemented (penerapan), in coaching,
    started inside its window (2024-01-01..2025-12-31), in health (kesehatan)."""

    def make(agency, **fields):
        return InnovationFactory(
            agency=agency,
            **{
                "maturity": "penerapan",
                "status": "coaching",
                "implementation_start": date(2024, 6, 1),
                "urusan": "kesehatan",
                **fields,
            },
        )

    return make
