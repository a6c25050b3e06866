"""Bappeda's year in Chromium: its admin sets up a new agency of the regency and invites
its first admin, imports the agency's innovations from last year's spreadsheet (checked,
previewed, imported) and finds them in the regional register; then opens next year's PKRI
season, shortlists a candidate, completes the region's own Instansi Pembina entry (the
portal's figures frozen into its aspects, its documents from the region's locker and the
pelembagaan tracker) and downloads the hand-off pack for the national index application."""

import io
import zipfile
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


def test_bappeda_onboards_imports_shortlists_completes_instansi_pembina_and_hands_off(
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

    _shortlists_and_completes_instansi_pembina(page, live_server)
    _downloads_the_index_pack(page, live_server)


def _shortlists_and_completes_instansi_pembina(page, base):
    # Next year's PKRI: a copy of 2024's, its stages moved to 2027 (registration still open).
    page.goto(f"{base.url}/bappeda-bantaeng/competitions/")
    page.get_by_role("link", name="PKRI 2024").first.click()
    page.locator("input[name=year]").fill("2027")
    page.get_by_role("button", name="Salin", exact=True).click()
    expect(page.locator("h1")).to_contain_text("PKRI 2027")

    # Candidates: the eligibility check across the region, one shortlisted.
    page.get_by_test_id("shortlist-link").click()
    page.get_by_role("link", name="Replikasi").click()
    row = page.get_by_test_id("shortlist").locator("tr", has_text="JEDAR SASKIA")
    expect(row).to_contain_text("memenuhi syarat")
    row.get_by_role("button", name="Jaring").click()
    row = page.get_by_test_id("shortlist").locator("tr", has_text="JEDAR SASKIA")
    expect(row).to_contain_text("terjaring")

    # The region's own entry: figures frozen into the aspects, documents picked, ready.
    page.get_by_role("link", name="← PKRI 2027").click()
    page.get_by_role("button", name="Ikutkan daerah").click()
    page.get_by_test_id("pembina-link").click()
    expect(page.get_by_test_id("aspect-penciptaan")).to_contain_text("ASN yang terlibat")
    page.get_by_test_id("freeze-figures").click()
    expect(page.get_by_test_id("section-pelembagaan")).to_contain_text(
        "Regulasi inovasi yang berlaku"
    )
    for requirement, document in [
        (
            "Regulasi daerah tentang inovasi",
            "Peraturan Bupati Bantaeng tentang Penetapan Inovasi Daerah",
        ),
        ("Laporan pembinaan inovasi", "Laporan pembinaan inovasi daerah 2023"),
    ]:
        page.locator("#id_requirement").select_option(label=requirement)
        page.locator("#id_evidence").select_option(label=document)
        page.get_by_role("button", name="Pilih", exact=True).click()
        expect(page.locator("#documents")).to_contain_text(document)
    expect(page.get_by_test_id("checklist").locator("li.missing")).to_have_count(0)
    page.get_by_test_id("move-ready").click()
    expect(page.get_by_test_id("dossier-status")).to_contain_text("Siap")


def _downloads_the_index_pack(page, base):
    page.goto(f"{base.url}/bappeda-bantaeng/index/")
    page.get_by_test_id("render-pack").click()
    expect(page.get_by_test_id("pack-job")).to_have_attribute("data-status", "ready")
    with page.expect_download() as download:
        page.get_by_test_id("pack-download").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert "iid-2026.xlsx" in names and "daftar-berkas.xlsx" in names
    assert any(name.startswith("2 Inovasi/") for name in names)
