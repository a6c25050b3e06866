"""The evidence locker: files checked by content, served only to those allowed."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinics.models import ActivityLog
from innovations.models import Evidence, Innovation
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


# --- Replacing and withdrawing ----------------------------------------------------------


def _stored(client, idea, title="SK Kepala Dinas", name="sk.pdf", content=PDF):
    assert _upload(client, idea, name, content, title=title).status_code == 302
    return Evidence.objects.get(title=title)


def _replace(client, evidence, name, content, **fields):
    data = {"title": "SK Bupati", "kind": "regulation", "dated": "2025-06-01", **fields}
    if name:
        data["upload"] = SimpleUploadedFile(name, content)
    url = reverse(
        "innovations:evidence_replace",
        args=[evidence.agency.slug, evidence.innovation_id, evidence.pk],
    )
    return client.post(url, data)


def _withdraw_url(evidence):
    return reverse(
        "innovations:evidence_withdraw",
        args=[evidence.agency.slug, evidence.innovation_id, evidence.pk],
    )


def test_replacing_unused_evidence_deletes_the_old_file_and_says_so_on_the_timeline(
    client, idea, staff_a, unscoped, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    old = _stored(client, idea)
    old_name = old.file.name
    assert default_storage.exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        response = _replace(client, old, "sk-bupati.pdf", PDF + b"% revised\n")
    assert response.status_code == 302
    new = Evidence.objects.get()
    assert (new.title, new.original_name, str(new.dated)) == (
        "SK Bupati",
        "sk-bupati.pdf",
        "2025-06-01",
    )
    assert not Evidence.records.filter(pk=old.pk).exists()
    assert not default_storage.exists(old_name)
    entry = ActivityLog.objects.filter(action="innovations.evidence.replaced").get()
    assert (entry.data["old"], entry.data["title"]) == ("SK Kepala Dinas", "SK Bupati")
    page = client.get(reverse("innovations:detail", args=[idea.agency.slug, idea.pk]))
    assert "SK Kepala Dinas → SK Bupati" in page.content.decode()


def test_the_replace_form_starts_from_the_old_details_and_a_bad_file_changes_nothing(
    client, idea, staff_a, unscoped
):
    client.force_login(staff_a)
    old = _stored(client, idea)
    url = reverse("innovations:evidence_replace", args=[idea.agency.slug, idea.pk, old.pk])
    form = client.get(url).content.decode()
    assert 'value="SK Kepala Dinas"' in form and 'value="2025-03-01"' in form
    response = _replace(client, old, "sk.pdf", b"MZ\x90\x00 a program", title="Palsu")
    assert response.status_code == 200
    assert "not a real .pdf file" in response.content.decode()
    assert 'value="Palsu"' in response.content.decode()
    assert list(Evidence.records.all()) == [old]
    assert default_storage.exists(old.file.name)


def test_withdrawing_unused_evidence_deletes_it(
    client, idea, staff_a, unscoped, django_capture_on_commit_callbacks
):
    client.force_login(staff_a)
    evidence = _stored(client, idea)
    page = client.get(_withdraw_url(evidence)).content.decode()
    assert "Withdraw evidence: SK Kepala Dinas" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(_withdraw_url(evidence)).status_code == 302
    assert not Evidence.records.exists()
    assert not default_storage.exists(evidence.file.name)
    entry = ActivityLog.objects.get(action="innovations.evidence.withdrawn")
    assert entry.data == {"title": "SK Kepala Dinas"}
    assert client.post(_withdraw_url(evidence)).status_code == 404  # gone from the locker


@pytest.mark.parametrize(("who", "status"), [("facilitator_a", 302), ("admin_a", 302)])
def test_coaches_may_replace_and_withdraw(request, client, idea, staff_a, unscoped, who, status):
    client.force_login(staff_a)
    evidence = _stored(client, idea)
    client.force_login(request.getfixturevalue(who))
    assert client.post(_withdraw_url(evidence)).status_code == status


def test_other_staff_and_closed_innovations_may_not(client, agency_a, idea, staff_a, unscoped):
    from tests.clinics.factories import MembershipFactory

    client.force_login(staff_a)
    evidence = _stored(client, idea)
    colleague = MembershipFactory(agency=agency_a, role="staff").user
    client.force_login(colleague)
    assert client.post(_withdraw_url(evidence)).status_code == 403
    assert _replace(client, evidence, "sk.pdf", PDF).status_code == 403
    Innovation.objects.filter(pk=idea.pk).update(status="withdrawn")
    client.force_login(staff_a)
    assert client.post(_withdraw_url(evidence)).status_code == 403
    assert Evidence.objects.get() == evidence


def test_the_evidence_actions_cost_no_query_per_piece(client, idea, staff_a, unscoped):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a)
    url = reverse("innovations:detail", args=[idea.agency.slug, idea.pk])
    counts = []
    for many in (1, 10):
        while Evidence.objects.count() < many:
            _stored(client, idea, title=f"Laporan {Evidence.objects.count()}")
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        assert page.count('data-testid="withdraw-evidence"') == many
        counts.append(len(captured))
    assert counts[0] == counts[1]
