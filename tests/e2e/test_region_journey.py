"""Bappeda's year starts in Chromium: its admin sets up a new agency of the regency and
invites its first admin, imports the agency's innovations from last year's spreadsheet
(checked, previewed, imported), and finds them in the regional register."""

import io
from datetime import date

import openpyxl
import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Nama Inovasi", "Tahapan Inovasi", "Jenis Inovasi", "Waktu Penerapan Inovasi Daerah"]
    )
    sheet.append(["Sekolah Ramah Disabilitas", "Penerapan", "Non Digital", date(2024, 7, 15)])
    sheet.append(["Rapor Digital Terpadu", "uji coba", "Digital", None])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_bappeda_onboards_an_agency_imports_its_list_and_finds_it_in_the_register(
    page, live_server, demo, sign_in
):
    sign_in("admin.bappeda@demo.klikbaik.id")
    page.goto(f"{live_server.url}/bappeda-bantaeng/innovations/region/")
    page.get_by_test_id("register-agencies").click()
    page.get_by_test_id("onboard-agency").click()
    page.locator("input[name=name]").fill("Dinas Pendidikan Bantaeng")
    page.locator("select[name=kind]").select_option("opd")
    page.locator("textarea[name=units]").fill("SMP Negeri 1 Bantaeng\nUPTD Pendidikan Anak")
    page.locator("input[name=admin_email]").fill("kadis@disdik.test")
    page.get_by_test_id("onboard-submit").click()
    listed = page.get_by_test_id("region-agencies")
    expect(listed).to_contain_text("Dinas Pendidikan Bantaeng")
    expect(listed.locator("tr", has_text="Dinas Pendidikan Bantaeng")).to_contain_text("1")
    assert mail.outbox[-1].to == ["kadis@disdik.test"]

    page.goto(f"{live_server.url}/bappeda-bantaeng/innovations/region/")
    page.get_by_test_id("register-imports").click()
    page.locator("select[name=agency]").select_option(label="Dinas Pendidikan Bantaeng")
    page.locator("input[name=upload]").set_input_files(
        {
            "name": "inovasi-disdik-2025.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _workbook(),
        }
    )
    page.get_by_test_id("import-upload").click()
    expect(page.get_by_test_id("import-check-job")).to_have_attribute("data-status", "ready")
    rows = page.get_by_test_id("import-rows")
    expect(rows.locator("tr[data-outcome=new]")).to_have_count(2)
    page.get_by_test_id("render-import-run").click()
    expect(page.get_by_test_id("import-run-job")).to_have_attribute("data-status", "ready")
    expect(page.get_by_test_id("import-state")).to_contain_text("2")

    page.get_by_test_id("nav-register").click()
    page.locator("select[name=agency]").select_option(label="Dinas Pendidikan Bantaeng")
    register = page.get_by_test_id("register-rows")
    expect(register).to_contain_text("Sekolah Ramah Disabilitas")
    expect(register).to_contain_text("Rapor Digital Terpadu")
    register.get_by_role("link", name="Sekolah Ramah Disabilitas").click()
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("lembar kerja")  # "imported"
