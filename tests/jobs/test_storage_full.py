"""A full disk: the user is told so plainly, and no half row or partial file is left.

The disk is real: a 1 MiB tmpfs mounted for the test (root may mount; CI runs as root
and sets REQUIRE_DISK_FULL_TESTS=1 so that this cannot be skipped there), filled until
the kernel answers ENOSPC but for a few KiB, with the media storage on it."""

import html
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drill.faults import fill, mount_tmpfs, unmount
from innovations.models import Evidence
from jobs.models import Job
from tests.innovations.factories import InnovationFactory

LEFT = 32 * 1024  # free space left on the disk


@pytest.fixture
def full_disk(tmp_path, settings):
    disk = tmp_path / "disk"
    disk.mkdir()
    refused = mount_tmpfs(disk, "1m")
    if refused:
        if os.environ.get("REQUIRE_DISK_FULL_TESTS"):
            raise pytest.UsageError(f"cannot mount a tmpfs: {refused}")
        pytest.skip("mounting a tmpfs needs root: disk-full tests skipped")
    try:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "klikbaik.storage.FileSystemStorage",
                "OPTIONS": {"location": disk / "media", "base_url": None},
            },
        }
        (disk / "media").mkdir()
        yield disk, fill(disk, LEFT)
    finally:
        unmount(disk)


def _files(disk: Path) -> list[str]:
    return sorted(str(p.relative_to(disk)) for p in disk.rglob("*") if p.is_file())


def _pdf(size: int) -> bytes:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\n%" + b"x" * size + b"\ntrailer<<>>\n%%EOF\n"
    return body


def test_an_upload_to_a_full_disk_saves_no_row_and_no_file(
    full_disk, client, agency_a, staff_a, unscoped
):
    disk, _filler = full_disk
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:evidence_add", args=[agency_a.slug, idea.pk]),
        {
            "title": "SK Kepala Dinas",
            "kind": "regulation",
            "dated": "2025-03-01",
            "upload": SimpleUploadedFile("sk.pdf", _pdf(200 * 1024)),
        },
    )
    assert response.status_code == 503
    assert "the portal's storage is full. Nothing was kept" in html.unescape(
        response.content.decode()
    )
    assert not Evidence.objects.exists()
    assert _files(disk) == ["filler"]  # no partial file


def test_a_job_whose_file_fills_the_disk_fails_with_a_reason_and_keeps_nothing(
    full_disk, client, agency_a, admin_a, kipp_like_job, django_capture_on_commit_callbacks
):
    disk, filler = full_disk
    job, address = kipp_like_job
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"action": "retry"}, HTTP_HX_REQUEST="true")
    job.refresh_from_db()
    assert job.status == "failed" and not job.file
    assert "No space left on device" in job.detail
    page = html.unescape(client.get(address).content.decode())
    assert "the portal's storage is full" in page
    assert _files(disk) == ["filler"]

    filler.unlink()  # the operators free space; the user retries
    with django_capture_on_commit_callbacks(execute=True):
        client.post(address, {"action": "retry"}, HTTP_HX_REQUEST="true")
    job.refresh_from_db()
    assert job.status == "ready" and (disk / "media" / job.file.name).stat().st_size > LEFT


@pytest.fixture
def kipp_like_job(client, agency_a, admin_a, coordinator, coordinator_agency, unscoped):
    """A regional ZIP of a dossier with a long text, bigger than the space left."""
    from competitions.models import Competition, Dossier, DossierSection, Section

    competition = Competition.objects.create(
        agency=coordinator_agency, name="Lomba", kind="internal", year=2026, organiser="x"
    )
    category = competition.categories.create(agency=coordinator_agency, name="Umum")
    section = Section.objects.create(agency=coordinator_agency, category=category, title="Isi")
    dossier = Dossier.objects.create(agency=agency_a, category=category, title="Panjang")
    text = " ".join(f"Kalimat nomor {n} yang tidak mudah dimampatkan." for n in range(6000))
    DossierSection.objects.create(agency=agency_a, dossier=dossier, section=section, text=text)
    job = Job.objects.create(
        agency=coordinator_agency,
        kind="region_zip",
        status="failed",
        params={"dossiers": [dossier.pk]},
    )
    client.force_login(coordinator)
    return job, reverse("competitions:region_job", args=[coordinator_agency.slug, job.pk])
