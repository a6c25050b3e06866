"""The evidence locker: files checked by content, served only to those allowed."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innovations.models import Evidence
from tests.innovations.factories import InnovationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def idea(agency_a, staff_a):
    return InnovationFactory(agency=agency_a, author=staff_a, status="coaching")


def _upload(client, idea, name, content, **fields):
    data = {"title": "SK Kepala Dinas", "kind": "regulation", "dated": "2025-03-01", **fields}
    if name:
        data["upload"] = SimpleUploadedFile(name, content)
    return client.post(reverse("innovations:evidence_add", args=[idea.agency.slug, idea.pk]), data)


@pytest.mark.parametrize(
    ("name", "content"),
    [("sk.pdf", PDF), ("laporan.docx", _docx()), ("data.txt", b"Capaian: 95%")],
)
def test_real_documents_are_stored_and_served_to_members(
    client, idea, staff_a, facilitator_a, unscoped, name, content
):
    client.force_login(staff_a)
    assert _upload(client, idea, name, content).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size) == (name, len(content))
    client.force_login(facilitator_a)
    response = client.get(
        reverse("innovations:evidence_file", args=[idea.agency.slug, idea.pk, evidence.pk])
    )
    assert b"".join(response.streaming_content) == content
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 this is a program", "not a real .pdf file"),
        ("foto.png", PDF, "not a real .png file"),
        ("kosong.pdf", b"", "is empty"),
        ("program.exe", b"MZ\x90\x00", "not accepted"),
        ("palsu.docx", b"PK\x03\x04 not really a zip", "not a real .docx file"),
    ],
)
def test_a_bad_file_is_refused_and_the_form_keeps_what_was_typed(
    client, idea, staff_a, unscoped, name, content, message
):
    client.force_login(staff_a)
    response = _upload(client, idea, name, content, title="Laporan triwulan")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Laporan triwulan"' in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(client, settings, idea, staff_a, unscoped):
    settings.EVIDENCE_MAX_BYTES = 10
    client.force_login(staff_a)
    response = _upload(client, idea, "sk.pdf", PDF)
    assert "the limit is" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_video_is_a_link(client, idea, staff_a, unscoped):
    client.force_login(staff_a)
    response = _upload(
        client, idea, None, b"", kind="video", title="Profil", link="https://video.example/profil"
    )
    assert response.status_code == 302
    assert Evidence.objects.get().link == "https://video.example/profil"
    response = _upload(client, idea, None, b"", kind="report", title="Laporan")
    assert "Choose the file to upload" in response.content.decode()


def test_a_draft_evidence_is_not_served_to_colleagues(
    client, agency_a, staff_a, facilitator_a, unscoped
):
    draft = InnovationFactory(agency=agency_a, author=staff_a)
    client.force_login(staff_a)
    _upload(client, draft, "sk.pdf", PDF)
    evidence = Evidence.objects.get()
    client.force_login(facilitator_a)
    url = reverse("innovations:evidence_file", args=[agency_a.slug, draft.pk, evidence.pk])
    assert client.get(url).status_code == 404
