"""Signing in, choosing a clinic, password reset, two-factor and the login rate limit."""

from django.core import mail
from django.urls import reverse

from tests.clinics.factories import MembershipFactory
from tests.helpers import totp_code

PASSWORD = "secret-pass-123"


def _sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_a_member_of_one_agency_lands_on_its_clinic(client, agency_a, staff_a):
    response = _sign_in(client, "staff@a.test")
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing.status_code == 302
    assert landing["Location"] == reverse("clinics:home", args=[agency_a.slug])


def test_sign_in_ignores_the_case_of_the_address(client, agency_a, staff_a):
    response = _sign_in(client, "Staff@A.test")
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_wrong_password_is_refused_with_a_message(client, staff_a):
    response = _sign_in(client, "staff@a.test", "wrong-password")
    assert response.status_code == 200
    assert "password is not right" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_wrong_password_message_is_plain_indonesian(client, staff_a):
    client.cookies["django_language"] = "id"
    page = _sign_in(client, "staff@a.test", "wrong-password").content.decode()
    assert "Alamat e-mail atau kata sandi salah" in page
    assert "dan/atau" not in page and " anda " not in page


def test_a_member_of_several_agencies_picks_one_and_can_switch(client, agency_a, agency_c, staff_a):
    MembershipFactory(agency=agency_c, user=staff_a, role="facilitator")
    client.force_login(staff_a)
    picker = client.get(reverse("home"))
    assert picker.status_code == 200
    page = picker.content.decode()
    assert 'data-testid="pick-dinkes"' in page and 'data-testid="pick-labinov"' in page
    home_c = client.get(reverse("clinics:home", args=[agency_c.slug])).content.decode()
    assert 'data-testid="agency-switcher"' in home_c
    assert reverse("clinics:home", args=[agency_a.slug]) in home_c


def test_someone_without_a_clinic_is_told_what_to_do(client, db):
    from tests.clinics.factories import UserFactory

    client.force_login(UserFactory())
    page = client.get(reverse("home")).content.decode()
    assert "not a member of any clinic yet" in page


def test_visitors_see_the_welcome_page(client, db):
    page = client.get(reverse("home")).content.decode()
    assert reverse("account_login") in page


def test_password_reset_sends_a_link(client, staff_a):
    client.post(reverse("account_reset_password"), {"email": "staff@a.test"})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_sign_out(client, staff_a):
    client.force_login(staff_a)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_repeated_failed_sign_ins_are_rate_limited(client, staff_a):
    pages = [_sign_in(client, "staff@a.test", "wrong").content.decode() for _ in range(6)]
    assert not any("Too many failed sign-ins" in page for page in pages[:5])
    assert "Too many failed sign-ins" in pages[5]
    # Even the right password waits now: guessing has become pointless.
    response = _sign_in(client, "staff@a.test")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_anyone_can_turn_on_two_factor_and_is_then_asked_for_a_code(client, staff_a):
    _sign_in(client, "staff@a.test")
    # Turning it on asks for the password once more (allauth's reauthentication).
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml" in page.content.decode()  # the QR code, allowed by the CSP:
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert staff_a.authenticator_set.filter(type="totp").exists()

    client.post(reverse("account_logout"))
    response = _sign_in(client, "staff@a.test")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session


def test_a_new_address_must_be_verified(client, staff_a):
    client.force_login(staff_a)
    client.post(reverse("account_email"), {"action_add": "", "email": "second@a.test"})
    assert staff_a.emailaddress_set.get(email="second@a.test").verified is False
    assert mail.outbox and mail.outbox[-1].to == ["second@a.test"]
