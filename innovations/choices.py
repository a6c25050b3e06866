"""The registry's fixed vocabularies, from Permen PANRB 30/2014, PP 38/2017 and the national
innovation-index application (shared/IID.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    COACHING = "coaching", _("In coaching")
    SUSTAINED = "sustained", _("Sustained")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DISCONTINUED = "discontinued", _("Discontinued")
    ARCHIVED = "archived", _("Archived")


class Phase(models.TextChoices):
    """LAN's 5D coaching method."""

    DRUM_UP = "drum_up", _("Drum-up")
    DIAGNOSE = "diagnose", _("Diagnose")
    DESIGN = "design", _("Design")
    DELIVER = "deliver", _("Deliver")
    DISPLAY = "display", _("Display")


class Maturity(models.TextChoices):
    """Tahapan inovasi."""

    INITIATIVE = "inisiatif", _("Initiative (inisiatif)")
    TRIAL = "uji_coba", _("Trial (uji coba)")
    IMPLEMENTED = "penerapan", _("Implemented (penerapan)")


class Initiator(models.TextChoices):
    HEAD_OF_REGION = "kepala_daerah", _("Head of region (kepala daerah)")
    DPRD = "dprd", _("DPRD member")
    AGENCY = "perangkat_daerah", _("Regional agency (perangkat daerah)")
    ASN = "asn", _("Civil servant (ASN)")
    PUBLIC = "masyarakat", _("The public (masyarakat)")


class TargetDocument(models.TextChoices):
    SPM = "spm", _("Minimum service standard (SPM)")
    RENSTRA = "renstra", _("Strategic / work plan (Renstra/Renja)")
    RPJMD = "rpjmd", _("Regional mid-term plan (RPJMD)")
    OTHER = "other", _("Other")


class Form(models.TextChoices):
    NEW = "new", _("Wholly new")
    ADAPTATION = "adaptation", _("Adaptation")
    MODIFICATION = "modification", _("Modification")
    ADOPTION = "adoption", _("Adoption from elsewhere")


