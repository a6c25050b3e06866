"""The dossier's main journey in Chromium: an admin completes a dossier in place, marks it
ready, renders its portfolio, waits until it is ready and downloads the PDF."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_an_admin_completes_a_dossier_and_downloads_its_portfolio(page, live_server, demo, sign_in):
    sign_in("admin.klikbaik@demo.klikbaik.id")
    page.goto(f"{live_server.url}/dinkes-bantaeng/competitions/")
    page.get_by_role("link", name="Lomba Inovasi Daerah Bantaeng").click()
    page.get_by_role("link", name="BSB").click()
    expect(page.get_by_test_id("dossier-status")).to_contain_text("Draf")

    # Every section still empty is written in place (htmx), without leaving the page.
    empty = page.locator("article.dossier-section", has_text="Belum ditulis.")
    for _ in range(empty.count()):
        section = page.locator(f"#{empty.first.get_attribute('id')}")
        section.get_by_test_id("edit-section").click()
        section.locator("textarea").fill("Brigade menjangkau seluruh desa dalam 15 menit.")
        section.get_by_test_id("save-section").click()
        expect(page.locator("article.dossier-section textarea")).to_have_count(0)
    expect(empty).to_have_count(0)

    # Documents are picked from the evidence locker, not uploaded again.
    for requirement, evidence in [
        ("SK / regulasi inovasi", "SK Kepala Dinas tentang BSB"),
        ("Video inovasi", "Video profil BSB"),
    ]:
        page.locator("#id_requirement").select_option(label=requirement)
        page.locator("#id_evidence").select_option(label=evidence)
        page.get_by_role("button", name="Pilih", exact=True).click()
        expect(page.locator("#documents")).to_contain_text(evidence)
    expect(page.get_by_test_id("checklist").locator("li.missing")).to_have_count(0)

    page.get_by_test_id("move-ready").click()
    expect(page.get_by_test_id("dossier-status")).to_contain_text("Siap")

    page.get_by_test_id("render-portfolio").click()
    expect(page.get_by_test_id("portfolio-job")).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        page.get_by_test_id("portfolio-download").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert download.value.suggested_filename == "BSB.pdf"
