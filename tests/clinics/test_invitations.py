"""From an invitation e-mail to a member of the agency, and every way that can go wrong."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinics import services
from clinics.models import Invitation, Membership, Role, User
from tests.clinics.factories import UserFactory


@pytest.fixture
def invite(agency_a, admin_a, unscoped, django_capture_on_commit_callbacks):
    """Invite an address as admin_a would; return the link from the e-mail."""

    def make(email="new.person@a.test", role=Role.FACILITATOR, unit=None):
        admin = Membership.objects.get(user=admin_a)
        with django_capture_on_commit_callbacks(execute=True):
            services.invitation_create(
                actor=admin,
                email=email,
                role=role,
                unit=unit,
                build_url=lambda raw: f"http://testserver/invitations/{raw}/",
            )
        body = mail.outbox[-1].body
        return next(word for word in body.split() if "/invitations/" in word).replace(
            "http://testserver", ""
        )

    return make


def _sign_up(client, link, **fields):
    client.post(link)  # "Create my account"
    data = {
        "full_name": "Sitti Rahma",
        "email": "new.person@a.test",
        "password1": "kuat-sekali-2026",
        "password2": "kuat-sekali-2026",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def test_a_new_person_signs_up_straight_into_the_agency(client, agency_a, invite, unscoped):
    link = invite()
    page = client.get(link)
    assert page.status_code == 200
    assert "Create my account" in page.content.decode()
    assert client.post(link)["Location"] == reverse("account_signup")
    signup = client.get(reverse("account_signup"))
    assert signup.status_code == 200
    assert 'value="new.person@a.test"' in signup.content.decode()

    response = _sign_up(client, link, nip="198765432109876543")
    assert response.status_code == 302
    assert response["Location"] == reverse("clinics:home", args=[agency_a.slug])
    user = User.objects.get(email="new.person@a.test")
    assert (user.full_name, user.nip) == ("Sitti Rahma", "198765432109876543")
    membership = Membership.objects.get(user=user)
    assert (membership.agency, membership.role) == (agency_a, Role.FACILITATOR)
    assert Invitation.objects.get().status == "accepted"
    # Signed in already, no verification round-trip: the link proved the address.
    assert client.get(response["Location"]).status_code == 200


def test_sign_up_without_an_invitation_is_closed(client, db):
    response = client.get(reverse("account_signup"))
    assert "invitation" in response.content.decode().lower()
    client.post(
        reverse("account_signup"),
        {
            "full_name": "X",
            "email": "x@x.test",
            "password1": "kuat-sekali-2026",
            "password2": "kuat-sekali-2026",
        },
    )
    assert not User.objects.filter(email="x@x.test").exists()


def test_sign_up_with_another_address_than_invited_is_refused(client, invite, unscoped):
    response = _sign_up(client, invite(), email="someone.else@a.test")
    assert response.status_code == 200
    assert "address your invitation was sent to" in response.content.decode()
    assert not User.objects.filter(email__in=["someone.else@a.test", "new.person@a.test"]).exists()


def test_sign_up_with_a_weak_password_keeps_the_name_and_saves_nothing(client, invite, unscoped):
    response = _sign_up(client, invite(), password1="123", password2="123")
    assert response.status_code == 200
    assert 'value="Sitti Rahma"' in response.content.decode()
    assert not User.objects.filter(email="new.person@a.test").exists()
    assert Invitation.objects.get().status == "pending"


def test_a_link_used_twice_says_so(client, invite, unscoped):
    link = invite()
    _sign_up(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "already been used" in response.content.decode()


def test_an_expired_link_says_so(client, invite, unscoped):
    link = invite()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    client.post(link)
    assert client.get(reverse("account_signup")).status_code == 200
    assert "invitation" in client.get(reverse("account_signup")).content.decode().lower()


def test_a_withdrawn_link_says_so(client, invite, unscoped):
    link = invite()
    Invitation.objects.update(revoked_at=timezone.now())
    response = client.get(link)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_an_unknown_link_is_404(client, db):
    assert client.get("/invitations/not-a-real-token/").status_code == 404


def test_a_registered_address_is_asked_to_sign_in_and_then_accepts(
    client, agency_a, agency_b, invite, unscoped
):
    existing = UserFactory(email="new.person@a.test")
    link = invite()
    page = client.get(link).content.decode()
    assert "already an account" in page
    client.post(link)  # must not open sign-up for an address that has an account
    assert not client.session.get("klikbaik_invitation")

    client.force_login(existing)
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.filter(user=existing, agency=agency_a).exists()


def test_signed_in_as_someone_else_the_invitation_is_not_taken(client, invite, staff_a, unscoped):
    link = invite()
    client.force_login(staff_a)
    page = client.get(link).content.decode()
    assert "Sign in with that address" in page
    response = client.post(link)
    assert "Sign in with that address" in response.content.decode()
    assert Invitation.objects.get().status == "pending"


def test_accepting_reactivates_a_former_member_with_the_new_role(
    client, agency_a, staff_a, invite, unscoped
):
    membership = Membership.objects.get(user=staff_a)
    membership.is_active = False
    membership.save()
    link = invite(email="staff@a.test", role=Role.ADMIN)
    client.force_login(staff_a)
    client.post(link)
    membership.refresh_from_db()
    assert membership.is_active and membership.role == Role.ADMIN


def test_the_invitation_email_is_in_the_inviters_language(
    client, agency_a, admin_a, unscoped, django_capture_on_commit_callbacks
):
    client.force_login(admin_a)
    client.cookies["django_language"] = "id"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("clinics:member_invite", args=[agency_a.slug]),
            {"email": "x@a.test", "role": "staff"},
        )
    assert "Undangan" in mail.outbox[0].subject
