"""Demo assessment of Kabupaten Bantaeng for the current season, kept by Bappeda Bantaeng,
frozen as it stands, and an earlier season with its frozen prediction and the official
result announced for it (the trend on the dashboard).

The pemda answers are illustrative (not Bantaeng's real figures): most are backed by a
document, a few are claimed without one, and two mandatory ones are still empty, so the
dashboard's first suggestion shows at once. The per-innovation levels are proposed from
the registry; some are confirmed by the agencies and one is verified. Idempotent.
"""

from datetime import date, datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics.models import Agency, Membership, Role
from indexes import assessment as workbenches
from indexes import services
from indexes.editions import load_shipped
from indexes.models import (
    Assessment,
    Edition,
    InnovationAnswer,
    OfficialResult,
    PemdaAnswer,
    RegionEvidence,
    Snapshot,
)
from innovations.demo import tiny_pdf
from innovations.models import Evidence, Innovation

SEASON = 2026
EDITION = "iid-2026"

# indicator number: (level, title of the document that backs it, or None)
PEMDA = {
    "1": (3, "RPJMD Kabupaten Bantaeng 2021-2026"),
    "2a": (3, "Perda APBD tiga tahun terakhir"),
    "2b": (2, None),
    "3": (2, "Rekap izin terbit DPMPTSP"),
    "4": (2, "Berita resmi statistik: PDRB per kapita"),
    "5a": (2, None),
    "5b": (2, "Berita resmi statistik: TPT"),
    "7": (2, "Laporan realisasi PAD"),
    "8": (3, None),  # WTP claimed, the BPK report not yet attached: the top suggestion
    "9": (2, "Hasil evaluasi SAKIP"),
    "10a": (2, "Berita resmi statistik: kemiskinan"),
    "10b": (2, "Berita resmi statistik: penduduk miskin"),
    "11a": (2, "Berita resmi statistik: IPM"),
    "12": (2, None),
    "13a": (1, "Rekomendasi kebijakan Balitbangda"),
    "14": (1, None),
    "15": (1, "Undangan sosialisasi HAKI"),
}

# Documents of the region's locker that answer no indicator: the Instansi Pembina entry
# (competitions.demo) attaches the report on coaching innovation.
LOCKER = [("Laporan pembinaan inovasi daerah 2023", date(2023, 12, 29))]

# The season before, illustrative: the prediction frozen then (self-assessed, strict, their
# bands) and the result announced for it (IID, rating, rank among the kabupaten, when).
PAST = {
    "year": SEASON - 1,
    "claimed": ("52.40", "Inovatif"),
    "strict": ("43.75", "Inovatif"),
    "official": {
        "iid": Decimal("47.85"),
        "band": "Inovatif",
        "national_rank": 61,
        "ranked_among": 415,
        "announced_on": date(SEASON - 1, 12, 9),
        "reference": "Pengumuman IGA (ilustrasi)",
    },
}

# Developments inside the 2026 edition's window (implemented 2024-2025 or developed then).
DEVELOPED = {
    "Bendera SASKIA": date(2024, 8, 1),
    "JEDAR SASKIA": date(2025, 2, 1),
    "SASKIA PUBER": date(2024, 11, 1),
    "SASKIA Peduli Disabilitas": date(2025, 5, 1),
    "BSB": date(2024, 3, 1),
    "RAJA SMILE": date(2025, 1, 15),
    "SAMAWAKI": date(2024, 6, 1),
}

# (brand, indicator number, level, evidence kind to attach or None, verified)
CONFIRMED = [
    ("JEDAR SASKIA", "17", 2, "regulation", True),
    ("RAJA SMILE", "33", 3, "report", False),
    ("SAMAWAKI", "19", 3, "photo", False),
    ("BSB", "28", 3, None, False),  # confirmed without evidence: counts 0 when strict
]


def _evidence(coordinator, admin, title, dated=date(SEASON - 1, 12, 31)):
    found = RegionEvidence.objects.filter(agency=coordinator, title=title).first()
    if found:
        return found
    evidence = RegionEvidence(
        agency=coordinator,
        title=title,
        dated=dated,
        original_name=f"{title[:40]}.pdf",
        content_type="application/pdf",
        uploaded_by=admin,
    )
    content = tiny_pdf(title)
    evidence.size = len(content)
    evidence.file.save("bukti.pdf", ContentFile(content), save=False)
    evidence.save()
    return evidence


@transaction.atomic
def load() -> None:
    load_shipped()
    with scopes_disabled():
        coordinator = Agency.objects.get(slug="bappeda-bantaeng")
        admin = (
            Membership.objects.filter(agency=coordinator, role=Role.ADMIN)
            .select_related("user")
            .first()
            .user
        )
        edition = Edition.objects.get(agency=None, code=EDITION)
        assessment, _ = Assessment.objects.get_or_create(
            agency=coordinator, year=SEASON, defaults={"edition": edition, "created_by": admin}
        )
        for title, dated in LOCKER:
            _evidence(coordinator, admin, title, dated)
        indicators = {i.number: i for i in edition.indicators.all()}
        for number, (level, title) in PEMDA.items():
            PemdaAnswer.objects.get_or_create(
                assessment=assessment,
                indicator=indicators[number],
                defaults={
                    "agency": coordinator,
                    "level": level,
                    "evidence": _evidence(coordinator, admin, title) if title else None,
                    "answered_by": admin,
                },
            )
        innovations = {
            i.brand_name: i
            for i in Innovation.objects.filter(
                agency__region=coordinator.region_id, brand_name__in=DEVELOPED
            )
        }
        for brand, day in DEVELOPED.items():
            Innovation.objects.filter(pk=innovations[brand].pk).update(last_developed_on=day)
        for brand, number, level, kind, verified in CONFIRMED:
            innovation = innovations[brand]
            evidence = (
                Evidence.objects.filter(innovation=innovation, kind=kind).first() if kind else None
            )
            InnovationAnswer.objects.get_or_create(
                assessment=assessment,
                innovation=innovation,
                indicator=indicators[number],
                defaults={
                    "agency": innovation.agency,
                    "level": level,
                    "evidence": evidence,
                    "confirmed_by": innovation.author,
                    "verified_by": admin if verified else None,
                    "verified_at": timezone.now() if verified else None,
                },
            )
        _past_season(coordinator, admin, edition)
        _freeze(coordinator, admin, assessment)


def _past_season(coordinator, admin, edition) -> None:
    past, created = Assessment.objects.get_or_create(
        agency=coordinator, year=PAST["year"], defaults={"edition": edition, "created_by": admin}
    )
    if not created:
        return
    (claimed, claimed_band), (strict, strict_band) = PAST["claimed"], PAST["strict"]
    Snapshot.objects.create(
        agency=coordinator,
        assessment=past,
        taken_by=admin,
        taken_at=timezone.make_aware(datetime(PAST["year"], 7, 25, 10)),
        iid_claimed=Decimal(claimed),
        iid_strict=Decimal(strict),
        band_claimed=claimed_band,
        band_strict=strict_band,
    )
    OfficialResult.objects.create(
        agency=coordinator, assessment=past, recorded_by=admin, **PAST["official"]
    )


def _freeze(coordinator, admin, assessment) -> None:
    """This season's prediction frozen as the demo leaves it."""
    if Snapshot.objects.filter(assessment=assessment).exists():
        return
    actor = Membership.objects.select_related("agency", "user").get(agency=coordinator, user=admin)
    services.freeze(actor=actor, workbench=workbenches.build(assessment))
