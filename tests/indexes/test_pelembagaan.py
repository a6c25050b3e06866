"""The index reads the pelembagaan tracker: a regulation in force that names an innovation
proposes its regulation level (indicator 16), the years budget lines fund it its budget
level (indicator 18); a draft, or a line of another innovation, counts nothing."""

from clinics.models import Membership
from indexes import assessment as workbenches
from pelembagaan import services
from tests.pelembagaan.conftest import enact, pdf


def _row(season, innovation, number):
    sheet = next(s for s in workbenches.build(season).sheets if s.innovation.pk == innovation.pk)
    return next(r for r in sheet.rows if r.indicator.number == number)


def test_regulations_and_budget_lines_raise_an_innovations_levels(
    season, implemented, agency_a, coordinator, coordinator_agency, unscoped
):
    actor = Membership.objects.select_related("agency", "user").get(
        user=coordinator, agency=coordinator_agency
    )
    named, other = implemented(agency_a, name="Jemput Antar"), implemented(agency_a)
    assert _row(season, named, "16").level == 0 and _row(season, named, "18").level == 0
    services.regulation_create(
        actor=actor,
        fields={"kind": "perda", "title": "Rancangan Perda Inovasi Daerah"},
        innovations=[named],
    )
    assert _row(season, named, "16").level == 0  # a draft is not in force
    perbup = enact(actor, [named])
    row = _row(season, named, "16")
    assert (row.level, row.evidence.source, row.evidence.pk) == (2, "regulation", perbup.pk)
    assert row.backed  # a regulation, dated (the 2026 indicator asks no years)
    assert _row(season, other, "16").level == 0
    for year in (2024, 2025, 2026):
        services.budget_save(
            actor=actor,
            fields={
                "year": year,
                "source": "apbd_inovasi",
                "source_detail": "",
                "activity": f"Jemput Antar {year}",
                "holder": agency_a,
                "innovation": named,
                "amount": 10_000_000,
                "realised": None,
            },
            upload=pdf(f"dpa-{year}.pdf") if year == 2025 else None,
        )
    row = _row(season, named, "18")
    assert row.level == 3 and row.backed
    assert (row.evidence.source, row.evidence.title) == ("budget", "Jemput Antar 2025")
    assert _row(season, other, "18").level == 0
