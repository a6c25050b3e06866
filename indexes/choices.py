"""The fixed vocabularies of the innovation index workbench."""

from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = [(0, _("Not met (0)")), (1, _("Level 1")), (2, _("Level 2")), (3, _("Level 3"))]


class Aspect(models.TextChoices):
    PEMDA = "pemda", _("Regional government (Satuan Pemerintah Daerah)")
    INNOVATION = "innovation", _("Per innovation (Satuan Inovasi Daerah)")


class Derivation(models.TextChoices):
    """Which registry fact proposes a level for a per-innovation indicator
    (see indexes.derivation); the thresholds live in the indicator's ``cuts``."""

    NONE = "", _("None: entered by hand")
    REGULATION = "regulation", _("Regulation evidence or the tracker's (SK, Perkada, Perda)")
    BUDGET = "budget", _("Years a budget line funds it (pelembagaan tracker)")
    STAFF = "staff", _("Team size")
    DIGITAL = "digital", _("Digital or not")
    ACTORS = "actors", _("Partners involved")
    AGENCIES = "agencies", _("Government agencies involved")
    DISSEMINATION = "dissemination", _("Dissemination evidence")
    REPLICATION = "replication", _("Replications in other regions")
    SPEED = "speed", _("Months from idea to trial")
    BENEFICIARIES = "beneficiaries", _("Beneficiaries in the impact indicators")
    MONITORING = "monitoring", _("Monitoring visits and surveys")
    VIDEO = "video", _("Video evidence")


class Source(models.TextChoices):
    """Where a per-innovation level comes from, weakest first."""

    NONE = "none", _("Not assessed")
    PROPOSED = "proposed", _("Proposed from the registry")
    CONFIRMED = "confirmed", _("Confirmed by the agency")
    VERIFIED = "verified", _("Verified by Bappeda")


# The background job kinds indexes registers (indexes.apps, jobs.kinds).
BRIEF_JOB = "index_brief"
WORKBOOK_JOB = "index_workbook"
PACK_JOB = "index_pack"
