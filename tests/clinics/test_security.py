"""Sessions for a shared office computer, and the second factor admins must turn on."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clinics.security import LAST_SEEN
from tests.clinics.factories import MembershipFactory, UserFactory
from tests.helpers import totp_code

PASSWORD = "secret-pass-123"


def _home(client, agency):
    return client.get(reverse("clinics:home", args=[agency.slug]))


def _turn_on_totp(client, user):
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert user.authenticator_set.filter(type="totp").exists()


@pytest.mark.parametrize("who", ["admin_a", "coordinator"])
def test_admins_are_reminded_on_every_page_until_the_grace_ends(client, request, agency_a, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    person.refresh_from_db()
    assert timezone.now() - person.mfa_required_since < timedelta(minutes=1)
    for url in (reverse("catalogue:catalogue"), reverse("my_sessions"), reverse("home")):
        page = client.get(url, follow=True).content.decode()
        assert 'data-testid="mfa-required"' in page
        due = timezone.localtime(person.mfa_required_since + timedelta(days=7))
        assert f"before {due:%-d %B %Y}" in page


@pytest.mark.parametrize("who", ["staff_a", "facilitator_a"])
def test_staff_and_facilitators_are_not_asked(client, request, agency_a, who):
    client.force_login(request.getfixturevalue(who))
    assert 'data-testid="mfa-required"' not in _home(client, agency_a).content.decode()


def test_an_operator_is_asked_too(client, db):
    operator = UserFactory(is_staff=True)
    client.force_login(operator)
    assert 'data-testid="mfa-required"' in client.get(reverse("home")).content.decode()


def test_after_the_grace_every_page_leads_to_the_set_up(client, agency_a, admin_a):
    admin_a.mfa_required_since = timezone.now() - timedelta(days=7, minutes=1)
    admin_a.save()
    client.force_login(admin_a)
    response = _home(client, agency_a)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    htmx = client.get(reverse("catalogue:catalogue"), HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"] == reverse("mfa_activate_totp")
    # The account pages stay open: set it up, change the password, sign out.
    assert client.get(reverse("account_change_password")).status_code == 200
    _turn_on_totp(client, admin_a)
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    page = _home(client, agency_a)
    assert page.status_code == 200
    assert 'data-testid="mfa-required"' not in page.content.decode()


def test_a_demoted_admin_is_no_longer_asked_and_a_new_promotion_starts_a_new_grace(
    client, agency_a, admin_a, unscoped
):
    admin_a.mfa_required_since = timezone.now() - timedelta(days=30)
    admin_a.save()
    admin_a.memberships.update(role="staff")
    client.force_login(admin_a)
    assert _home(client, agency_a).status_code == 200
    admin_a.refresh_from_db()
    assert admin_a.mfa_required_since is None


def test_a_session_unused_for_too_long_is_signed_out(client, settings, agency_a, staff_a):
    settings.SESSION_IDLE_MINUTES = 45
    client.force_login(staff_a)
    assert _home(client, agency_a).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 44 * 60
    session.save()
    assert _home(client, agency_a).status_code == 200  # 44 minutes: still signed in
    session = client.session
    assert session[LAST_SEEN] >= int(time.time()) - 5  # ... and the clock restarted
    session[LAST_SEEN] = int(time.time()) - 46 * 60
    session.save()
    response = _home(client, agency_a)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 45 minutes without activity" in page


def test_the_session_cookie_ends_with_the_browser(client, staff_a):
    response = client.post(
        reverse("account_login"), {"login": "staff@a.test", "password": PASSWORD}
    )
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"]
    assert 'name="remember"' not in client.get(reverse("account_login")).content.decode()


def test_an_admin_of_another_agency_is_asked_wherever_they_are(client, agency_a, agency_c):
    person = MembershipFactory(agency=agency_c, role="admin").user
    MembershipFactory(agency=agency_a, user=person, role="staff")
    client.force_login(person)
    assert 'data-testid="mfa-required"' in _home(client, agency_a).content.decode()
