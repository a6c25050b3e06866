"""``manage.py generate_scale``: a realistic, deterministic data set for measuring speed.

The default size, "province", is 5 regions × 10 agencies, each with 10 units, 60 members
and 2,000 innovations spread over statuses, phases, maturity and five years, with ~10
timeline events each, evidence rows (pointing at a few small real files in the storage),
an impact indicator with measurements and an M&E visit; 5 facilitators per agency with
weekly hours and two years of sessions; each region's coordinator keeps KIPP 2023 and
PKRI 2024, and every agency has dossiers. Rows are bulk-inserted; the same seed gives the
same data. Generated agencies' slugs start with ``gen-``; the command refuses a database
holding any other agency unless ``--force``, and does nothing when the data is there.
"""

import random
from datetime import UTC, date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_scopes import scopes_disabled

SIZES = {
    # regions, agencies per region, units, members, innovations per agency
    "province": (5, 10, 10, 60, 2000),
    "regency": (1, 10, 10, 60, 2000),
    "tiny": (1, 2, 2, 8, 20),
}
BATCH = 5000
UNUSABLE = "!"  # Django's marker of an unusable password
PREFIX = "gen-"
WORDS = [
    *("layanan", "warga", "desa", "puskesmas", "sekolah", "pasar", "air", "bersih", "gizi"),
    *("anak", "ibu", "hamil", "lansia", "jalan", "sampah", "kopi", "padi", "ikan", "digital"),
    *("aplikasi", "data", "akta", "kelahiran", "kesehatan", "rujukan", "ambulans", "posyandu"),
    *("kader", "imunisasi", "stunting", "perizinan", "pajak", "pelayanan", "cepat", "gratis"),
]
SYLLABLES = ["ba", "ka", "la", "ma", "na", "pa", "ra", "sa", "ta", "wa", "di", "ju", "ko", "re"]
VOCABULARY = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES]
STATUSES = ["draft"] * 2 + ["submitted"] * 2 + ["coaching"] * 4 + ["sustained"] * 2 + ["archived"]
PHASES = ["drum_up", "diagnose", "design", "deliver", "display"]
ACTIONS = [
    "innovations.innovation.created",
    "innovations.innovation.submit",
    "innovations.innovation.accept",
    "innovations.innovation.phase",
    "innovations.evidence.added",
    "innovations.measurement.added",
    "innovations.coaching.held",
    "innovations.visit.done",
    "innovations.action.added",
    "innovations.checkin.recorded",
]


class Command(BaseCommand):
    help = "Generate the scale data set (default: a province). Refuses real agencies."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--force", action="store_true", help="run even if the database has real agencies"
        )

    def handle(self, *args, size, seed, force, **options):
        from clinics.models import Agency

        with scopes_disabled():
            if Agency.objects.filter(slug__startswith=PREFIX).exists():
                self.stdout.write("Scale data is already there; nothing to do.")
                return
            if Agency.objects.exists() and not force:
                raise CommandError(
                    "This database holds agencies that were not generated. Use an empty "
                    "database, or --force if you really mean to add scale data to it."
                )
            Generator(random.Random(seed), *SIZES[size], self.stdout).run()


