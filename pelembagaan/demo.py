"""Demo pelembagaan of Kabupaten Bantaeng, kept by Bappeda Bantaeng: its regulations on
innovation (a Perda, the Perbup that names the region's innovations, the decree on the
innovation team, a Perbup still in discussion) and its budget lines for 2024–2026.

Numbers, dates and amounts are illustrative, not Bantaeng's real ones. Each document is a
small real PDF. Idempotent: a regulation (by title) or a budget line (by year and
activity) that exists is left alone.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django_scopes import scopes_disabled

from clinics.models import Agency, Membership, Role
from innovations.demo import tiny_pdf
from innovations.models import Innovation
from pelembagaan.models import BudgetLine, CoveredAgency, CoveredInnovation, Regulation

NAMED = [
    "Bendera SASKIA",
    "JEDAR SASKIA",
    "SASKIA PUBER",
    "SASKIA Peduli Disabilitas",
    "BSB",
    "RAJA SMILE",
    "SAMAWAKI",
]
EVERY_AGENCY = "*"

# (kind, title, number, enacted, disseminated, status, innovations named, agencies covered)
REGULATIONS = [
    (
        "perda",
        "Peraturan Daerah Kabupaten Bantaeng tentang Inovasi Daerah",
        "Nomor 3 Tahun 2021",
        date(2021, 6, 14),
        date(2021, 8, 2),
        "disosialisasikan",
        [],
        EVERY_AGENCY,
    ),
    (
        "perkada",
        "Peraturan Bupati Bantaeng tentang Penetapan Inovasi Daerah",
        "Nomor 23 Tahun 2023",
        date(2023, 5, 2),
        None,
        "ditetapkan",
        NAMED,
        EVERY_AGENCY,
    ),
    (
        "sk_tim",
        "Keputusan Bupati Bantaeng tentang Tim Inovasi Daerah",
        "Nomor 188/214/2024",
        date(2024, 1, 15),
        date(2024, 2, 1),
        "disosialisasikan",
        [],
        ["bappeda-bantaeng", "dinkes-bantaeng", "rsud-anwar-makkatutu", "dukcapil-bantaeng"],
    ),
    (
        "perkada",
        "Rancangan Peraturan Bupati Bantaeng tentang Klinik Inovasi Daerah",
        "",
        None,
        None,
        "pembahasan",
        [],
        EVERY_AGENCY,
    ),
]

# (year, source, activity, holder slug, innovation brand or None, amount, realised, document)
BUDGET = [
    (
        2024,
        "apbd_pembinaan",
        "Pembinaan dan fasilitasi inovasi daerah",
        "bappeda-bantaeng",
        None,
        150,
        142.5,
        True,
    ),
    (
        2025,
        "apbd_pembinaan",
        "Pembinaan dan fasilitasi inovasi daerah",
        "bappeda-bantaeng",
        None,
        175,
        170,
        True,
    ),
    (
        2026,
        "apbd_pembinaan",
        "Pembinaan dan fasilitasi inovasi daerah",
        "bappeda-bantaeng",
        None,
        180,
        None,
        True,
    ),
    (
        2024,
        "apbd_inovasi",
        "Operasional layanan JEDAR SASKIA",
        "dinkes-bantaeng",
        "JEDAR SASKIA",
        45,
        44,
        True,
    ),
    (
        2025,
        "apbd_inovasi",
        "Operasional layanan JEDAR SASKIA",
        "dinkes-bantaeng",
        "JEDAR SASKIA",
        50,
        48.75,
        True,
    ),
    (
        2026,
        "apbd_inovasi",
        "Operasional layanan JEDAR SASKIA",
        "dinkes-bantaeng",
        "JEDAR SASKIA",
        55,
        None,
        True,
    ),
    (
        2024,
        "apbd_inovasi",
        "Layanan RAJA SMILE",
        "rsud-anwar-makkatutu",
        "RAJA SMILE",
        60,
        60,
        True,
    ),
    (2024, "lain", "Pendampingan SAMAWAKI (CSR)", "dukcapil-bantaeng", "SAMAWAKI", 20, 20, False),
]
MILLION = Decimal(1_000_000)


def _document(row, title: str, name: str) -> None:
    content = tiny_pdf(title[:60])
    row.original_name, row.content_type, row.size = name, "application/pdf", len(content)
    row.file.save(name, ContentFile(content), save=False)


@transaction.atomic
def load() -> None:
    with scopes_disabled():
        bappeda = Agency.objects.get(slug="bappeda-bantaeng")
        admin = Membership.objects.filter(agency=bappeda, role=Role.ADMIN).first().user
        agencies = {a.slug: a for a in Agency.objects.filter(region=bappeda.region_id)}
        innovations = {
            i.brand_name: i
            for i in Innovation.objects.filter(
                agency__region=bappeda.region_id, brand_name__in=NAMED
            )
        }
        for kind, title, number, enacted, disseminated, status, named, covered in REGULATIONS:
            if Regulation.objects.filter(agency=bappeda, title=title).exists():
                continue
            regulation = Regulation(
                agency=bappeda,
                kind=kind,
                title=title,
                number=number,
                enacted_on=enacted,
                disseminated_on=disseminated,
                status=status,
                created_by=admin,
            )
            if enacted:
                _document(regulation, f"{title} {number}", f"{kind}-{enacted.year}.pdf")
            regulation.save()
            CoveredInnovation.objects.bulk_create(
                CoveredInnovation(agency=bappeda, regulation=regulation, innovation=innovations[b])
                for b in named
            )
            slugs = agencies if covered == EVERY_AGENCY else covered
            CoveredAgency.objects.bulk_create(
                CoveredAgency(agency=bappeda, regulation=regulation, covered=agencies[s])
                for s in slugs
            )
        for year, source, activity, holder, brand, amount, realised, document in BUDGET:
            if BudgetLine.objects.filter(agency=bappeda, year=year, activity=activity).exists():
                continue
            line = BudgetLine(
                agency=bappeda,
                year=year,
                source=source,
                activity=activity,
                holder=agencies[holder],
                innovation=innovations.get(brand),
                amount=Decimal(str(amount)) * MILLION,
                realised=None if realised is None else Decimal(str(realised)) * MILLION,
                source_detail="CSR Bank Sulselbar" if source == "lain" else "",
                created_by=admin,
            )
            if document:
                _document(line, f"DPA {year} {activity}", f"dpa-{year}-{holder}.pdf")
            line.save()
