"""The demo's innovations: the real ones of shared/DOMAIN.md with plausible histories,
evidence and monitoring, the SASKIA replication family, and fresh ideas awaiting review.

Idempotent like clinics.demo: an innovation that exists (by agency and name) is left alone.
"""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from PIL import Image, ImageDraw

from clinics.models import ActivityLog, Agency, Membership, Partner, Unit, User
from innovations.models import (
    Evidence,
    FollowUpAction,
    ImpactIndicator,
    Innovation,
    InnovationPartner,
    Measurement,
    MonitoringVisit,
    RegionalTarget,
    SustainabilityCheckIn,
    Target,
    TeamMember,
)

DESIGN = (
    "Rancang bangun: {name} mengubah cara {unit} menjangkau sasaran. Sebelumnya petugas "
    "menunggu warga datang ke fasilitas, sehingga banyak sasaran terlambat dilayani. Inovasi "
    "ini memetakan setiap sasaran per desa, menandai rumah sasaran, dan menugaskan kader serta "
    "bidan desa untuk kunjungan rutin dengan jadwal yang disepakati bersama kepala desa. "
    "Pokok perubahan: pendataan sasaran berbasis keluarga, jadwal kunjungan bergilir, rujukan "
    "yang dijemput dan diantar, rapat evaluasi bulanan di puskesmas, dan pelaporan melalui grup "
    "koordinasi lintas sektor. Peran masyarakat diperkuat melalui tokoh agama dan tokoh "
    "masyarakat yang ikut mengingatkan sasaran. "
)


def _words(text: str, minimum: int = 320) -> str:
    out = text
    while len(out.split()) < minimum:
        out += text
    return out.strip()


