"""E-mails as a mail program shows them: a text part and an HTML part (read with lxml), in
the portal's name, escaped once, linking to their page on the portal's own address."""

import re
from datetime import timedelta

import lxml.html
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from innovations.tasks import send_checkin_reminder
from klikbaik.mail import build_email
from tests.innovations.factories import InnovationFactory

BASE = "https://klikbaik.test"  # tests/settings.py PORTAL_BASE_URL
TRICKY = "Ibu & Anak 'Sehat' <b>"


def parts(message):
    """The text part and the parsed HTML part of a sent message, after checking how the
    message is put together: text/plain first, then text/html, in UTF-8."""
    mime = message.message()
    alternative = next(p for p in mime.walk() if p.get_content_type() == "multipart/alternative")
    kinds = [p.get_content_type() for p in alternative.get_payload()]
    assert kinds == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in alternative.get_payload())
    html = alternative.get_payload()[1].get_payload(decode=True).decode("utf-8")
    assert "&amp;amp;" not in html
    # Nothing is loaded from outside: no stylesheets, scripts or remote images.
    page = lxml.html.fromstring(html)
    assert not page.xpath("//link | //script | //img | //style")
    assert "KLIK Baik" in page.text_content()
    return message.body, page


def links(page) -> list[str]:
    return page.xpath("//a/@href")


def test_the_builder_makes_both_parts_from_one_text_template(settings):
    message = build_email(
        "clinics/email/invitation_subject.txt",
        "clinics/email/invitation_body.txt",
        {
            "invitation": _Invitation(),
            "accept_url": f"{BASE}/invitations/abc/",
        },
        to=["x@a.test"],
        language="en",
        attachments=[("catatan.txt", "isi", "text/plain")],
    )
    message.send()
    text, page = parts(mail.outbox[-1])
    assert message.subject == f"Invitation to join {TRICKY}"
    assert f"invites you to join {TRICKY}" in text and "&amp;" not in text
    assert f"invites you to join {TRICKY}" in page.text_content()  # escaped once, shown as typed
    assert f"{BASE}/invitations/abc/" in links(page)
    assert mail.outbox[-1].attachments[0].filename == "catatan.txt"
    assert mail.outbox[-1].from_email == settings.DEFAULT_FROM_EMAIL


def test_the_builder_speaks_the_language_asked_for():
    context = {"invitation": _Invitation(), "accept_url": f"{BASE}/invitations/abc/"}
    with translation.override("en"):
        message = build_email(
            "clinics/email/invitation_subject.txt",
            "clinics/email/invitation_body.txt",
            context,
            to=["x@a.test"],
            language="id",
        )
        assert translation.get_language() == "en"
    assert message.subject.startswith("Undangan")


class _Invitation:
    """What the invitation templates read, with names that need escaping."""

    invited_by = "Andi"
    email = "x@a.test"
    expires_at = timezone.now() + timedelta(days=14)

    class agency:  # noqa: N801 - shaped like the model
        name = "Dinkes"
        clinic_name = TRICKY

    def get_role_display(self):
        return "staff"


def test_the_invitation_links_to_the_portal_not_to_the_requests_host(
    client, agency_a, admin_a, unscoped, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("clinics:member_invite", args=[agency_a.slug]),
            {"email": "x@a.test", "role": "staff"},
            HTTP_HOST="127.0.0.1",
        )
    text, page = parts(mail.outbox[-1])
    link = next(word for word in text.split() if "/invitations/" in word)
    assert link.startswith(f"{BASE}/invitations/")
    assert link in links(page)


def test_the_checkin_reminder_links_to_each_innovations_checkin(agency_a, admin_a, unscoped):
    due = InnovationFactory(agency=agency_a, status="sustained", maturity="penerapan", name=TRICKY)
    assert send_checkin_reminder(agency_a.pk) == 1
    text, page = parts(mail.outbox[-1])
    link = f"{BASE}/{agency_a.slug}/innovations/{due.pk}/checkins/new/"
    assert link in text and link in links(page)
    assert TRICKY in text and TRICKY in page.text_content()


def _reset(client, email, language):
    client.cookies["django_language"] = language  # as the header's switch sets it
    client.post(reverse("account_reset_password"), {"email": email})
    return mail.outbox[-1]


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [
        ("id", "Pilih kata sandi baru untuk KLIK Baik", "Halo,"),
        ("en", "Choose a new password for KLIK Baik", "Hello,"),
    ],
)
def test_password_reset_is_in_the_portals_words_and_language(
    client, staff_a, language, subject, greeting
):
    message = _reset(client, staff_a.email, language)
    assert message.subject == subject  # no "[testserver]" prefix
    text, page = parts(message)
    assert text.startswith(greeting)
    link = next(word for word in text.split() if "/accounts/password/reset/key/" in word)
    # The server's host name appears in the link and nowhere else (not in the greeting).
    assert [line for line in text.splitlines() if "testserver" in line] == [link]
    assert link in links(page)
    assert client.get(re.sub(r"^https?://[^/]+", "", link)).status_code in (200, 302)


def test_an_unknown_address_is_told_that_accounts_come_by_invitation(client, db):
    message = _reset(client, "nobody@a.test", "en")
    text, _page = parts(message)
    assert message.subject == "No KLIK Baik account for this address"
    assert "ask your clinic's admin to invite this address" in text
    assert "/accounts/signup/" not in text  # sign-up is by invitation only


def test_a_new_address_is_confirmed_in_the_portals_words(client, staff_a):
    client.force_login(staff_a)
    client.post(
        reverse("account_email"),
        {"action_add": "", "email": "second@a.test"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    message = mail.outbox[-1]
    assert message.to == ["second@a.test"]
    assert message.subject == "Confirm your e-mail address for KLIK Baik"
    text, page = parts(message)
    link = next(word for word in text.split() if "/accounts/confirm-email/" in word)
    assert link in links(page)


def test_each_person_reads_a_reminder_in_the_language_they_chose(agency_a, admin_a, unscoped):
    """One message per language: an admin who picked English gets English, another who
    chose nothing gets Indonesian, and nobody is written to twice."""
    from tests.clinics.factories import MembershipFactory

    other = MembershipFactory(agency=agency_a, role="admin").user
    admin_a.language = "en"
    admin_a.save(update_fields=["language"])
    InnovationFactory(agency=agency_a, status="sustained", maturity="penerapan")
    assert send_checkin_reminder(agency_a.pk) == 1
    by_address = {tuple(m.to): m for m in mail.outbox}
    assert set(by_address) == {(admin_a.email,), (other.email,)}
    clinic = agency_a.clinic_name
    assert by_address[(admin_a.email,)].subject == f"{clinic}: sustainability check-ins are due"
    assert by_address[(other.email,)].subject == f"{clinic}: pemeriksaan keberlanjutan jatuh tempo"
