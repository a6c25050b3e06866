"""The portfolio as a jury reads it, read back with pypdf: headings numbered alike in the
contents and the body (and on the page the contents names), nothing split across pages,
a warning page at the front of a dossier that is not final, Indonesian dates and numbers
whatever language asked for it, the evidence list with kind, date and page, and images
that cannot be shown (a decompression bomb already in the storage, a missing or damaged
file) as placeholders with a note."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from competitions import services
from competitions.models import DossierSection
from innovations.models import Evidence, ImpactIndicator, Measurement
from jobs.models import Job
from tests.images import BOMB, photo
from tests.pdfs import images_drawn, job_pages

NOT_FINAL = "Belum final: jangan kirim portofolio ini dulu"


def _evidence(innovation, title, *, kind="photo", content=None, name="foto.jpg", dated=None):
    item = Evidence(
        agency=innovation.agency,
        innovation=innovation,
        title=title,
        kind=kind,
        dated=dated or date(2022, 7, 29),
        original_name=name if content is not None else "",
    )
    if content is not None:
        # Straight into the storage, as files stored before uploads were checked are.
        item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item


def _write_every_section(dossier, text="Isi bagian ini lengkap dan ringkas."):
    DossierSection.objects.filter(dossier=dossier).update(text=text)


def _portfolio(render, client, admin, dossier) -> list[str]:
    """Rendered at the request of someone reading the portal in English (tests' client)."""
    client.force_login(admin)
    render(dossier.agency, dossier)
    job = Job.objects.get(kind="portfolio", subject=f"dossier:{dossier.pk}")
    assert job.status == "ready", job.detail
    return job_pages(job)


def _flat(text: str) -> str:
    """Text with its line breaks (where the PDF wrapped a line) as spaces."""
    return " ".join(text.split())


def _contents(page: str) -> list[tuple[int, str, int]]:
    """(number, title, page) of each line of the contents page."""
    found = re.findall(r"^(\d+)\. (.+?)[ .]*?(\d+)$", page, re.MULTILINE)
    return [(int(number), title.strip(" ."), int(at)) for number, title, at in found]


@pytest.fixture
def measured(innovation_a):
    indicator = ImpactIndicator.objects.create(
        agency=innovation_a.agency,
        innovation=innovation_a,
        name="Persalinan di faskes",
        unit="%",
        baseline=Decimal("58"),
        target=Decimal("12500.5"),
    )
    Measurement.objects.create(
        agency=innovation_a.agency,
        indicator=indicator,
        value=Decimal("61.25"),
        measured_on=date(2022, 7, 29),
    )
    return indicator


def test_headings_are_numbered_alike_in_the_contents_and_the_body(
    render, client, admin_a, kipp, kipp_dossier, innovation_a, measured, unscoped
):
    _evidence(innovation_a, "Foto posyandu", content=photo())
    _write_every_section(kipp_dossier)
    pages = _portfolio(render, client, admin_a, kipp_dossier)
    assert "Bendera SASKIA" in pages[0] and NOT_FINAL not in _flat("".join(pages))
    assert pages[1].startswith("Daftar isi")
    contents = _contents(pages[1])
    sections = list(
        kipp.categories.get().sections.order_by("order").values_list("title", flat=True)
    )
    assert [title for _n, title, _p in contents[: len(sections)]] == sections
    assert [title for _n, title, _p in contents[len(sections) :]][:2] == [
        "Bukti",
        "Indikator dampak",
    ]
    assert [number for number, _t, _p in contents] == list(range(1, len(contents) + 1))
    for number, title, at in contents:
        # The body's heading, numbered as in the contents, on the page the contents names.
        assert re.search(rf"^{number}\. {re.escape(title)}$", pages[at - 1], re.MULTILINE), (
            number,
            title,
            at,
        )


def test_no_table_row_evidence_entry_or_photo_is_split_across_pages(
    render, client, admin_a, kipp_dossier, innovation_a, unscoped
):
    for n in range(1, 13):
        _evidence(
            innovation_a,
            f"Foto kegiatan {n:02d}",
            content=photo(size=(800, 600)),
            name=f"kegiatan-{n:02d}.jpg",
        )
    for n in range(1, 41):
        ImpactIndicator.objects.create(
            agency=innovation_a.agency,
            innovation=innovation_a,
            name=f"Indikator-{n:02d}-awal " + "uraian panjang " * 10 + f"Indikator-{n:02d}-akhir",
            baseline=1,
            target=2,
        )
    _write_every_section(kipp_dossier)
    pages = _portfolio(render, client, admin_a, kipp_dossier)
    with Job.objects.get(kind="portfolio").file.open("rb") as handle:
        drawn = images_drawn(handle.read())
    # Each photo's entry (its caption names the file) is on the page of its image.
    for number, images in enumerate(drawn):
        captions = len(re.findall(r"kegiatan-\d\d\.jpg", pages[number]))
        assert captions == images, (number + 1, pages[number])
    assert sum(drawn) == 12 and max(drawn) < 12  # the entries did cross page breaks
    # Each table row starts and ends on one page, however many lines it takes.
    rows_on = {}
    for n in range(1, 41):
        start = [i for i, text in enumerate(pages) if f"Indikator-{n:02d}-awal" in text]
        end = [i for i, text in enumerate(pages) if f"Indikator-{n:02d}-akhir" in text]
        assert start == end and len(start) == 1, n
        rows_on[n] = start[0]
    assert len(set(rows_on.values())) > 1  # the table did cross a page break
    # The evidence list gives each entry's kind, date and the page it is on.
    listed = re.findall(
        r"(\d+)\.(\d+) Foto kegiatan (\d\d) Foto 29 Juli 2022 (\d+)", "\n".join(pages)
    )
    assert len(listed) == 12
    for _section, _n, title_number, at in listed:
        assert f"kegiatan-{title_number}.jpg" in pages[int(at) - 1]


def test_a_dossier_that_is_not_final_starts_with_a_warning_page(
    render, client, admin_a, kipp_dossier, unscoped
):
    _write_every_section(kipp_dossier)
    rows = DossierSection.objects.filter(dossier=kipp_dossier).select_related("section")
    by_title = {row.section.title: row for row in rows}
    by_title["Ringkasan"].text = "kata " * 250  # the limit is 200
    by_title["Ringkasan"].save()
    by_title["Kebaruan"].text = ""
    by_title["Kebaruan"].save()
    pages = _portfolio(render, client, admin_a, kipp_dossier)
    warning = _flat(pages[0])
    assert warning.startswith(NOT_FINAL)
    assert "“Ringkasan” berisi 250 kata; batasnya 200." in warning
    assert "“Kebaruan” masih kosong." in warning
    assert "Adaptabilitas" not in warning  # only what needs fixing
    assert "Bendera SASKIA" in pages[1]  # then the cover
    # The empty section says so where it stands, not as a bare heading.
    body = "\n".join(pages[3:])
    assert re.search(r"^\d+\. Kebaruan\n“Kebaruan” masih kosong\.$", body, re.MULTILINE)


def test_dates_and_numbers_are_indonesian_whatever_language_asked(
    render, client, admin_a, kipp, innovation_a, as_admin_a, measured, unscoped
):
    _evidence(innovation_a, "SK Bupati", kind="regulation", content=b"%PDF-1.4", name="sk.pdf")
    # A dossier started now pre-fills its impact section in Indonesian formats too.
    dossier = services.dossier_create(
        actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
    )
    text = _flat("\n".join(_portfolio(render, client, admin_a, dossier)))
    assert "Daftar isi" in text and "Terakhir diperbarui" in text and "Contents" not in text
    assert "SK Bupati" in text and "29 Juli 2022" in text
    assert "58,00" in text and "12.500,50" in text and "61,25" in text
    assert "58.00" not in text and "12500.50" not in text and "Jul 2022" not in text
    assert "nilai awal 58,00, target 12.500,50, terakhir 61,25 %" in text  # the pre-filled text


def test_an_image_that_cannot_be_shown_is_a_placeholder_never_a_failed_portfolio(
    render, client, admin_a, agency_a, kipp_dossier, innovation_a, unscoped
):
    _evidence(innovation_a, "Foto bom", content=BOMB, name="bom.png")
    missing = _evidence(innovation_a, "Foto hilang", content=photo(), name="hilang.jpg")
    missing.file.storage.delete(missing.file.name)
    _evidence(innovation_a, "Foto rusak", content=b"\xff\xd8\xff\xe0 bukan gambar", name="r.jpg")
    _evidence(innovation_a, "Foto baik", content=photo(), name="baik.jpg")
    agency_a.logo.save("logo.png", ContentFile(BOMB))
    _write_every_section(kipp_dossier)
    pages = [_flat(page) for page in _portfolio(render, client, admin_a, kipp_dossier)]
    text = " ".join(pages)
    too_large = (
        "Gambar ini tidak ditampilkan: ukurannya 20000 × 20000 piksel, melebihi batas 40 "
        "megapiksel."
    )
    damaged = "Gambar ini tidak ditampilkan: berkasnya hilang atau rusak."
    assert text.count(too_large) >= 2 and text.count(damaged) >= 2  # in place, and listed
    warning = pages[0]
    assert warning.startswith(NOT_FINAL)
    assert "Logo klinik:" in warning and "Foto bom:" in warning
    assert "Foto hilang:" in warning and "Foto rusak:" in warning and "Foto baik" not in warning
