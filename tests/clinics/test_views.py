"""The clinic's pages: who may open them, what they do, and what bad input gets."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinics.models import ActivityLog, Agency, Invitation, Membership, Partner, Role, Unit
from tests.clinics.factories import MembershipFactory, UnitFactory

ADMIN_ONLY = [
    "clinics:members",
    "clinics:member_invite",
    "clinics:settings",
    "clinics:unit_add",
    "clinics:partner_add",
]
EVERY_MEMBER = ["clinics:home", "clinics:units", "clinics:partners"]


@pytest.mark.parametrize("name", ADMIN_ONLY)
@pytest.mark.parametrize("person", ["staff_a", "facilitator_a"])
def test_admin_pages_are_403_for_other_roles(client, request, agency_a, name, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse(name, args=[agency_a.slug])).status_code == 403


@pytest.mark.parametrize("name", ADMIN_ONLY + EVERY_MEMBER)
def test_admin_opens_every_page(client, agency_a, admin_a, name):
    client.force_login(admin_a)
    assert client.get(reverse(name, args=[agency_a.slug])).status_code == 200


@pytest.mark.parametrize("name", EVERY_MEMBER)
def test_staff_opens_member_pages(client, agency_a, staff_a, name):
    client.force_login(staff_a)
    assert client.get(reverse(name, args=[agency_a.slug])).status_code == 200


def test_navigation_follows_the_role(client, agency_a, staff_a, admin_a):
    members_url = reverse("clinics:members", args=[agency_a.slug])
    client.force_login(staff_a)
    assert (
        members_url
        not in client.get(reverse("clinics:home", args=[agency_a.slug])).content.decode()
    )
    client.force_login(admin_a)
    assert members_url in client.get(reverse("clinics:home", args=[agency_a.slug])).content.decode()


def test_clinic_home_shows_the_clinic(client, agency_a, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("clinics:home", args=[agency_a.slug])).content.decode()
    assert "KLIK Baik" in page
    assert "Dinas Kesehatan" in page


def test_invite_sends_an_email_and_records_it(
    client, agency_a, admin_a, unit_a, unscoped, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("clinics:member_invite", args=[agency_a.slug]),
            {"email": "New.Person@A.test", "role": "facilitator", "unit": unit_a.pk},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(agency=agency_a)
    assert (invitation.email, invitation.role, invitation.unit) == (
        "new.person@a.test",
        "facilitator",
        unit_a,
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@a.test"]
    assert "/invitations/" in mail.outbox[0].body
    assert ActivityLog.objects.filter(agency=agency_a, action="clinics.member.invited").exists()


def test_inviting_a_current_member_is_refused_with_a_message(
    client, agency_a, admin_a, staff_a, unscoped
):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "STAFF@a.test", "role": "staff"},
    )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert 'value="STAFF@a.test"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_with_bad_email_keeps_what_was_typed(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "not-an-address", "role": "admin"},
    )
    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_invite_refuses_a_unit_of_another_agency(client, agency_a, agency_b, admin_a, unscoped):
    foreign_unit = UnitFactory(agency=agency_b)
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "x@a.test", "role": "staff", "unit": foreign_unit.pk},
    )
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_reinviting_replaces_the_pending_invitation(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    url = reverse("clinics:member_invite", args=[agency_a.slug])
    client.post(url, {"email": "x@a.test", "role": "staff"})
    client.post(url, {"email": "x@a.test", "role": "admin"})
    statuses = sorted(i.status for i in Invitation.objects.filter(agency=agency_a))
    assert statuses == ["pending", "revoked"]


def test_revoke_and_resend(client, agency_a, admin_a, unscoped, django_capture_on_commit_callbacks):
    client.force_login(admin_a)
    client.post(
        reverse("clinics:member_invite", args=[agency_a.slug]),
        {"email": "x@a.test", "role": "staff"},
    )
    invitation = Invitation.objects.get()
    old_hash = invitation.token_hash
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("clinics:invitation_resend", args=[agency_a.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert len(mail.outbox) == 1
    client.post(reverse("clinics:invitation_revoke", args=[agency_a.slug, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    response = client.post(
        reverse("clinics:invitation_revoke", args=[agency_a.slug, invitation.pk]), follow=True
    )
    assert "Only a pending invitation" in response.content.decode()


def test_admin_changes_a_members_role_and_unit(
    client, agency_a, admin_a, staff_a, unit_a, unscoped
):
    membership = Membership.objects.get(user=staff_a)
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_edit", args=[agency_a.slug, membership.pk]),
        {"role": "facilitator", "unit": unit_a.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.unit) == ("facilitator", unit_a)
    log = ActivityLog.objects.get(action="clinics.member.changed")
    assert log.data["old"]["role"] == "staff" and log.data["new"]["role"] == "facilitator"


def test_the_last_admin_cannot_step_down(client, agency_a, admin_a, unscoped):
    membership = Membership.objects.get(user=admin_a)
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:member_edit", args=[agency_a.slug, membership.pk]),
        {"role": "staff", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "at least one active admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_member_list_filters_and_searches(client, agency_a, admin_a, staff_a, facilitator_a):
    client.force_login(admin_a)
    url = reverse("clinics:members", args=[agency_a.slug])
    page = client.get(url, {"role": "facilitator"}).content.decode()
    assert "facilitator@a.test" in page and "staff@a.test" not in page
    page = client.get(url, {"q": "staff@"}).content.decode()
    assert "staff@a.test" in page and "facilitator@a.test" not in page


def test_member_list_htmx_returns_only_the_rows(client, agency_a, admin_a):
    client.force_login(admin_a)
    response = client.get(reverse("clinics:members", args=[agency_a.slug]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="member-rows">')
    assert "<html" not in body


@pytest.mark.parametrize("rows", [10, 120])
def test_member_list_queries_do_not_grow_with_members(
    client, agency_a, admin_a, rows, django_assert_max_num_queries
):
    unit = UnitFactory(agency=agency_a)
    MembershipFactory.create_batch(rows, agency=agency_a, unit=unit)
    client.force_login(admin_a)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("clinics:members", args=[agency_a.slug]))
    assert response.status_code == 200


def test_units_are_added_and_names_stay_unique(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    url = reverse("clinics:unit_add", args=[agency_a.slug])
    assert (
        client.post(
            url, {"name": "Puskesmas Loka", "kind": "puskesmas", "is_active": "on"}
        ).status_code
        == 302
    )
    response = client.post(url, {"name": "Puskesmas Loka", "kind": "puskesmas"})
    assert response.status_code == 200
    assert "already has a unit with this name" in response.content.decode()
    assert Unit.objects.filter(agency=agency_a).count() == 1


def test_same_unit_name_is_fine_in_another_agency(client, agency_a, agency_b, admin_a, unscoped):
    UnitFactory(agency=agency_b, name="Bidang Pelayanan")
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:unit_add", args=[agency_a.slug]),
        {"name": "Bidang Pelayanan", "kind": "bidang", "is_active": "on"},
    )
    assert response.status_code == 302


def test_partner_with_mou_ending_before_start_is_refused(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:partner_add", args=[agency_a.slug]),
        {
            "name": "Universitas Hasanuddin",
            "kind": "academia",
            "mou_start": "2025-01-01",
            "mou_end": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "cannot end before it starts" in response.content.decode()
    assert 'value="Universitas Hasanuddin"' in response.content.decode()
    assert not Partner.objects.exists()


def test_partner_is_edited(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    client.post(
        reverse("clinics:partner_add", args=[agency_a.slug]), {"name": "UNM", "kind": "academia"}
    )
    partner = Partner.objects.get()
    response = client.post(
        reverse("clinics:partner_edit", args=[agency_a.slug, partner.pk]),
        {"name": "Universitas Negeri Makassar", "kind": "academia"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Universitas Negeri Makassar"


def _png(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_clinic_settings_take_a_real_logo_and_serve_it_to_members(
    client, agency_a, admin_a, staff_a, admin_b
):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:settings", args=[agency_a.slug]),
        {
            "clinic_name": "KLIK Baik",
            "clinic_tagline": "Inspiratif",
            "time_zone": "Asia/Makassar",
            "is_open": "on",
            "logo": SimpleUploadedFile("logo.png", _png(), "image/png"),
        },
    )
    assert response.status_code == 302
    agency_a.refresh_from_db()
    assert agency_a.logo
    client.force_login(staff_a)
    logo = client.get(reverse("clinics:logo", args=[agency_a.slug]))
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    client.force_login(admin_b)
    assert client.get(reverse("clinics:logo", args=[agency_a.slug])).status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "not an image"),
        (b"", "empty"),
    ],
)
def test_a_bad_logo_is_refused_and_nothing_is_saved(client, agency_a, admin_a, content, message):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:settings", args=[agency_a.slug]),
        {
            "clinic_name": "Renamed clinic",
            "time_zone": "Asia/Makassar",
            "logo": SimpleUploadedFile("logo.png", content, "image/png"),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode().lower()
    assert 'value="Renamed clinic"' in response.content.decode()
    agency = Agency.objects.get(pk=agency_a.pk)
    assert agency.clinic_name == "KLIK Baik" and not agency.logo


def test_a_logo_over_the_size_limit_is_refused(client, settings, agency_a, admin_a):
    settings.LOGO_MAX_BYTES = 100
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:settings", args=[agency_a.slug]),
        {
            "clinic_name": "KLIK Baik",
            "time_zone": "Asia/Makassar",
            "logo": SimpleUploadedFile("logo.png", _png((200, 200)), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
