"""Booking in Chromium: Bappeda staff book a KLIK Baik facilitator (an open clinic), the
facilitator confirms, and both see the session in their calendars."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_staff_books_the_facilitator_confirms_both_see_it(page, live_server, demo, sign_in):
    sign_in("staf.bappeda@demo.klikbaik.id")
    page.goto(f"{live_server.url}/dinkes-bantaeng/consultations/book/")
    page.locator("#id_session_type").select_option(label="Konsultasi inovasi")
    page.locator("#id_facilitator").select_option(label="Andi Makmur")
    slots = page.get_by_test_id("slots")
    expect(slots).to_be_visible()
    page.wait_for_load_state("networkidle")  # both selections have answered
    heading = page.locator("#slots h2")
    this_week = heading.inner_text()
    page.get_by_test_id("next-week").click()
    # Wait for the htmx swap, not for the old week's slots that are still on screen.
    expect(heading).not_to_have_text(this_week)
    expect(page.get_by_test_id("slots").locator("input[type=radio]").first).to_be_visible()
    page.get_by_test_id("slots").locator("input[type=radio]").first.check()
    page.locator("#id_need").fill("Menyusun proposal PKRI untuk Bappeda.")
    page.get_by_test_id("request").click()
    expect(page.get_by_test_id("session-status")).to_have_attribute("data-value", "requested")
    session_url = page.url

    page.goto(f"{live_server.url}/sessions/")
    expect(page.locator("main")).to_contain_text("Konsultasi inovasi")

    page.context.clear_cookies()
    sign_in("fasilitator.klikbaik@demo.klikbaik.id")
    page.goto(session_url)
    page.get_by_test_id("confirm").click()
    expect(page.get_by_test_id("session-status")).to_have_attribute("data-value", "confirmed")
    page.goto(f"{live_server.url}/dinkes-bantaeng/consultations/week/")
    page.get_by_role("link", name=re.compile("→")).click()  # next week, by htmx
    path = session_url.removeprefix(live_server.url)
    expect(page.get_by_test_id("week").locator(f'a.confirmed[href="{path}"]')).to_be_visible()
