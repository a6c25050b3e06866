"""Each role's main job on a phone (375 x 812), as a person who has never seen the portal
would do it: from their home, through the menu, asserting what they see, that nothing is
wider than the screen, and that the next action is there."""

import io
import re
import zipfile
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from innovations.demo import tiny_pdf
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.browser


def fits(page):
    """Nothing on the page is wider than the phone's screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def menu(page, name):
    """Open the folded menu and follow one of its links."""
    page.get_by_role("button", name=re.compile("Menu")).click()
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


def message(page):
    return page.locator("ul.messages")


def test_staff_submit_an_idea_and_find_it_again(phone, live_server, demo):
    page, sign_in = phone
    sign_in("staf.pabentengang@demo.klikbaik.id")
    fits(page)
    # The home starts with the next action: submitting an idea.
    submit = page.get_by_test_id("submit-idea")
    expect(submit).to_be_in_viewport()
    submit.click()
    page.locator("#id_name").fill("Antar Jemput Lansia ke Posyandu")
    page.get_by_test_id("step-design").click()  # any step, in any order: saves the name
    expect(message(page)).to_contain_text("draf yang hanya dilihat tim Anda")
    expect(page.locator("h2").first).to_have_text("Design")
    page.locator("#id_design").fill("Kader menjemput lansia dengan motor desa. " * 60)
    page.get_by_text("Urusan pemerintahan lain (tidak wajib)").click()
    page.get_by_label("Sosial").check()
    fits(page)
    page.get_by_test_id("step-problem").click()
    page.locator("#id_problem").fill("Lansia sulit datang ke posyandu karena jarak jauh.")
    page.get_by_test_id("step-results").click()
    page.locator("#id_goals").fill("Semua lansia terlayani setiap bulan.")
    page.get_by_role("button", name="Simpan dan lanjutkan").click()
    page.get_by_role("link", name="Kembali ke inovasi").click()
    fits(page)
    page.get_by_test_id("move-submit").click()
    expect(message(page)).to_contain_text("Ide untuk ditinjau")
    expect(page.get_by_test_id("what-next")).to_contain_text("Diajukan untuk ditinjau")
    # Withdrawing is not the first thing in sight: it is folded away, after the content.
    expect(page.locator("button.danger").first).not_to_be_visible()
    fits(page)

    menu(page, "Beranda")
    ideas = page.get_by_test_id("my-ideas")
    expect(ideas).to_contain_text("Antar Jemput Lansia ke Posyandu")
    expect(ideas).to_contain_text("Diajukan untuk ditinjau")
    ideas.get_by_role("link", name="Antar Jemput Lansia ke Posyandu").click()
    expect(page.locator("h1")).to_have_text("Antar Jemput Lansia ke Posyandu")


def _book_first_free_time(page, need):
    expect(page.get_by_test_id("error-summary")).to_have_count(0)  # never opens on an error
    slots = page.get_by_test_id("slots").locator("input[type=radio]")
    if not slots.count():
        page.get_by_test_id("next-week").click()
    slots.first.check()
    page.locator("#id_need").fill(need)
    fits(page)
    page.get_by_test_id("request").click()
    expect(page.get_by_test_id("session-status")).to_have_attribute("data-value", "requested")
    expect(message(page)).to_contain_text("Sesi saya")


def test_staff_book_at_their_own_and_at_another_agencys_open_clinic(phone, live_server, demo):
    page, sign_in = phone
    sign_in("staf.rsud@demo.klikbaik.id")  # RSUD's clinic has no facilitator yet
    menu(page, "Pendampingan")
    expect(page.get_by_test_id("no-facilitator")).to_be_visible()
    open_clinics = page.get_by_test_id("open-clinics")
    expect(open_clinics).to_contain_text("KLIK Baik")
    expect(open_clinics).to_contain_text("Labinov Beken")
    fits(page)
    open_clinics.get_by_role("link", name="Pesan di KLIK Baik").click()
    _book_first_free_time(page, "Belajar replikasi Brigade Siaga Bencana.")
    menu(page, "Sesi saya")
    expect(page.locator("main")).to_contain_text("KLIK Baik")
    fits(page)

    page.context.clear_cookies()
    sign_in("staf.sinoa@demo.klikbaik.id")
    menu(page, "Pendampingan")
    page.get_by_test_id("book").click()
    _book_first_free_time(page, "Menyusun SOP Posyandu Remaja.")
    menu(page, "Sesi saya")
    expect(page.locator("main")).to_contain_text("Diminta")  # the facilitator confirms next


def test_a_facilitator_confirms_a_request_from_their_home(phone, live_server, demo):
    page, sign_in = phone
    sign_in("fasilitator.klikbaik@demo.klikbaik.id")
    waiting = page.get_by_test_id("waiting")
    expect(waiting).to_contain_text("Menunggu konfirmasi Anda")
    expect(waiting).to_contain_text("Fadli Amir")  # the demo's request from Bappeda
    fits(page)
    waiting.get_by_role("button", name=re.compile("^Konfirmasi")).first.click()
    expect(message(page)).to_contain_text("Dikonfirmasi. Fadli Amir menerima e-mail")
    expect(page.get_by_test_id("session-status")).to_have_attribute("data-value", "confirmed")
    fits(page)
    menu(page, "Beranda")
    expect(page.get_by_test_id("waiting")).to_contain_text(
        "Tidak ada permintaan yang menunggu Anda."
    )


def test_an_admin_reviews_an_idea_from_their_home(phone, live_server, demo):
    page, sign_in = phone
    sign_in("admin.klikbaik@demo.klikbaik.id")
    review = page.get_by_test_id("to-review")
    expect(review).to_contain_text("Kelas Ibu Hamil Daring")
    fits(page)
    review.get_by_role("link", name="Kelas Ibu Hamil Daring").click()
    fits(page)
    page.locator("#id_review_comment").fill("Mulai dari satu puskesmas dulu.")
    page.get_by_test_id("move-accept").click()
    expect(message(page)).to_contain_text("Diterima ke pendampingan")
    expect(page.get_by_test_id("phase")).to_have_attribute("data-value", "drum_up")
    menu(page, "Beranda")
    expect(page.get_by_test_id("to-review")).not_to_contain_text("Kelas Ibu Hamil Daring")


def test_bappeda_picks_three_dossiers_and_gets_exactly_three(phone, live_server, demo):
    page, sign_in = phone
    sign_in("admin.bappeda@demo.klikbaik.id")
    deadlines = page.get_by_test_id("deadlines")
    expect(deadlines).to_contain_text("Lomba Inovasi Daerah Bantaeng")
    deadlines.get_by_role("link", name="Dokumen usulan daerah").click()
    boxes = page.locator("input[name=dossier]")
    assert boxes.count() > 3
    expect(page.locator("input[name=dossier]:checked")).to_have_count(0)
    fits(page)
    titles = []
    for index in range(3):
        boxes.nth(index).check()
        titles.append(boxes.nth(index).get_attribute("aria-label"))
    page.get_by_test_id("export-zip").click()
    download_link = page.get_by_test_id("zip-download")
    expect(download_link).to_be_visible(timeout=90_000)
    fits(page)
    with page.expect_download() as download:
        download_link.click()
    with open(download.value.path(), "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    pdfs = [name for name in archive.namelist() if name.endswith(".pdf")]
    assert len(pdfs) == 3, archive.namelist()


def test_bappeda_follows_the_top_suggestion_and_sees_its_gain_where_evidence_is_added(
    phone, live_server, demo
):
    page, sign_in = phone
    sign_in("admin.bappeda@demo.klikbaik.id")
    menu(page, "Indeks inovasi")
    top = page.get_by_test_id("suggestions").locator("li").first
    gain = re.search(r"\+([\d,]+)", top.inner_text())[1]
    fits(page)
    top.get_by_role("link").click()
    expect(page.get_by_test_id("gain")).to_contain_text(f"+{gain}")
    expect(page.locator("input[name=upload]")).to_be_visible()  # where the evidence goes
    fits(page)
    page.locator("input[name=upload]").set_input_files(
        {"name": "lhp-bpk.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf("LHP BPK")}
    )
    page.locator("input[name=upload_title]").fill("LHP BPK atas LKPD 2025: WTP")
    page.get_by_role("button", name="Simpan").first.click()
    expect(message(page)).to_contain_text("tersimpan")
    assert Decimal(gain.replace(",", ".")) > 0
