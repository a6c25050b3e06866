"""The hand-off pack for the national index application, a background job: who may make
and download it, and (on the demo's 2026 season) its tree and its files, read back with
zipfile and openpyxl: the evidence files themselves by indicator, a video as its link,
the workbook, and the list of every level with what is wrong with it."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from clinics.models import Agency, User
from indexes.handoff import safe
from indexes.models import Assessment, RegionEvidence
from innovations.models import Evidence
from jobs.models import Job
from pelembagaan.models import BudgetLine, Regulation
from tests.matrix import ROLES, ask, expected


def url(name, agency, *args):
    return reverse(f"indexes:{name}", args=[agency.slug, *args])


MATRIX = [
    ("pack", None, [403, 403, 403, 200, 200, 404, 404]),
    ("pack", {"action": "render"}, [403, 403, 403, 302, 302, 404, 404]),
    ("pack_download", None, [403, 403, 403, 404, 404, 404, 404]),  # 404: none made yet
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "post", "statuses"), MATRIX, ids=["job", "make", "download"])
def test_the_permission_matrix(
    client, request, season, django_capture_on_commit_callbacks, role, name, post, statuses
):
    with django_capture_on_commit_callbacks(execute=True):
        status = ask(client, request, role, f"indexes:{name}", {"pk": season.pk}, post=post)
    assert status == expected(statuses, role)
    assert Job.objects.filter(kind="index_pack").count() == (1 if status == 302 else 0)


def test_names_are_safe_for_every_system():
    assert safe('SK "Bupati": 12/2024? <draft>') == "SK Bupati 12 2024 draft"
    assert safe("  Laporan.  ") == "Laporan"
    assert len(safe("x" * 300)) == 90 and safe("???") == "_"


def _read(archive, name) -> bytes:
    with archive.open(name) as handle:
        return handle.read()


def _stored(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def test_the_demos_pack_holds_each_levels_file_where_the_application_asks_for_it(
    client, db, unscoped, django_capture_on_commit_callbacks
):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    bappeda = Agency.objects.get(slug="bappeda-bantaeng")
    season = Assessment.objects.get(agency=bappeda, year=2026)
    client.force_login(User.objects.get(email="admin.bappeda@demo.klikbaik.id"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("pack", bappeda, season.pk), {"action": "render"})
    job = Job.objects.get(kind="index_pack")
    assert job.status == "ready" and job.expires_at is not None
    download = client.get(url("pack_download", bappeda, season.pk))
    assert download.status_code == 200
    assert "IID 2026 - paket aplikasi nasional.zip" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()

    # The tree: the two workbooks at the top, every file in its indicator's folder.
    assert {"iid-2026.xlsx", "daftar-berkas.xlsx"} <= set(names)
    for name in set(names) - {"iid-2026.xlsx", "daftar-berkas.xlsx"}:
        area, *_middle, folder, file = name.split("/")
        assert area in {"1 Pemda", "2 Inovasi"}, name
        assert file.startswith(folder + " - "), name  # named for its indicator

    # A pemda level: the region's own document, byte for byte.
    rpjmd = RegionEvidence.objects.get(agency=bappeda, title__startswith="RPJMD")
    assert _read(
        archive, "1 Pemda/1 Visi dan Misi/1 Visi dan Misi - RPJMD Kabupaten Bantaeng 2021-2026.pdf"
    ) == _stored(rpjmd.file)

    jedar = "2 Inovasi/Dinas Kesehatan Kabupaten Bantaeng - JEDAR SASKIA"
    # Regulation (16): the Perbup of the pelembagaan tracker that names JEDAR SASKIA.
    perbup = Regulation.objects.get(title__startswith="Peraturan Bupati Bantaeng tentang Penetapan")
    regulation = (
        f"{jedar}/16 Regulasi Inovasi Daerah/16 Regulasi Inovasi Daerah - "
        "Peraturan Bupati Bantaeng tentang Penetapan Inovasi Daerah.pdf"
    )
    assert _read(archive, regulation) == _stored(perbup.file)
    # Budget (18): 2024-2026 funded, backed by the newest line with its document.
    dpa = BudgetLine.objects.get(year=2026, innovation__brand_name="JEDAR SASKIA")
    budget = (
        f"{jedar}/18 Dukungan Anggaran/18 Dukungan Anggaran - Operasional layanan JEDAR SASKIA.pdf"
    )
    assert _read(archive, budget) == _stored(dpa.file)
    # A photo stays a PNG; a video is its link.
    photo = Evidence.objects.get(title="Foto kegiatan JEDAR SASKIA")
    assert _read(
        archive, f"{jedar}/19 Alat Kerja/19 Alat Kerja - Foto kegiatan JEDAR SASKIA.png"
    ) == _stored(photo.file)
    link = _read(
        archive,
        f"{jedar}/35 Video Inovasi Daerah/"
        "35 Video Inovasi Daerah - Video profil JEDAR SASKIA - tautan.txt",
    )
    assert link == b"https://video.example.go.id/profil\n"

    # The workbook is the index's, as exported.
    workbook = load_workbook(io.BytesIO(_read(archive, "iid-2026.xlsx")), read_only=True)
    assert workbook.sheetnames == ["Inovasi", "Pemda", "Skor"]

    # The list: one row per claimed level, its file, and in Indonesian what is wrong.
    listing = load_workbook(io.BytesIO(_read(archive, "daftar-berkas.xlsx")), read_only=True)
    rows = list(listing.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (
        "Folder",
        "Berkas",
        "Indikator",
        "Inovasi",
        "Instansi",
        "Level",
        "Bukti",
        "Masalah",
    )
    by_place = {(row[0], row[2]): row for row in rows[1:]}
    bpk = by_place[("1 Pemda/8 Opini BPK", "8. Opini BPK")]
    assert not bpk[1] and bpk[5] == 3  # no file
    assert bpk[7] == "Tanpa bukti: level ini bernilai 0 saat verifikasi."
    files = [row[1] for row in rows[1:] if row[1]]
    assert len(files) == len(names) - 2  # every file listed, once
