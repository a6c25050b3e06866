"""The register's export in Chromium: a clinic admin filters the list (htmx), exports it
as CSV, waits for the job the page shows, and downloads a file holding exactly what the
list showed."""

import csv
import re

import pytest
from playwright.sync_api import expect

from innovations.exports import FIELDS

pytestmark = pytest.mark.browser


def test_an_admin_exports_the_filtered_register_as_csv(page, live_server, demo, sign_in):
    sign_in("admin.klikbaik@demo.klikbaik.id")
    page.goto(f"{live_server.url}/dinkes-bantaeng/innovations/")
    expect(page.get_by_test_id("export-job")).to_have_attribute("data-status", "none")
    page.locator("#id_status").select_option("coaching")
    expect(page).to_have_url(re.compile(r"status=coaching"))
    shown = int(re.search(r"\d+", page.locator("#innovation-rows p.muted").first.inner_text())[0])
    label = page.locator("#id_status option[value=coaching]").inner_text()

    page.get_by_test_id("export-csv").click()
    expect(page.get_by_test_id("export-job")).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert len(rows) == 1 + shown > 1
    assert {row[FIELDS.index("status")] for row in rows[1:]} == {label}
