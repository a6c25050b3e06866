"""Demo competitions of Kabupaten Bantaeng, kept by Bappeda Bantaeng: the real results
(KIPP 2020, 2022 and 2023, PKRI 2024 with its three categories) and an internal
competition in progress with dossiers in draft. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django_scopes import scope, scopes_disabled

from clinics.models import Agency, Membership, Role
from clinics.services import activity_record
from competitions import prefill, selectors, services
from competitions.choices import CompetitionKind, DossierStatus, Result, StageKind
from competitions.models import Category, Competition, Dossier, DossierSection, Stage, StageOutcome
from indexes import selectors as index_selectors
from innovations.models import Innovation
from pelembagaan import selectors as pelembagaan

# The announcements (shared/seeds, "Faktor Kunci Prestasi Inovasi Bantaeng"): the 26 best
# Instansi Pembina on 10 July 2024, the Top 5 of Keberlanjutan and Replikasi on 29 July.
PKRI_REFERENCE = ("B/536/00.95/2024", "29 Juli 2024")
INSTANSI_REFERENCE = ("B/456/PP.00.05/2024", "10 Juli 2024")

# (competition, year, category, brand of the innovation or None for the region, result,
#  external stages passed, (announcement reference, date))
ENTRIES = [
    ("KIPP", 2020, "Umum", "Bendera SASKIA", Result.TOP_45, (), ("", "")),
    ("KIPP", 2022, "Umum", "RAJA SMILE", Result.TOP_45, (), ("", "")),
    ("KIPP", 2022, "Umum", "SASKIA Peduli Disabilitas", Result.TOP_99, (), ("", "")),
    ("KIPP", 2023, "Umum", "SAMAWAKI", Result.TOP_99, (), ("", "")),
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
        Result.WINNER,  # one of the 26 best Instansi Pembina
        (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD),
        INSTANSI_REFERENCE,
    ),
]

INTERNAL = ("Lomba Inovasi Daerah Bantaeng", ["Terminal Darah", "BSB"])

# PKRI 2024's Keberlanjutan invitations (the seed: Bantaeng was invited with its former
# Top 99/45 winners) and Bappeda's shortlist for the season.
INVITED = [
    ("Bendera SASKIA", "Top 45 KIPP 2020"),
    ("SASKIA Peduli Disabilitas", "Top 99 KIPP 2022"),
    ("RAJA SMILE", "Top 45 KIPP 2022"),
    ("SAMAWAKI", "Top 99 KIPP 2023"),
]
SHORTLIST = [
    ("Keberlanjutan", "RAJA SMILE", "Paling siap: berjalan sejak 2019, kepuasan pasien naik."),
    ("Replikasi", "JEDAR SASKIA", "Replikasi Bendera SASKIA (Top 45 KIPP 2020)."),
    ("Replikasi", "SASKIA PUBER", "Replikasi Bendera SASKIA (Top 45 KIPP 2020)."),
]

# The region's own entry: its documents (requirement, from the pelembagaan tracker or the
# region's evidence locker, title) and the coordinator's notes beside the portal's figures.
PEMBINA_DOCUMENTS = [
    (
        "Regulasi daerah tentang inovasi",
        "Peraturan Bupati Bantaeng tentang Penetapan Inovasi Daerah",
    ),
    ("Laporan pembinaan inovasi", "Laporan pembinaan inovasi daerah 2023"),
]
PEMBINA_NOTES = {
    "penciptaan": (
        "Setiap perangkat daerah didorong melahirkan tiga inovasi setiap tahun (satu perangkat "
        "daerah, tiga inovasi); KLIK Baik mendampingi puskesmas sejak 2018 dengan metode "
        "Appreciative Thinking."
    ),
    "pengembangan": (
        "Bendera SASKIA direplikasi puskesmas lain dan menjadi bahan studi tiru daerah lain."
    ),
    "pelembagaan": (
        "Tim Inovasi Daerah dikoordinasikan Bappeda bersama Bagian Organisasi Setda; pembinaan "
        "berkolaborasi dengan Universitas Hasanuddin, Yayasan BaKTI dan Pulse Lab Jakarta."
    ),
}


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


def _season_lists(actor, pkri, innovations) -> None:
    """PKRI 2024's invitation list and shortlist, as Bappeda recorded them."""
    keberlanjutan = pkri.categories.get(name="Keberlanjutan")
    for brand, award in INVITED:
        if not keberlanjutan.invitations.filter(innovation=innovations[brand]).exists():
            services.invitation_add(
                actor=actor, category=keberlanjutan, innovation=innovations[brand], award=award
            )
    for category_name, brand, note in SHORTLIST:
        services.shortlist_add(
            actor=actor,
            category=pkri.categories.get(name=category_name),
            innovation=innovations[brand],
            note=note,
        )


def _complete_pembina(actor, dossier) -> None:
    """The region's own entry as Bappeda completed it: the regulation and the report
    attached from the tracker and the region's locker, the figures frozen into the three
    aspects with its notes (before the result is recorded)."""
    entry = selectors.dossier_get(actor, dossier.pk)
    region = actor.agency.region_id
    documents = {r.title: r for r in pelembagaan.regulations_in_force(region)} | {
        e.title: e for e in index_selectors.region_locker(actor.agency)
    }
    for requirement_title, title in PEMBINA_DOCUMENTS:
        services.document_pick(
            actor=actor,
            dossier=entry,
            requirement=dossier.category.documents.get(title=requirement_title),
            evidence=documents[title],
        )
    services.worksheet_save(actor=actor, dossier=entry, values={}, notes=PEMBINA_NOTES, freeze=True)


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
        for name, year, category_name, brand, result, passed, announcement in ENTRIES:
            reference, announced_on = announcement
            competition = kept[(name, year)]
            category = competition.categories.get(name=category_name)
            innovation = innovations[brand] if brand else None
            agency = innovation.agency if innovation else bappeda
            author = innovation.author if innovation else actor.user
            dossier, created = _dossier(category, agency, innovation, author)
            if not created:
                continue
            if innovation is None:
                _complete_pembina(actor, dossier)
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
                data={
                    "result": result,
                    "reference": reference,
                    "note": f"Pengumuman {announced_on}" if announced_on else "",
                },
            )
        _season_lists(actor, kept[("PKRI", 2024)], innovations)
        internal = _internal(actor)
        category = internal.categories.get()
        for brand in INTERNAL[1]:
            innovation = innovations[brand]
            _dossier(category, innovation.agency, innovation, innovation.author)