def tiny_pdf(title: str) -> bytes:
    """A small but real one-page PDF."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _photo(caption: str) -> bytes:
    image = Image.new("RGB", (480, 320), (15, 122, 108))
    ImageDraw.Draw(image).text((20, 150), caption, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# (agency slug, unit, name, brand, author e-mail, started, status, phase, maturity,
#  published, origin brand, replication form, indicator)
INNOVATIONS = [
    (
        "dinkes-bantaeng",
        "Puskesmas Sinoa",
        "Bendera Satu Sasaran Kesehatan Ibu dan Anak",
        "Bendera SASKIA",
        "staf.sinoa",
        date(2018, 3, 1),
        "sustained",
        "display",
        "penerapan",
        True,
        None,
        "",
        ("Persalinan di fasilitas kesehatan", "%", 61, 95, [72, 84, 91, 96]),
    ),
    (
        "dinkes-bantaeng",
        "Puskesmas Pa'bentengang",
        "Jemput dan Antar Satu Sasaran Kesehatan Ibu dan Anak",
        "JEDAR SASKIA",
        "staf.pabentengang",
        date(2021, 2, 1),
        "coaching",
        "deliver",
        "penerapan",
        True,
        "Bendera SASKIA",
        "adaptasi",
        ("Ibu hamil dengan 6 kunjungan antenatal", "%", 54, 90, [63, 77, 86]),
    ),
    (
        "dinkes-bantaeng",
        "Puskesmas Campagaloe",
        "SASKIA Peduli Ibu Bersalin",
        "SASKIA PUBER",
        "staf.sinoa",
        date(2021, 6, 1),
        "coaching",
        "display",
        "penerapan",
        True,
        "Bendera SASKIA",
        "modifikasi",
        ("Persalinan ditolong tenaga kesehatan", "%", 70, 98, [81, 90, 95]),
    ),
    (
        "dinkes-bantaeng",
        "Puskesmas Baruga",
        "SASKIA Peduli Disabilitas",
        "SASKIA Peduli Disabilitas",
        "staf.sinoa",
        date(2020, 8, 1),
        "coaching",
        "deliver",
        "penerapan",
        False,
        None,
        "",
        ("Penyandang disabilitas yang mendapat layanan rumah", "orang", 12, 150, [40, 96, 131]),
    ),
    (
        "dinkes-bantaeng",
        "UPTD PSC 119 / Brigade Siaga Bencana",
        "Brigade Siaga Bencana",
        "BSB",
        "fasilitator.klikbaik",
        date(2016, 1, 1),
        "sustained",
        "display",
        "penerapan",
        True,
        None,
        "",
        ("Waktu tanggap panggilan darurat", "menit", 45, 15, [30, 22, 17]),
    ),
    (
        "rsud-anwar-makkatutu",
        "Instalasi Gawat Darurat",
        "Ramah, Aman, Jujur, Amanah: Senyum, Murah, Ikhlas, Layani, Empati",
        "RAJA SMILE",
        "staf.rsud",
        date(2019, 5, 1),
        "sustained",
        "display",
        "penerapan",
        True,
        None,
        "",
        ("Indeks kepuasan pasien", "skor", 71, 90, [78, 85, 89]),
    ),
    (
        "rsud-anwar-makkatutu",
        "Bidang Pelayanan Medik",
        "Terminal Darah",
        "Terminal Darah",
        "staf.rsud",
        date(2022, 4, 1),
        "coaching",
        "design",
        "uji_coba",
        False,
        None,
        "",
        ("Permintaan darah terpenuhi dalam 2 jam", "%", 48, 90, [60, 71]),
    ),
    (
        "dukcapil-bantaeng",
        "Bidang Pelayanan Pencatatan Sipil",
        "Satu Malam Wajib Akta Kelahiran",
        "SAMAWAKI",
        "staf.dukcapil",
        date(2022, 1, 10),
        "sustained",
        "display",
        "penerapan",
        True,
        None,
        "",
        ("Bayi baru lahir yang memiliki akta", "%", 58, 100, [80, 94, 99]),
    ),
]

FRESH = [
    # (agency, unit, name, author, status)
    ("dinkes-bantaeng", "Puskesmas Sinoa", "Posyandu Remaja Digital Sinoa", "staf.sinoa", "draft"),
    (
        "dinkes-bantaeng",
        "Puskesmas Pa'bentengang",
        "Kelas Ibu Hamil Daring",
        "staf.pabentengang",
        "submitted",
    ),
    ("dinkes-bantaeng", "Puskesmas Loka", "Kebun Gizi Keluarga", "staf.pabentengang", "submitted"),
    (
        "balitbangda-makassar",
        "Bidang Inovasi dan Teknologi",
        "Lorong Wisata Data",
        "staf.labinov",
        "submitted",
    ),
]


def _user(local_part: str) -> User:
    return User.objects.get(email=f"{local_part}@demo.klikbaik.id")


def _backdate(entries: list[tuple[ActivityLog, datetime]]) -> None:
    for entry, when in entries:
        ActivityLog.objects.filter(pk=entry.pk).update(created_at=when)


def _event(innovation, actor, action, when, **data):
    entry = ActivityLog.objects.create(
        agency=innovation.agency,
        actor=actor,
        action=action,
        target_type="innovations.innovation",
        target_id=innovation.pk,
        data=data,
    )
    return entry, timezone.make_aware(
        datetime.combine(when, datetime.min.time()) + timedelta(hours=10)
    )


def _story(innovation, author, coach, started, status, phase, maturity, published):
    """Timeline events from idea to where the innovation stands now (~10 events)."""
    steps = [
        (author, "innovations.innovation.created", {}),
        (author, "innovations.innovation.submit", {}),
        (
            coach,
            "innovations.innovation.accept",
            {"comment": "Ide bagus, mari kita mulai dengan Drum-up bersama tim."},
        ),
    ]
    path = ["diagnose", "design", "deliver", "display"]
    previous = "drum_up"
    for step in path[: path.index(phase) + 1] if phase in path else []:
        steps.append(
            (coach, "innovations.innovation.phase", {"changes": {"phase": [previous, step]}})
        )
        previous = step
    if maturity in ("uji_coba", "penerapan"):
        steps.append(
            (
                coach,
                "innovations.innovation.maturity",
                {"changes": {"maturity": ["inisiatif", "uji_coba"]}},
            )
        )
    if maturity == "penerapan":
        steps.append(
            (
                coach,
                "innovations.innovation.maturity",
                {"changes": {"maturity": ["uji_coba", "penerapan"]}},
            )
        )
    if status == "sustained":
        steps.append((coach, "innovations.innovation.sustain", {}))
    if published:
        steps.append((coach, "innovations.innovation.publish", {}))
    entries = [
        _event(innovation, actor, action, started + timedelta(days=45 * i), **data)
        for i, (actor, action, data) in enumerate(steps)
    ]
    _backdate(entries)


def _details(innovation, spec, coach):
    (
        _slug,
        _unit,
        _name,
        _brand,
        _author,
        started,
        status,
        _phase,
        _maturity,
        published,
        _origin,
        _form,
        (ind_name, ind_unit, baseline, target, values),
    ) = spec
    agency = innovation.agency
    indicator = ImpactIndicator.objects.create(
        agency=agency,
        innovation=innovation,
        name=ind_name,
        unit=ind_unit,
        baseline=Decimal(baseline),
        target=Decimal(target),
    )
    for year_offset, value in enumerate(values, start=1):
        Measurement.objects.create(
            agency=agency,
            indicator=indicator,
            value=Decimal(value),
            measured_on=date(started.year + year_offset, 12, 31),
            source="Laporan tahunan puskesmas",
        )
    for title, kind, content, name, public in [
        (
            f"SK Kepala Dinas tentang {innovation}",
            "regulation",
            tiny_pdf(f"SK {innovation}"),
            "sk.pdf",
            False,
        ),
        (f"Foto kegiatan {innovation}", "photo", _photo(str(innovation)), "foto.png", True),
        (
            f"Laporan evaluasi {innovation}",
            "report",
            tiny_pdf(f"Laporan {innovation}"),
            "laporan.pdf",
            published,
        ),
    ]:
        evidence = Evidence(
            agency=agency,
            innovation=innovation,
            title=title,
            kind=kind,
            dated=started + timedelta(days=200),
            is_public=public,
            uploaded_by=innovation.author,
            original_name=name,
            content_type="application/pdf" if name.endswith("pdf") else "image/png",
            size=len(content),
        )
        evidence.file.save(name, ContentFile(content), save=False)
        evidence.save()
    Evidence.objects.create(
        agency=agency,
        innovation=innovation,
        kind="video",
        title=f"Video profil {innovation}",
        is_public=published,
        link="https://video.example.go.id/profil",
        uploaded_by=coach,
    )
    visit = MonitoringVisit.objects.create(
        agency=agency,
        innovation=innovation,
        planned_on=started + timedelta(days=400),
        instrument="Lembar observasi dan wawancara sasaran",
        done_on=started + timedelta(days=402),
        findings="Berjalan baik; pencatatan kader perlu dirapikan.",
    )
    FollowUpAction.objects.create(
        agency=agency,
        innovation=innovation,
        description="Rapikan buku register kader",
        owner=innovation.author,
        due_on=visit.done_on + timedelta(days=30),
        done_at=timezone.now() - timedelta(days=300),
    )
    FollowUpAction.objects.create(
        agency=agency,
        innovation=innovation,
        owner=innovation.author,
        description="Kirim data capaian triwulan ke klinik",
        due_on=timezone.localdate() + timedelta(days=10),
    )
    if status == "sustained":
        SustainabilityCheckIn.objects.create(
            agency=agency,
            innovation=innovation,
            status="running",
            by=coach,
            checked_on=timezone.localdate() - timedelta(days=30),
            note="Masih berjalan dengan anggaran APBD.",
        )


@transaction.atomic
def load() -> None:
    with scopes_disabled():
        agencies = {a.slug: a for a in Agency.objects.all()}
        by_brand = {}
        for spec in INNOVATIONS:
            (
                slug,
                unit_name,
                name,
                brand,
                author_local,
                started,
                status,
                phase,
                maturity,
                published,
                origin_brand,
                replication_form,
                _indicator,
            ) = spec
            agency = agencies[slug]
            coach = Membership.objects.filter(agency=agency, role="facilitator").first().user
            innovation, created = Innovation.objects.get_or_create(
                agency=agency,
                name=name,
                defaults={
                    "brand_name": brand,
                    "author": _user(author_local),
                    "unit": Unit.objects.filter(agency=agency, name=unit_name).first(),
                    "problem": f"Masih banyak sasaran yang terlambat dilayani di wilayah "
                    f"{unit_name}.",
                    "target_document": "spm",
                    "design": _words(DESIGN.format(name=brand, unit=unit_name)),
                    "goals": "Semua sasaran terlayani tepat waktu.",
                    "benefits": "Pelayanan lebih dekat dan cepat.",
                    "results": "Capaian indikator naik setiap tahun.",
                    "beneficiaries": "Ibu hamil, bayi, keluarga, dan masyarakat desa.",
                    "urusan": "adminduk" if slug == "dukcapil-bantaeng" else "kesehatan",
                    "sdgs": [3, 17],
                    "status": status,
                    "phase": phase,
                    "maturity": maturity,
                    "is_published": published,
                    "origin": by_brand.get(origin_brand),
                    "replication_form": replication_form,
                    "form": "adaptation" if origin_brand else "new",
                    "trial_start": started + timedelta(days=60),
                    "implementation_start": started + timedelta(days=180)
                    if maturity == "penerapan"
                    else None,
                    "submitted_at": timezone.make_aware(
                        datetime.combine(started + timedelta(days=45), datetime.min.time())
                    ),
                },
            )
            by_brand[brand] = innovation
            if created:
                Innovation.objects.filter(pk=innovation.pk).update(
                    created_at=timezone.make_aware(datetime.combine(started, datetime.min.time()))
                )
                with scope(agency=agency):
                    _details(innovation, spec, coach)
                _story(
                    innovation,
                    innovation.author,
                    coach,
                    started,
                    status,
                    phase,
                    maturity,
                    published,
                )
        _partners_and_team(agencies, by_brand)
        for slug, unit_name, name, author_local, status in FRESH:
            agency = agencies[slug]
            innovation, created = Innovation.objects.get_or_create(
                agency=agency,
                name=name,
                defaults={
                    "author": _user(author_local),
                    "status": status,
                    "unit": Unit.objects.filter(agency=agency, name=unit_name).first(),
                    "problem": "Sasaran sulit dijangkau dengan cara lama.",
                    "design": _words(DESIGN.format(name=name, unit=unit_name), 120),
                    "goals": "Menjangkau lebih banyak sasaran.",
                    "submitted_at": timezone.now() if status == "submitted" else None,
                },
            )
            if created:
                events = [
                    _event(
                        innovation,
                        innovation.author,
                        "innovations.innovation.created",
                        timezone.localdate() - timedelta(days=12),
                    )
                ]
                if status == "submitted":
                    events.append(
                        _event(
                            innovation,
                            innovation.author,
                            "innovations.innovation.submit",
                            timezone.localdate() - timedelta(days=3),
                        )
                    )
                _backdate(events)
        for slug, count in [
            ("dinkes-bantaeng", 3),
            ("rsud-anwar-makkatutu", 3),
            ("dukcapil-bantaeng", 3),
            ("balitbangda-makassar", 1),
        ]:
            Target.objects.get_or_create(
                agency=agencies[slug],
                year=timezone.localdate().year,
                unit=None,
                defaults={"count": count},
            )
        # Bantaeng's "one agency, three innovations", set by its Bappeda for each agency,
        # this year and in 2024 (the PKRI 2024 Instansi Pembina entry counts them).
        for slug in ("dinkes-bantaeng", "rsud-anwar-makkatutu", "dukcapil-bantaeng"):
            for year in {2024, timezone.localdate().year}:
                RegionalTarget.objects.get_or_create(
                    agency=agencies[slug],
                    year=year,
                    defaults={"count": 3, "set_by": _user("admin.bappeda")},
                )


def _partners_and_team(agencies, by_brand) -> None:
    dinkes = agencies["dinkes-bantaeng"]
    unhas = Partner.objects.filter(agency=dinkes, name="Universitas Hasanuddin").first()
    for brand in ("Bendera SASKIA", "JEDAR SASKIA"):
        innovation = by_brand[brand]
        if unhas:
            InnovationPartner.objects.get_or_create(
                agency=dinkes, innovation=innovation, partner=unhas
            )
    TeamMember.objects.get_or_create(
        agency=dinkes, innovation=by_brand["JEDAR SASKIA"], user=_user("staf.sinoa")
    )
