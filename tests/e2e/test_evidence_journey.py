"""The evidence locker in Chromium: a file over the limit is refused before it is sent,
then a piece of evidence is replaced and another withdrawn."""

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_coach_replaces_and_withdraws_evidence(
    page, live_server, demo, sign_in, tmp_path, settings
):
    from innovations.models import Evidence

    with scopes_disabled():
        files = list(
            Evidence.objects.filter(
                agency__slug="dinkes-bantaeng", innovation__status="coaching"
            ).exclude(file="")
        )
    first = files[0]
    second = next(e for e in files if e.innovation_id == first.innovation_id and e != first)
    settings.EVIDENCE_MAX_BYTES = 2000
    sign_in("fasilitator.klikbaik@demo.klikbaik.id")
    detail = f"{live_server.url}/dinkes-bantaeng/innovations/{first.innovation_id}/"
    page.goto(detail)
    page.locator(
        f'a[data-testid="replace-evidence"][href$="/evidence/{first.pk}/replace/"]'
    ).click()
    page.wait_for_url(f"**/evidence/{first.pk}/replace/")
    page.wait_for_load_state()
    expect(page.locator("#id_title")).to_have_value(first.title)  # starts from the old details

    big = tmp_path / "laporan-besar.pdf"
    big.write_bytes(PDF + b"%" + b"x" * 5000 + b"\n")
    page.locator("#id_upload").set_input_files(str(big))
    expect(page.locator("#id_upload-too-large")).to_contain_text("2,0\u00a0KB")
    expect(page.locator("#id_upload")).to_have_value("")  # nothing would be sent

    small = tmp_path / "laporan-revisi.pdf"
    small.write_bytes(PDF)
    page.locator("#id_upload").set_input_files(str(small))
    expect(page.locator("#id_upload-too-large")).to_have_text("")
    page.locator("#id_title").fill("Laporan revisi")
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Laporan revisi")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text(f"{first.title} → Laporan revisi")

    page.locator(
        f'a[data-testid="withdraw-evidence"][href$="/evidence/{second.pk}/withdraw/"]'
    ).click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(detail)
    expect(page.get_by_role("link", name=second.title, exact=True)).to_have_count(0)
