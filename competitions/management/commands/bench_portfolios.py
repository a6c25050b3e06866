"""``manage.py bench_portfolios``: time a 20-page portfolio PDF and a 30-dossier regional
ZIP, as a worker renders them, and print each one's time and peak memory.

Each measurement runs in a forked child process (so that its peak resident memory is its
own) on synthetic data created inside a transaction that is rolled back, with files in a
temporary folder: the database and the media folder are left as they were. A benchmark,
never part of the test suite.
"""

import io
import multiprocessing
import resource
import tempfile
import time
import traceback
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connections, transaction
from django.test.utils import override_settings
from django_scopes import scopes_disabled

SECTION_WORDS = (
    "Puskesmas menjemput ibu hamil yang tinggal jauh dari fasilitas kesehatan dengan "
    "ambulans desa dan mencatat setiap kunjungan antenatal dalam register kohort. "
)


class Rollback(Exception):
    pass


def _data(dossiers: int, words_per_section: int):
    from clinics.models import Agency, Membership, Region, Role, User
    from competitions import services
    from competitions.models import Dossier, DossierSection
    from innovations.models import Innovation

    region = Region.objects.create(name="Kabupaten Bench", slug="bench-region", kind="kabupaten")
    keeper = Agency.objects.create(
        region=region,
        name="Bappeda Bench",
        slug="bench-bappeda",
        clinic_name="Bengkel",
        kind="bappeda",
        coordinates_region=True,
    )
    entrant = Agency.objects.create(
        region=region, name="Dinkes Bench", slug="bench-dinkes", clinic_name="KLIK Bench"
    )
    user = User.objects.create_user("bench@bench.test")
    membership = Membership.objects.create(user=user, agency=keeper, role=Role.ADMIN)
    competition = services.competition_from_blueprint(actor=membership, key="kipp-2023")
    category = competition.categories.get()
    sections = list(category.sections.all())
    text = " ".join([SECTION_WORDS] * (words_per_section // 20))
    made = []
    for n in range(dossiers):
        innovation = Innovation.objects.create(
            agency=entrant,
            author=user,
            name=f"Inovasi {n}",
            status="coaching",
            problem=text[:2000],
            design=text,
            implementation_start=date(2020, 1, 1),
        )
        dossier = Dossier.objects.create(
            agency=entrant, category=category, innovation=innovation, title=f"Inovasi {n}"
        )
        DossierSection.objects.bulk_create(
            DossierSection(agency=entrant, dossier=dossier, section=s, text=text) for s in sections
        )
        made.append(dossier)
    return keeper, entrant, user, made


def _portfolio(pages_wanted: int) -> dict:
    import pypdf

    from competitions import tasks
    from jobs.models import Job

    keeper, entrant, user, (dossier,) = _data(1, words_per_section=pages_wanted * 55)
    job = Job.objects.create(
        agency=entrant,
        kind="portfolio",
        subject=f"dossier:{dossier.pk}",
        params={"dossier": dossier.pk},
        requested_by=user,
    )
    started = time.perf_counter()
    tasks.render_portfolio(entrant.pk, job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    with job.file.open("rb") as handle:
        pages = len(pypdf.PdfReader(io.BytesIO(handle.read())).pages)
    return {"what": f"portfolio PDF ({pages} pages)", "seconds": seconds, "status": job.status}


def _zip(dossiers: int) -> dict:
    from competitions import tasks
    from jobs.models import Job

    keeper, entrant, user, made = _data(dossiers, words_per_section=120)
    job = Job.objects.create(
        agency=keeper,
        kind="region_zip",
        params={"dossiers": [d.pk for d in made]},
        requested_by=user,
    )
    started = time.perf_counter()
    tasks.build_region_zip(keeper.pk, job.pk)
    seconds = time.perf_counter() - started
    job.refresh_from_db()
    return {
        "what": f"regional ZIP ({len(made)} dossiers)",
        "seconds": seconds,
        "status": job.status,
    }


def _child(work, argument, queue, media):
    connections.close_all()  # never share the parent's database connection
    result = {}
    with override_settings(
        STORAGES={
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": media},
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        try:
            with scopes_disabled(), transaction.atomic():
                result = work(argument)
                raise Rollback
        except Rollback:
            pass
        except Exception:
            result = {"error": traceback.format_exc()}
    result["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


class Command(BaseCommand):
    help = "Time a 20-page portfolio and a 30-dossier regional ZIP (data rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20)
        parser.add_argument("--dossiers", type=int, default=30)

    def handle(self, *args, pages, dossiers, **options):
        context = multiprocessing.get_context("fork")
        rows = []
        for work, argument in ((_portfolio, pages), (_zip, dossiers)):
            connections.close_all()
            queue = context.Queue()
            with tempfile.TemporaryDirectory() as media:
                child = context.Process(target=_child, args=(work, argument, queue, media))
                child.start()
                row = queue.get(timeout=900)
                child.join()
            if "error" in row:
                raise CommandError(row["error"])
            rows.append(row)
        self.stdout.write("| job | status | seconds | peak memory (MiB) |")
        self.stdout.write("|---|---|---:|---:|")
        for row in rows:
            seconds, peak = f"{row['seconds']:.2f}", f"{row['peak_mib']:.0f}"
            self.stdout.write(f"| {row['what']} | {row['status']} | {seconds} | {peak} |")
