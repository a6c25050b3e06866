"""Journeys through the real page shell in Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_demo_admin_signs_in_and_lands_on_their_clinic(page, live_server, demo, sign_in):
    sign_in("admin.klikbaik@demo.klikbaik.id")
    expect(page).to_have_url(f"{live_server.url}/dinkes-bantaeng/")
    expect(page.get_by_role("heading", level=1)).to_have_text("KLIK Baik")
    expect(page.get_by_test_id("mfa-required")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_a_coach_of_two_clinics_picks_one_then_switches(page, live_server, demo, sign_in):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in("dosen.unhas@demo.klikbaik.id")
    page.get_by_test_id("pick-balitbangda-makassar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Labinov Beken")
    page.get_by_test_id("agency-switcher").click()
    page.get_by_role("link", name=re.compile("KLIK Baik")).click()
    expect(page).to_have_url(f"{live_server.url}/dinkes-bantaeng/")


def test_switching_to_english_keeps_the_page(page, live_server, demo, sign_in):
    sign_in("staf.sinoa@demo.klikbaik.id")
    page.get_by_role("button", name="EN").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/dinkes-bantaeng/")
