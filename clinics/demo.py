"""The demo's agencies, units, partners and people, drawn from shared/DOMAIN.md.

``load()`` is idempotent: it creates what is missing and leaves existing rows alone, so a
second run changes nothing (and an edit made in the demo survives a re-run).
"""

from datetime import date

from allauth.account.models import EmailAddress
from django.db import transaction
from django_scopes import scopes_disabled

from clinics.models import Agency, Membership, Partner, Region, Role, Unit, User

DEMO_PASSWORD = "klikbaik-demo"  # noqa: S105 (printed for the demo's users on purpose)
DEMO_DOMAIN = "demo.klikbaik.id"

REGIONS = [
    {
        "slug": "kabupaten-bantaeng",
        "name": "Kabupaten Bantaeng",
        "kind": Region.Kind.REGENCY,
        "province": "Sulawesi Selatan",
    },
    {
        "slug": "kota-makassar",
        "name": "Kota Makassar",
        "kind": Region.Kind.CITY,
        "province": "Sulawesi Selatan",
    },
]

BANTAENG_PUSKESMAS = [
    "Kota",
    "Lamalaka",
    "Bissappu",
    "Banyorang",
    "Sinoa",
    "Dapoko",
    "Loka",
    "Campagaloe",
    "Baruga",
    "Moti",
    "Ulugalung",
    "Pa'bentengang",
    "Ereng-Ereng",
]

AGENCIES = [
    {
        "slug": "dinkes-bantaeng",
        "region": "kabupaten-bantaeng",
        "name": "Dinas Kesehatan Kabupaten Bantaeng",
        "kind": Agency.Kind.HEALTH,
        "clinic_name": "KLIK Baik",
        "clinic_tagline": "Klinik Inovasi Kesehatan Bantaeng yang Inspiratif dan Kolaboratif",
        "is_open": True,
        "units": [(f"Puskesmas {name}", Unit.Kind.PUSKESMAS) for name in BANTAENG_PUSKESMAS]
        + [
            ("UPTD Pusat Penanganan Gizi Terpadu", Unit.Kind.UPTD),
            ("UPTD PSC 119 / Brigade Siaga Bencana", Unit.Kind.UPTD),
        ],
        "partners": [
            (
                "Universitas Hasanuddin",
                Partner.Kind.ACADEMIA,
                "MoU/UNHAS-DINKES/2023/014",
                date(2023, 3, 1),
                date(2026, 12, 31),
            ),
            ("Yayasan BaKTI", Partner.Kind.CIVIL_SOCIETY, "", None, None),
            ("Lembaga Administrasi Negara (LAN)", Partner.Kind.GOVERNMENT, "", None, None),
            ("Pulse Lab Jakarta", Partner.Kind.CIVIL_SOCIETY, "", None, None),
            ("Radio Suara Bantaeng", Partner.Kind.MEDIA, "", None, None),
        ],
        "people": [
            ("admin.klikbaik", "Nurhayati Rahman", Role.ADMIN, None),
            ("fasilitator.klikbaik", "Andi Makmur", Role.FACILITATOR, None),
            ("staf.sinoa", "Sitti Aminah", Role.STAFF, "Puskesmas Sinoa"),
            ("staf.pabentengang", "Rahmawati Said", Role.STAFF, "Puskesmas Pa'bentengang"),
        ],
    },
    {
        "slug": "bappeda-bantaeng",
        "region": "kabupaten-bantaeng",
        "name": "Bappeda Kabupaten Bantaeng",
        "kind": Agency.Kind.PLANNING,
        "clinic_name": "Bengkel Inovasi Daerah",
        "clinic_tagline": "Pembina inovasi Kabupaten Bantaeng",
        "coordinates_region": True,
        "units": [("Bidang Penelitian dan Pengembangan", Unit.Kind.DIVISION)],
        "partners": [],
        "people": [
            ("admin.bappeda", "Muhammad Idris", Role.ADMIN, None),
            ("fasilitator.bappeda", "Hasriani Lahming", Role.FACILITATOR, None),
            ("staf.bappeda", "Fadli Amir", Role.STAFF, "Bidang Penelitian dan Pengembangan"),
        ],
    },
    {
        "slug": "rsud-anwar-makkatutu",
        "region": "kabupaten-bantaeng",
        "name": "RSUD Prof. Dr. H. M. Anwar Makkatutu",
        "kind": Agency.Kind.HOSPITAL,
        "clinic_name": "Klinik Inovasi RSUD Anwar Makkatutu",
        "units": [
            ("Instalasi Gawat Darurat", Unit.Kind.DIVISION),
            ("Bidang Pelayanan Medik", Unit.Kind.DIVISION),
        ],
        "partners": [],
        "people": [
            ("admin.rsud", "Syamsul Bahri", Role.ADMIN, None),
            ("fasilitator.rsud", "Irmawati Yusuf", Role.FACILITATOR, None),
            ("staf.rsud", "Ahmad Fauzi", Role.STAFF, "Instalasi Gawat Darurat"),
        ],
    },
    {
        "slug": "dukcapil-bantaeng",
        "region": "kabupaten-bantaeng",
        "name": "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Bantaeng",
        "kind": Agency.Kind.CIVIL_REGISTRY,
        "clinic_name": "Klinik Inovasi Dukcapil",
        "units": [("Bidang Pelayanan Pencatatan Sipil", Unit.Kind.DIVISION)],
        "partners": [],
        "people": [
            ("admin.dukcapil", "Hasnah Jafar", Role.ADMIN, None),
            ("fasilitator.dukcapil", "Zainal Abidin", Role.FACILITATOR, None),
            ("staf.dukcapil", "Nurul Hikmah", Role.STAFF, "Bidang Pelayanan Pencatatan Sipil"),
        ],
    },
    {
        "slug": "balitbangda-makassar",
        "region": "kota-makassar",
        "name": "Balitbangda Kota Makassar",
        "kind": Agency.Kind.RESEARCH,
        "clinic_name": "Labinov Beken",
        "clinic_tagline": "Laboratorium Inovasi Berbasis Kemitraan",
        "is_open": True,
        "coordinates_region": True,
        "units": [("Bidang Inovasi dan Teknologi", Unit.Kind.DIVISION)],
        "partners": [
            (
                "Universitas Negeri Makassar",
                Partner.Kind.ACADEMIA,
                "MoU/UNM-BALITBANGDA/2024/03",
                date(2024, 1, 15),
                date(2027, 1, 14),
            ),
            ("Pulse Lab Jakarta", Partner.Kind.CIVIL_SOCIETY, "", None, None),
        ],
        "people": [
            ("admin.labinov", "Andi Tenri Ajeng", Role.ADMIN, None),
            ("fasilitator.labinov", "Rudi Hartono", Role.FACILITATOR, None),
            ("staf.labinov", "Dewi Kartika", Role.STAFF, "Bidang Inovasi dan Teknologi"),
        ],
    },
]

