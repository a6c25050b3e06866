"""The index workbench's main journey in Chromium: Bappeda's admin opens the dashboard,
follows the top suggestion, uploads the evidence it asks for and sees the predicted
(strict) IID rise; then exports the workbook for the national application (a job the
dashboard shows until its file is ready)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from innovations.demo import tiny_pdf

pytestmark = pytest.mark.browser


def _iid(page, view) -> Decimal:
    return Decimal(
        page.get_by_test_id(f"iid-{view}").locator(".stat").inner_text().replace(",", ".")
    )


def test_bappeda_follows_the_top_suggestion_and_the_index_rises(page, live_server, demo, sign_in):
    sign_in("admin.bappeda@demo.klikbaik.id")
    page.goto(f"{live_server.url}/bappeda-bantaeng/index/")
    before = _iid(page, "strict")
    claimed = _iid(page, "claimed")
    top = page.get_by_test_id("suggestions").locator("li").first
    expect(top).to_contain_text("Opini BPK")
    gain = Decimal(re.search(r"[\d,]+", top.locator("strong").inner_text())[0].replace(",", "."))

    top.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Opini BPK")
    page.locator("input[name=upload]").set_input_files(
        {"name": "lhp-bpk.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("LHP BPK")}
    )
    page.locator("input[name=upload_title]").fill("LHP BPK atas LKPD 2025: WTP")
    page.locator("main form button[type=submit]").first.click()

    expect(page.get_by_test_id("iid-strict")).to_contain_text(str(before + gain).replace(".", ","))
    assert _iid(page, "claimed") == claimed  # the level was already claimed
    expect(page.get_by_test_id("suggestions")).not_to_contain_text("Opini BPK")

    # The export is prepared in the background, shown where the export button leads.
    page.get_by_test_id("export-xlsx").click()
    page.get_by_test_id("render-workbook").click()
    expect(page.get_by_test_id("workbook-job")).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        page.get_by_test_id("workbook-download").click()
    assert download.value.suggested_filename == "iid-2026.xlsx"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(2) == b"PK"  # an XLSX is a ZIP
