"""Demo competitions of Kabupaten Bantaeng, kept by Bappeda Bantaeng: the real results
(KIPP 2020, 2022 and 2023, PKRI 2024 with its three categories) and an internal
competition in progress with dossiers in draft. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django_scopes import scope, scopes_disabled

from clinics.models import Agency, Membership, Role
from clinics.services import activity_record
from competitions import prefill, services
from competitions.choices import CompetitionKind, DossierStatus, Result, StageKind
from competitions.models import Category, Competition, Dossier, DossierSection, Stage, StageOutcome
from innovations.models import Innovation

PKRI_REFERENCE = "B/536/00.95/2024"

# (competition, year, category, brand of the innovation or None for the region, result,
#  external stages passed, reference)
ENTRIES = [
    ("KIPP", 2020, "Umum", "Bendera SASKIA", Result.TOP_45, (), ""),
    ("KIPP", 2022, "Umum", "RAJA SMILE", Result.TOP_45, (), ""),
    ("KIPP", 2022, "Umum", "SASKIA Peduli Disabilitas", Result.TOP_99, (), ""),
    ("KIPP", 2023, "Umum", "SAMAWAKI", Result.TOP_99, (), ""),
    (
        "PKRI",
        2024,
        "Keberlanjutan",
        "RAJA SMILE",
        Result.TOP_5,
        (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD),
        PKRI_REFERENCE,
    ),
    (
        "PKRI",
        2024,
        "Replikasi",
        "JEDAR SASKIA",
        Result.TOP_5,
        (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD),
        PKRI_REFERENCE,
    ),
    (
        "PKRI",
        2024,
        "Replikasi",
        "SASKIA PUBER",
        Result.TOP_5,
        (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD),
        PKRI_REFERENCE,
    ),
    (
        "PKRI",
        2024,
        "Instansi Pembina Inovasi",
        None,
        Result.TOP_5,
        (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD),
        PKRI_REFERENCE,
    ),
]

INTERNAL = ("Lomba Inovasi Daerah Bantaeng", ["Terminal Darah", "BSB"])


def _competitions(actor) -> dict:
    """KIPP 2023 and PKRI 2024 from their templates; KIPP 2020 and 2022 as copies."""
    kept = {(c.name, c.year): c for c in Competition.objects.filter(agency=actor.agency)}
    for key, name, year in (("kipp-2023", "KIPP", 2023), ("pkri-2024", "PKRI", 2024)):
        if (name, year) not in kept:
            kept[(name, year)] = services.competition_from_blueprint(actor=actor, key=key)
    for year in (2020, 2022):
        if ("KIPP", year) not in kept:
            kept[("KIPP", year)] = services.competition_copy(
                actor=actor, competition=kept[("KIPP", 2023)], year=year
            )
    return kept


def _internal(actor) -> Competition:
    name, _brands = INTERNAL
    year = date.today().year
    competition, created = Competition.objects.get_or_create(
        agency=actor.agency,
        name=name,
        year=year,
        defaults={
            "kind": CompetitionKind.INTERNAL,
            "organiser": "Bappeda Bantaeng",
            "group": "OPD",
            "description": "Lomba inovasi tahunan perangkat daerah Kabupaten Bantaeng.",
        },
    )
    if created:
        template = Competition.objects.get(agency=actor.agency, name="KIPP", year=2023)
        category = template.categories.get()
        sections, documents = list(category.sections.all()), list(category.documents.all())
        category.pk, category.competition, category.quota_per_agency = None, competition, 3
        category.save()
        for row in (*sections, *documents):
            row.pk, row.category = None, category
            row.save()
        # In progress whenever the demo is loaded: the proposals are open, the next stage
        # ends in three weeks (Bappeda's home lists the deadlines).
        first = date.today() - timedelta(days=14)
        for offset, kind in enumerate(StageKind.values):
            Stage.objects.create(
                agency=actor.agency,
                competition=competition,
                kind=kind,
                starts_on=first + timedelta(weeks=3 * offset),
                ends_on=first + timedelta(weeks=3 * offset, days=17),
            )
    return competition


def _dossier(category: Category, agency: Agency, innovation, author) -> tuple[Dossier, bool]:
    """A dossier as the registry would start it (history: no eligibility check today)."""
    existing = Dossier.objects.filter(category=category, agency=agency, innovation=innovation)
    if existing.exists():
        return existing.get(), False
    dossier = Dossier.objects.create(
        agency=agency,
        category=category,
        innovation=innovation,
        title=str(innovation) if innovation else f"{agency.region} – {category.name}",
        created_by=author,
    )
    sections = list(category.sections.all())
    with scope(agency=agency):
        drafts = prefill.texts(innovation, sections)
    DossierSection.objects.bulk_create(
        DossierSection(agency=agency, dossier=dossier, section=s, text=drafts[s.pk])
        for s in sections
    )
    activity_record(
        agency=agency, actor=author, action="competitions.dossier.created", target=dossier
    )
    return dossier, True


@transaction.atomic
def load() -> None:
    with scopes_disabled():
        bappeda = Agency.objects.get(slug="bappeda-bantaeng")
        actor = Membership.objects.select_related("agency", "user").get(
            agency=bappeda, role=Role.ADMIN, user__email__startswith="admin.bappeda"
        )
        kept = _competitions(actor)
        innovations = {
            (i.brand_name or i.name): i
            for i in Innovation.objects.filter(agency__region=bappeda.region).select_related(
                "agency", "author"
            )
        }
        for name, year, category_name, brand, result, passed, reference in ENTRIES:
            competition = kept[(name, year)]
            category = competition.categories.get(name=category_name)
            innovation = innovations[brand] if brand else None
            agency = innovation.agency if innovation else bappeda
            author = innovation.author if innovation else actor.user
            dossier, created = _dossier(category, agency, innovation, author)
            if not created:
                continue
            stages = {s.kind: s for s in competition.stages.all()}
            for kind in passed:
                StageOutcome.objects.create(
                    agency=agency, dossier=dossier, stage=stages[kind], passed=True
                )
            dossier.status, dossier.result = DossierStatus.DECIDED, result
            dossier.announcement_ref = reference
            dossier.save()
            activity_record(
                agency=agency,
                actor=actor.user,
                action="competitions.dossier.result",
                target=dossier,
                data={"result": result, "reference": reference},
            )
        internal = _internal(actor)
        category = internal.categories.get()
        for brand in INTERNAL[1]:
            innovation = innovations[brand]
            _dossier(category, innovation.agency, innovation, innovation.author)
