"""Admins must turn on two-factor sign-in after their grace period: the whole journey in
Chromium, from the forced set-up to signing in again with a recovery code."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.helpers import totp_code

pytestmark = pytest.mark.browser

ADMIN = "admin.klikbaik@demo.klikbaik.id"


def test_an_admin_past_the_grace_sets_up_two_factor_then_needs_it(page, live_server, demo, sign_in):
    from clinics.models import User

    User.objects.filter(email=ADMIN).update(mfa_required_since=timezone.now() - timedelta(days=8))
    sign_in(ADMIN)
    # Straight to the set-up, told why in Indonesian; allauth asks for the password again.
    expect(page.get_by_test_id("mfa-required")).to_contain_text("dua faktor")
    page.goto(f"{live_server.url}/dinkes-bantaeng/")  # any other page leads back here
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.locator("input[name=password]").fill("klikbaik-demo")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/recovery-codes/")
    recovery_code = page.locator("#recovery_codes").input_value().split()[0]
    page.goto(f"{live_server.url}/dinkes-bantaeng/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK Baik")
    expect(page.get_by_test_id("mfa-required")).to_have_count(0)

    page.get_by_test_id("user-menu").click()
    page.locator("form[action='/accounts/logout/'] button").click()
    sign_in(ADMIN)
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill(recovery_code)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(f"{live_server.url}/dinkes-bantaeng/")
