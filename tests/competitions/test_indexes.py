"""On PostgreSQL, the main lists' filters, sorts and text search are served by indexes:
with a few thousand rows and fresh statistics, no plan reads the large table sequentially,
and text search uses its GIN indexes."""

import random

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from clinics.models import Membership
from competitions import selectors as competition_selectors
from innovations import selectors
from innovations.models import Innovation

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans are PostgreSQL's; CI runs this"
)

WORDS = ["air", "bersih", "sekolah", "jalan", "desa", "pasar", "ikan", "padi", "kopi", "sampah"]


@pytest.fixture
def many(agency_a, agency_b, admin_a, unscoped):
    rng = random.Random(7)
    Innovation.objects.bulk_create(
        Innovation(
            agency=agency_a if i % 10 else agency_b,
            author=admin_a,
            name=" ".join(rng.sample(WORDS, 3)),
            brand_name=f"B{i}",
            problem=" ".join(rng.choices(WORDS, k=30)),
            design=" ".join(rng.choices(WORDS, k=120)),
            status=rng.choice(["submitted", "coaching", "sustained"]),
            is_published=i % 7 == 0,
        )
        for i in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE innovations_innovation")
    return Membership.objects.select_related("agency").get(user=admin_a, agency=agency_a)


def _plan(queryset) -> str:
    with scopes_disabled():
        return queryset.explain()


def test_text_search_uses_its_gin_indexes(many):
    plan = _plan(selectors.innovation_list(many, filters={"q": "ibu hamil"}))
    assert "inno_search" in plan and "inno_brand_trgm" in plan, plan
    assert "Seq Scan on innovations_innovation" not in plan, plan
    catalogue = _plan(selectors.catalogue_list(text="sekolah"))
    assert "Seq Scan on innovations_innovation" not in catalogue, catalogue


@pytest.mark.parametrize(
    "filters", [{}, {"status": "coaching"}, {"sort": "newest"}, {"status": "sustained"}]
)
def test_the_innovation_list_is_served_by_an_index(many, filters):
    plan = _plan(selectors.innovation_list(many, filters=filters)[:20])
    assert "Seq Scan on innovations_innovation" not in plan, plan


def test_the_regional_dossier_table_is_served_by_an_index(many, kipp, coordinator_agency, agency_b):
    from competitions.models import Dossier

    category = kipp.categories.get()
    Dossier.objects.bulk_create(
        Dossier(agency=i.agency, category=category, innovation=i, title=i.name)
        for i in Innovation.objects.all()[:2500]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE competitions_dossier")
    plan = _plan(
        competition_selectors.region_dossiers(coordinator_agency, {"agency": agency_b})[:20]
    )
    assert "Seq Scan on competitions_dossier" not in plan, plan