# A university coach who facilitates in two clinics: shows the agency picker and switcher.
SHARED_PEOPLE = [
    (
        "dosen.unhas",
        "Dr. Ahmad Ridwan (Universitas Hasanuddin)",
        [("dinkes-bantaeng", Role.FACILITATOR), ("balitbangda-makassar", Role.FACILITATOR)],
    ),
]


def _user(
    local_part: str, full_name: str, *, operator: bool = False, password: bool = True
) -> User:
    """A demo account with the published demo password, or none (``password=False``: an
    operator outside local development must set their own; one from an earlier load
    with the published password loses it)."""
    email = f"{local_part}@{DEMO_DOMAIN}"
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": full_name, "is_staff": operator, "is_superuser": operator},
    )
    if created and password:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif not password and (created or user.check_password(DEMO_PASSWORD)):
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load(*, operator_password: bool = True) -> list[tuple[str, str, str, str]]:
    """Create the demo; return its logins as (agency, role, e-mail, password) rows. The
    operator (a superuser) gets the demo password only with ``operator_password``."""
    logins = []
    with scopes_disabled():
        regions = {
            spec["slug"]: Region.objects.get_or_create(
                slug=spec["slug"], defaults={k: v for k, v in spec.items() if k != "slug"}
            )[0]
            for spec in REGIONS
        }
        agencies = {}
        for spec in AGENCIES:
            fields = {
                k: v
                for k, v in spec.items()
                if k not in {"slug", "region", "units", "partners", "people"}
            }
            agency, _ = Agency.objects.get_or_create(
                slug=spec["slug"], defaults={"region": regions[spec["region"]], **fields}
            )
            agencies[agency.slug] = agency
            units = {
                name: Unit.objects.get_or_create(agency=agency, name=name, defaults={"kind": kind})[
                    0
                ]
                for name, kind in spec["units"]
            }
            for name, kind, mou, start, end in spec["partners"]:
                Partner.objects.get_or_create(
                    agency=agency,
                    name=name,
                    defaults={
                        "kind": kind,
                        "mou_reference": mou,
                        "mou_start": start,
                        "mou_end": end,
                    },
                )
            for local_part, full_name, role, unit_name in spec["people"]:
                user = _user(local_part, full_name)
                Membership.objects.get_or_create(
                    user=user,
                    agency=agency,
                    defaults={"role": role, "unit": units.get(unit_name)},
                )
                logins.append((agency.name, Role(role).label, user.email, DEMO_PASSWORD))
        for local_part, full_name, places in SHARED_PEOPLE:
            user = _user(local_part, full_name)
            for slug, role in places:
                Membership.objects.get_or_create(
                    user=user, agency=agencies[slug], defaults={"role": role}
                )
            logins.append(
                (
                    " + ".join(agencies[s].name for s, _ in places),
                    Role(places[0][1]).label,
                    user.email,
                    DEMO_PASSWORD,
                )
            )
        operator = _user("operator", "Portal operator", operator=True, password=operator_password)
        logins.append(
            (
                "—",
                "Portal operator (admin site)",
                operator.email,
                DEMO_PASSWORD if operator_password else "",
            )
        )
    return logins