class BenefitType(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")


class Scope(models.TextChoices):
    """Bentuk inovasi daerah."""

    GOVERNANCE = "governance", _("Regional governance (tata kelola pemerintahan)")
    PUBLIC_SERVICE = "public_service", _("Public service (pelayanan publik)")
    OTHER = "other", _("Other regional matter within the region's authority")


class Theme(models.TextChoices):
    """Tematik (2023 edition)."""

    DIGITAL_SERVICES = "digitalisation", _("Digitalisation of government services")
    POVERTY = "poverty", _("Poverty reduction")
    INVESTMENT = "investment", _("Ease of investment")
    PRESIDENTIAL = "presidential", _("The president's current priorities")
    NONE = "none", _("Not thematic")


class ReplicationForm(models.TextChoices):
    ADOPTION = "adopsi", _("Adoption (adopsi)")
    ADAPTATION = "adaptasi", _("Adaptation (adaptasi)")
    MODIFICATION = "modifikasi", _("Modification (modifikasi)")


# Urusan pemerintahan, in the order of the 2023 national application (shared/IID.md §3).
URUSAN = [
    ("pendidikan", _("Education")),
    ("kesehatan", _("Health")),
    ("pupr", _("Public works and spatial planning")),
    ("perumahan", _("Public housing and settlements")),
    ("trantibum", _("Public order, safety and community protection")),
    ("sosial", _("Social affairs")),
    ("tenaga_kerja", _("Labour")),
    ("pppa", _("Women's empowerment and child protection")),
    ("pangan", _("Food")),
    ("pertanahan", _("Land")),
    ("lingkungan_hidup", _("Environment")),
    ("adminduk", _("Population administration and civil registry")),
    ("pmd", _("Village community empowerment")),
    ("ppkb", _("Population control and family planning")),
    ("perhubungan", _("Transport")),
    ("kominfo", _("Communication and informatics")),
    ("kukm", _("Cooperatives and small businesses")),
    ("penanaman_modal", _("Investment")),
    ("kepemudaan_olahraga", _("Youth and sports")),
    ("statistik", _("Statistics")),
    ("persandian", _("Encryption")),
    ("kebudayaan", _("Culture")),
    ("perpustakaan", _("Libraries")),
    ("kearsipan", _("Archives")),
    ("kelautan_perikanan", _("Marine affairs and fisheries")),
    ("pariwisata", _("Tourism")),
    ("pertanian", _("Agriculture")),
    ("kehutanan", _("Forestry")),
    ("esdm", _("Energy and mineral resources")),
    ("perdagangan", _("Trade")),
    ("perindustrian", _("Industry")),
    ("transmigrasi", _("Transmigration")),
    ("perencanaan", _("Planning")),
    ("keuangan", _("Finance")),
    ("kepegawaian", _("Civil service")),
    ("diklat", _("Education and training")),
    ("litbang", _("Research and development")),
    ("lainnya", _("Other functions under the law")),
]

# The same affairs grouped as UU 23/2014 groups them, so that a form can show 38 of them
# in four short lists: the six basic services first (the index counts their coverage).
URUSAN_GROUPS = [
    (
        _("Mandatory, basic services"),
        ["pendidikan", "kesehatan", "pupr", "perumahan", "trantibum", "sosial"],
    ),
    (
        _("Mandatory, other"),
        [
            "tenaga_kerja", "pppa", "pangan", "pertanahan", "lingkungan_hidup", "adminduk",
            "pmd", "ppkb", "perhubungan", "kominfo", "kukm", "penanaman_modal",
            "kepemudaan_olahraga", "statistik", "persandian", "kebudayaan", "perpustakaan",
            "kearsipan",
        ],
    ),
    (
        _("Optional affairs"),
        [
            "kelautan_perikanan", "pariwisata", "pertanian", "kehutanan", "esdm", "perdagangan",
            "perindustrian", "transmigrasi",
        ],
    ),
    (
        _("Supporting functions"),
        ["perencanaan", "keuangan", "kepegawaian", "diklat", "litbang", "lainnya"],
    ),
]  # fmt: skip


def urusan_grouped() -> list[tuple]:
    """URUSAN as grouped choices (for optgroups and grouped checkboxes)."""
    labels = dict(URUSAN)
    return [(group, [(code, labels[code]) for code in codes]) for group, codes in URUSAN_GROUPS]


SDGS = [
    (1, _("1 No poverty")),
    (2, _("2 Zero hunger")),
    (3, _("3 Good health and well-being")),
    (4, _("4 Quality education")),
    (5, _("5 Gender equality")),
    (6, _("6 Clean water and sanitation")),
    (7, _("7 Affordable and clean energy")),
    (8, _("8 Decent work and economic growth")),
    (9, _("9 Industry, innovation and infrastructure")),
    (10, _("10 Reduced inequalities")),
    (11, _("11 Sustainable cities and communities")),
    (12, _("12 Responsible consumption and production")),
    (13, _("13 Climate action")),
    (14, _("14 Life below water")),
    (15, _("15 Life on land")),
    (16, _("16 Peace, justice and strong institutions")),
    (17, _("17 Partnerships for the goals")),
]


class EvidenceKind(models.TextChoices):
    REGULATION = "regulation", _("Decree / regulation (SK, Perkada, Perda)")
    SOP = "sop", _("SOP")
    REPORT = "report", _("Report")
    DATA = "data", _("Before/after data")
    PHOTO = "photo", _("Photo")
    MEDIA = "media", _("Media coverage")
    VIDEO = "video", _("Video link")


class CheckInStatus(models.TextChoices):
    RUNNING = "running", _("Still running")
    STALLED = "stalled", _("Stalled")
    STOPPED = "stopped", _("Stopped")


# The kinds of background job the registry registers (innovations.apps, jobs.kinds).
IMPORT_CHECK_JOB = "innovation_import_check"
IMPORT_JOB = "innovation_import"
EXPORT_JOB = "registry_export"
