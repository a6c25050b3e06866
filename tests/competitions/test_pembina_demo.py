"""The demo's Instansi Pembina entry (PKRI 2024, Kabupaten Bantaeng): every figure the
portal counts, checked against the demo data counted by hand, the documents it holds,
and the PDF it renders, read back with pypdf."""

import io
from decimal import Decimal

import pypdf
from django.core.management import call_command
from django_scopes import scope

from competitions import pembina, tasks
from competitions.models import Dossier

# Counted by hand from the demo's modules (clinics, innovations, pelembagaan, competitions,
# consultations .demo), up to 31 December 2024.
EXPECTED = {
    # Authors and co-authors of Bantaeng's innovations: Sitti Aminah (Bendera SASKIA,
    # SASKIA PUBER, SASKIA Peduli Disabilitas, co-author of JEDAR SASKIA), Rahmawati Said
    # (JEDAR SASKIA), Andi Makmur (BSB), Ahmad Fauzi (RAJA SMILE, Terminal Darah), Nurul
    # Hikmah (SAMAWAKI). The fresh ideas are this year's.
    "staff": 5,
    # No innovation initiated by the public; one partner outside government linked to an
    # innovation: Universitas Hasanuddin (Bendera SASKIA, JEDAR SASKIA).
    "public": 1,
    # The eight innovations of Bantaeng (2016–2022); all implemented but Terminal Darah.
    "created": 8,
    "implemented": 7,
    # The internal competition is this year's; the sessions of the clinics are recent.
    "internal": 0,
    "capacity": 0,
    # KIPP 2020 Bendera SASKIA (Top 45), KIPP 2022 RAJA SMILE (Top 45) and SASKIA Peduli
    # Disabilitas (Top 99), KIPP 2023 SAMAWAKI (Top 99); PKRI 2024's own entries aside.
    "entries": 4,
    "wins": 4,
    # Published: all but SASKIA Peduli Disabilitas and Terminal Darah.
    "published": 6,
    "coverage": 0,
    # One monitoring visit each for the two replications, JEDAR SASKIA (2022-03-10) and
    # SASKIA PUBER (2022-07-08), both of Bendera SASKIA; check-ins are recent.
    "replication_monitoring": 2,
    "replicated_inside": 2,
    "replicated_by_others": 0,
    "replicated_from_others": 0,
    # The Perda 3/2021 and the Perbup 23/2023 (the Perbup in discussion is not in force);
    # the decree on the innovation team of 15 January 2024.
    "regulations": 2,
    "teams": 1,
    # 2024's targets of Dinas Kesehatan, RSUD and Dukcapil (3 innovations each).
    "performance": 3,
    # 2024: APBD pembinaan 150 million; for innovations JEDAR SASKIA 45, RAJA SMILE 60
    # and the CSR line of SAMAWAKI 20 million.
    "budget_coaching": 150_000_000,
    "budget_innovation": 125_000_000,
    # Facilitators of Bantaeng's clinics: Andi Makmur and Dr. Ahmad Ridwan (Dinas
    # Kesehatan), Hasriani Lahming (Bappeda), Irmawati Yusuf (RSUD), Zainal Abidin (Dukcapil).
    "people": 5,
    # One visit done for each of the eight innovations, 2017–2023.
    "monitoring": 8,
    # Dinas Kesehatan's five partners (the other agencies of Bantaeng have none).
    "partners": 5,
}


def test_the_demos_instansi_pembina_entry_counts_what_the_demo_holds_and_renders(db, unscoped):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    entry = Dossier.objects.select_related("category__competition", "agency").get(
        category__name="Instansi Pembina Inovasi"
    )
    figures = pembina.figures(entry, entry.agency.slug)
    assert {f.key: f.value for f in figures} == {k: Decimal(v) for k, v in EXPECTED.items()}
    staff = next(f for f in figures if f.key == "staff")
    assert sorted(r.text for r in staff.records) == [
        "Ahmad Fauzi",
        "Andi Makmur",
        "Nurul Hikmah",
        "Rahmawati Said",
        "Sitti Aminah",
    ]
    # Frozen into the three aspects, the documents attached, the result recorded.
    texts = {row.section.title: row.text for row in entry.sections.select_related("section")}
    assert "ASN yang terlibat dalam penciptaan inovasi: 5 orang" in texts["Penciptaan"]
    assert "Replikasi inovasi daerah di dalam daerah: 2 inovasi" in texts["Pengembangan"]
    assert (
        "APBD untuk pembinaan inovasi pada tahun tersebut: Rp 150.000.000" in texts["Pelembagaan"]
    )
    assert sorted(str(d.document) for d in entry.documents.all()) == [
        "Laporan pembinaan inovasi daerah 2023",
        "Peraturan Bupati Bantaeng tentang Penetapan Inovasi Daerah",
    ]
    assert (entry.result, entry.announcement_ref) == ("winner", "B/456/PP.00.05/2024")
    with scope(agency=entry.agency_id):
        _fingerprint, content, _previous = tasks.render_dossier(entry)
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Belum final" not in text  # complete: no warning page
    for expected in (
        "Kabupaten Bantaeng – Instansi Pembina Inovasi",
        "1. Penciptaan",
        "Keikutsertaan kompetisi yang difasilitasi (tahun-tahun sebelumnya): 4",
        "2. Pengembangan",
        "3. Pelembagaan",
        "Mitra kolaborasi (pentahelix): 5 mitra",
        "Laporan pembinaan inovasi daerah 2023",
    ):
        assert expected in text, expected
