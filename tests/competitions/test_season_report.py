"""The season report for the head of region, a background PDF: who may make it, and the
demo's PKRI 2024 season read back with pypdf (entries by agency, stage results, awards,
what to prepare for next year)."""

import io

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse

from clinics.models import Agency, User
from competitions.models import Competition
from jobs.models import Job
from tests.matrix import ROLES, ask, expected

MATRIX = [
    ("season_report", None, [404, 404, 404, 200, 200, 404, 404]),
    ("season_report", {"action": "render"}, [404, 404, 404, 302, 302, 404, 404]),
    ("season_report_download", None, [404, 404, 404, 404, 404, 404, 404]),  # none made yet
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "post", "statuses"), MATRIX, ids=["job", "make", "download"])
def test_the_permission_matrix(
    client, request, pkri, django_capture_on_commit_callbacks, role, name, post, statuses
):
    with django_capture_on_commit_callbacks(execute=True):
        status = ask(client, request, role, f"competitions:{name}", {"pk": pkri.pk}, post=post)
    assert status == expected(statuses, role)
    assert Job.objects.filter(kind="season_report").count() == (1 if status == 302 else 0)


def test_the_demos_pkri_2024_season_report(
    client, db, unscoped, django_capture_on_commit_callbacks
):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    bappeda = Agency.objects.get(slug="bappeda-bantaeng")
    pkri = Competition.objects.get(agency=bappeda, name="PKRI", year=2024)
    client.force_login(User.objects.get(email="admin.bappeda@demo.klikbaik.id"))
    page = reverse("competitions:detail", args=[bappeda.slug, pkri.pk])
    assert 'data-testid="season-report-job"' in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("competitions:season_report", args=[bappeda.slug, pkri.pk]),
            {"action": "render"},
        )
    assert Job.objects.get(kind="season_report").status == "ready"
    response = client.get(
        reverse("competitions:season_report_download", args=[bappeda.slug, pkri.pk])
    )
    assert "Laporan musim PKRI 2024.pdf" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for wanted in (
        "Laporan musim: PKRI 2024",
        "Kabupaten Bantaeng",
        # Entries by agency: Bappeda (the region's own), Dinas Kesehatan (two
        # replications), RSUD (Keberlanjutan).
        "Bappeda Kabupaten Bantaeng 1",
        "Dinas Kesehatan Kabupaten Bantaeng 2",
        "RSUD Prof. Dr. H. M. Anwar Makkatutu 1",
        "Seluruhnya 4 berkas.",
        # Each passed the desk assessment, the presentation and the field verification.
        "Desk penilaian dokumen Presentasi dan wawancara Verifikasi lapangan",
        "RAJA SMILE RSUD Prof. Dr. H. M. Anwar Makkatutu · Keberlanjutan lolos lolos lolos Top 5",
        # The awards and their announcements.
        "Top 5 · Keberlanjutan: RAJA SMILE",
        "pengumuman B/536/00.95/2024",
        "Pemenang · Instansi Pembina Inovasi: Kabupaten Bantaeng – Instansi Pembina Inovasi",
        "pengumuman B/456/PP.00.05/2024",
        "Yang perlu disiapkan untuk tahun depan",
        "Pemenang musim ini",
        # The region's own entry found nothing for its internal competitions in 2024.
        "Kompetisi inovasi internal yang diselenggarakan",
    ):
        assert wanted in text, wanted