class Generator:
    def __init__(self, rng, regions, agencies, units, members, innovations, out):
        self.rng, self.out = rng, out
        self.regions, self.agencies, self.units = regions, agencies, units
        self.members, self.innovations = members, innovations
        self.now = datetime(2026, 11, 1, 2, 0, tzinfo=UTC)

    def words(self, n):
        """Text like a real description: mostly varied words (a vocabulary of ~3,000), a
        few of the domain's own, so a two-word search matches a few percent of rows."""
        common = self.rng.choices(WORDS, k=max(1, n // 60))
        varied = self.rng.choices(VOCABULARY, k=n - len(common))
        return " ".join(common + varied)

    def run(self):
        files = self.shared_files()
        for r in range(self.regions):
            with transaction.atomic():
                region, agencies = self.region(r)
                for a, agency in enumerate(agencies):
                    self.agency(agency, files)
                    self.out.write(f"  {region.name}: agency {a + 1}/{len(agencies)}")
                self.competitions(agencies)

    def shared_files(self) -> dict:
        """A few small real files that every generated evidence row points at."""
        from innovations.demo import _photo, tiny_pdf

        return {
            "regulation": default_storage.save("scale/sk.pdf", ContentFile(tiny_pdf("SK"))),
            "report": default_storage.save("scale/laporan.pdf", ContentFile(tiny_pdf("Lap"))),
            "photo": default_storage.save("scale/foto.png", ContentFile(_photo("Foto"))),
        }

    def region(self, r):
        from clinics.models import Agency, Region

        region = Region.objects.create(
            name=f"Kabupaten Skala {r + 1}", slug=f"{PREFIX}region-{r + 1}", kind="kabupaten"
        )
        agencies = Agency.objects.bulk_create(
            Agency(
                region=region,
                name=f"{'Bappeda' if a == 0 else 'Dinas'} Skala {r + 1}.{a + 1}",
                slug=f"{PREFIX}{r + 1}-{a + 1}",
                kind="bappeda" if a == 0 else "dinkes",
                clinic_name=f"Klinik Skala {r + 1}.{a + 1}",
                coordinates_region=a == 0,
                is_open=a == 1,
            )
            for a in range(self.agencies)
        )
        return region, agencies

    def agency(self, agency, files):
        from clinics.models import Membership, Unit, User

        units = Unit.objects.bulk_create(
            Unit(agency=agency, name=f"Unit {u + 1}", kind="puskesmas") for u in range(self.units)
        )
        users = User.objects.bulk_create(
            User(
                email=f"{agency.slug}-{m + 1}@scale.klikbaik.test",
                full_name=f"Pegawai {agency.slug} {m + 1}",
                password=UNUSABLE,  # the benchmark signs in by session
            )
            for m in range(self.members)
        )
        roles = ["admin"] * 2 + ["facilitator"] * 5 + ["staff"] * (self.members - 7)
        Membership.objects.bulk_create(
            Membership(agency=agency, user=user, role=role, unit=self.rng.choice(units))
            for user, role in zip(users, roles, strict=False)
        )
        innovations = self.registry(agency, units, users, files)
        self.coaching(agency, users[2:7], users[7:], innovations)

    def registry(self, agency, units, users, files):
        from clinics.models import ActivityLog
        from innovations.models import (
            Evidence,
            ImpactIndicator,
            Innovation,
            Measurement,
            MonitoringVisit,
        )

        rng, staff = self.rng, users[7:] or users
        specs = []
        for i in range(self.innovations):
            status = rng.choice(STATUSES)
            year = 2022 + i % 5
            specs.append((status, year))
        innovations = Innovation.objects.bulk_create(
            (
                Innovation(
                    agency=agency,
                    unit=rng.choice(units),
                    author=rng.choice(staff),
                    name=f"Inovasi {self.words(3)} {i + 1}",
                    brand_name=f"IN{i + 1}" if i % 3 == 0 else "",
                    problem=self.words(40),
                    design=self.words(320),
                    goals=self.words(20),
                    status=status,
                    phase=rng.choice(PHASES) if status in {"coaching", "sustained"} else "",
                    maturity=rng.choice(["inisiatif", "uji_coba", "penerapan"]),
                    is_published=status == "sustained" and i % 2 == 0,
                    sdgs=[str(rng.randint(1, 17))],
                    implementation_start=date(year, rng.randint(1, 12), 1),
                    submitted_at=self.now if status != "draft" else None,
                )
                for i, (status, year) in enumerate(specs)
            ),
            batch_size=BATCH,
        )
        # auto_now_add stamped them all today: spread them over their years.
        for year in range(2022, 2027):
            ids = [inn.pk for inn, (_s, y) in zip(innovations, specs, strict=True) if y == year]
            Innovation.objects.filter(pk__in=ids).update(
                created_at=datetime(year, 3, 1, tzinfo=UTC)
            )
        ActivityLog.objects.bulk_create(
            (
                ActivityLog(
                    agency=agency,
                    actor=rng.choice(users),
                    action=action,
                    target_type="innovations.innovation",
                    target_id=inn.pk,
                )
                for inn in innovations
                for action in ACTIONS
            ),
            batch_size=BATCH,
        )
        Evidence.objects.bulk_create(
            (
                Evidence(
                    agency=agency,
                    innovation=inn,
                    title=f"{kind.title()} {inn.pk}",
                    kind=kind,
                    file=files[kind],
                    original_name=files[kind].rsplit("/", 1)[-1],
                    content_type="image/png" if kind == "photo" else "application/pdf",
                    size=1000,
                    is_public=inn.is_published,
                )
                for inn in innovations
                for kind in ("regulation", "photo")
            ),
            batch_size=BATCH,
        )
        indicators = ImpactIndicator.objects.bulk_create(
            (
                ImpactIndicator(
                    agency=agency,
                    innovation=inn,
                    name="Cakupan layanan",
                    unit="%",
                    baseline=40,
                    target=90,
                )
                for inn in innovations
            ),
            batch_size=BATCH,
        )
        Measurement.objects.bulk_create(
            (
                Measurement(
                    agency=agency,
                    indicator=indicator,
                    value=40 + 12 * q,
                    measured_on=date(2025, 3 * q + 1, 1),
                )
                for indicator in indicators
                for q in range(4)
            ),
            batch_size=BATCH,
        )
        MonitoringVisit.objects.bulk_create(
            (
                MonitoringVisit(
                    agency=agency,
                    innovation=inn,
                    planned_on=date(2025, 6, 1),
                    instrument="Kuesioner",
                    done_on=date(2025, 6, 3),
                    findings=self.words(15),
                )
                for inn in innovations[::2]
            ),
            batch_size=BATCH,
        )
        return innovations

    def coaching(self, agency, coaches, staff, innovations):
        """Five facilitators with weekday hours and two years of sessions that never
        overlap (each facilitator's sessions sit in distinct weekly slots)."""
        from consultations.models import (
            Consultation,
            FacilitatorProfile,
            SessionType,
            WeeklyHours,
        )

        session_type = SessionType.objects.create(
            agency=agency, name="Konsultasi", kind="consultation", duration_minutes=60
        )
        profiles = FacilitatorProfile.objects.bulk_create(
            FacilitatorProfile(agency=agency, user=user, expertise=["design_thinking"])
            for user in coaches
        )
        WeeklyHours.objects.bulk_create(
            WeeklyHours(agency=agency, facilitator=p, weekday=d, start=time(8), end=time(16))
            for p in profiles
            for d in range(5)
        )
        start = self.now - timedelta(weeks=104)
        monday = start - timedelta(days=start.weekday())
        sessions = []
        for profile in profiles:
            for week in range(104 + 4):  # two years back and a month ahead
                for day, hour in ((0, 1), (2, 5)):  # UTC hours: 09:00 and 13:00 WITA
                    begins = monday + timedelta(weeks=week, days=day, hours=hour)
                    sessions.append(
                        Consultation(
                            agency=agency,
                            session_type=session_type,
                            facilitator=profile,
                            starts_at=begins,
                            ends_at=begins + timedelta(hours=1),
                            busy_until=begins + timedelta(minutes=75),
                            status="completed" if begins < self.now else "confirmed",
                            requested_by=self.rng.choice(staff or coaches),
                            requester_agency=agency,
                            innovation=self.rng.choice(innovations) if innovations else None,
                        )
                    )
        Consultation.objects.bulk_create(sessions, batch_size=BATCH)

    def competitions(self, agencies):
        from clinics.models import Membership
        from competitions import services
        from competitions.models import Dossier, DossierSection, Section
        from innovations.models import Innovation

        coordinator = agencies[0]
        actor = (
            Membership.objects.select_related("agency", "user")
            .filter(agency=coordinator, role="admin")
            .first()
        )
        kept = [
            services.competition_from_blueprint(actor=actor, key=key)
            for key in ("kipp-2023", "pkri-2024")
        ]
        category = kept[0].categories.get()
        sections = list(Section.objects.filter(category=category))
        for agency in agencies:
            picks = Innovation.objects.filter(agency=agency, status="sustained")[:20]
            dossiers = Dossier.objects.bulk_create(
                Dossier(
                    agency=agency,
                    category=category,
                    innovation=inn,
                    title=str(inn),
                    status=self.rng.choice(["draft", "review", "ready", "submitted"]),
                )
                for inn in picks
            )
            DossierSection.objects.bulk_create(
                (
                    DossierSection(agency=agency, dossier=d, section=s, text=self.words(150))
                    for d in dossiers
                    for s in sections
                ),
                batch_size=BATCH,
            )
