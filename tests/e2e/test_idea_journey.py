"""The registry's main journey in Chromium, the idea submitted on a phone-sized screen."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_staff_submits_an_idea_and_a_facilitator_takes_it_to_diagnose(
    page, live_server, demo, sign_in, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("staf.sinoa@demo.klikbaik.id")
    page.goto(f"{live_server.url}/dinkes-bantaeng/innovations/new/")
    page.locator("#id_name").fill("Antar Jemput Lansia ke Posyandu")
    page.locator("#id_brand_name").fill("AJEL")
    page.locator("button[name=continue]").click()

    page.locator("#id_problem").fill("Lansia sulit datang ke posyandu karena jarak jauh.")
    page.locator("button[name=continue]").click()
    page.locator("#id_design").fill("Kader menjemput lansia dengan motor desa. " * 60)
    expect(page.locator(".word-count")).to_contain_text("360")
    page.locator("button[name=continue]").click()
    page.locator("#id_goals").fill("Semua lansia terlayani setiap bulan.")
    page.locator("button[name=continue]").click()
    page.locator("button[name=continue]").click()  # impact: later
    page.locator("button[name=continue]").click()  # origin: none -> the innovation's page

    page.get_by_test_id("add-evidence").click()
    page.locator("#id_title").fill("Daftar lansia sasaran")
    page.locator("#id_kind").select_option("data")
    attachment = tmp_path / "daftar.pdf"
    attachment.write_bytes(PDF)
    page.locator("#id_upload").set_input_files(str(attachment))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Daftar lansia sasaran")).to_be_visible()
    page.get_by_test_id("move-submit").click()
    detail_url = page.url

    page.context.clear_cookies()
    sign_in("fasilitator.klikbaik@demo.klikbaik.id")
    page.goto(detail_url)
    page.get_by_test_id("move-accept").click()
    page.get_by_test_id("phase-select").select_option("diagnose")
    page.get_by_test_id("move-phase").click()
    expect(page.get_by_test_id("phase")).to_have_attribute("data-value", "diagnose")

    page.context.clear_cookies()
    sign_in("staf.sinoa@demo.klikbaik.id")
    page.goto(detail_url)
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Andi Makmur")
    expect(timeline.locator(":scope > li")).to_have_count(
        5
    )  # created, evidence, submit, accept, phase
