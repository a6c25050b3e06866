"""The regional ZIP read back with zipfile and openpyxl: entry names that say what they
hold and never collide, and one bad dossier that never sinks the others."""

import io
import zipfile

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.urls import reverse

from competitions.models import Dossier
from innovations.models import Evidence
from jobs.models import Job
from tests.images import BOMB
from tests.innovations.factories import InnovationFactory
from tests.spreadsheets import workbook


@pytest.fixture
def export(client, coordinator, coordinator_agency, django_capture_on_commit_callbacks):
    """Export the dossiers as the coordinator does; return the job and the ZIP."""

    def run(dossiers):
        client.force_login(coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("competitions:region_export", args=[coordinator_agency.slug]),
                {"dossier": [d.pk for d in dossiers]},
            )
        job = Job.objects.get(kind="region_zip")
        download = client.get(
            reverse("competitions:region_job_download", args=[coordinator_agency.slug, job.pk])
        )
        return job, zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))

    return run


def _summary(archive) -> list[tuple]:
    return list(workbook(archive.read("ringkasan.xlsx")).active.iter_rows(values_only=True))


def test_two_dossiers_of_one_name_get_two_names(export, kipp, agency_a, unscoped):
    category = kipp.categories.get()
    twins = [
        Dossier.objects.create(
            agency=agency_a,
            category=category,
            innovation=InnovationFactory(agency=agency_a, name="Raja Smile", status="coaching"),
            title=title,
        )
        for title in ("Raja Smile", "Raja Smile (puskesmas)")
    ]
    pembina = Dossier.objects.create(agency=agency_a, category=category, title="Pembina Inovasi")
    _job, archive = export([*twins, pembina])
    assert sorted(archive.namelist()) == [
        "dinas-kesehatan/umum-pembina-inovasi.pdf",  # no innovation: named by its title
        "dinas-kesehatan/umum-raja-smile-2.pdf",
        "dinas-kesehatan/umum-raja-smile.pdf",
        "ringkasan.xlsx",
    ]
    rows = _summary(archive)[1:]
    assert {row[4]: row[9] for row in rows} == {
        "Pembina Inovasi": "dinas-kesehatan/umum-pembina-inovasi.pdf",
        "Raja Smile": "dinas-kesehatan/umum-raja-smile.pdf",
        "Raja Smile (puskesmas)": "dinas-kesehatan/umum-raja-smile-2.pdf",
    }


def test_a_dossier_that_cannot_be_rendered_is_skipped_and_the_rest_is_built(
    export, client, coordinator_agency, region_dossiers, monkeypatch, unscoped
):
    alpha, beta, gamma = region_dossiers
    # Gamma's photo is a decompression bomb stored before uploads were checked: drawn as
    # a placeholder. Beta's render raises: skipped, with the reason.
    photo = Evidence(agency=gamma.agency, innovation=gamma.innovation, title="Foto", kind="photo")
    photo.file.save("bom.png", ContentFile(BOMB), save=False)
    photo.save()
    write_pdf = weasyprint.HTML.write_pdf

    def fails_for_beta(document, *args, **kwargs):
        if "Beta" in "".join(document.etree_element.itertext()):
            raise RuntimeError("the renderer crashed")
        return write_pdf(document, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fails_for_beta)
    job, archive = export(region_dossiers)
    assert job.status == "ready"
    assert sorted(archive.namelist()) == [
        "dinas-kesehatan/umum-alpha.pdf",
        "ringkasan.xlsx",
        "rsud/umum-gamma.pdf",
    ]
    rows = {row[4]: row[9:] for row in _summary(archive)[1:]}
    assert rows["Alpha"] == ("dinas-kesehatan/umum-alpha.pdf", None)
    assert rows["Gamma"] == ("rsud/umum-gamma.pdf", None)
    assert rows["Beta"][0] is None
    assert rows["Beta"][1].startswith("Portofolionya tidak dapat dibuat")  # in Indonesian
    assert f"dossier {beta.pk} skipped: RuntimeError('the renderer crashed')" in job.detail
    page = client.get(
        reverse("competitions:region_job", args=[coordinator_agency.slug, job.pk])
    ).content.decode()
    assert "1 dossier could not be rendered and is not in the ZIP" in page
    assert "<li>Beta</li>" in page and "<li>Alpha</li>" not in page
