"""The innovation registry: an idea, its team, its evidence, its monitoring and its lineage.

Every row carries its agency and is scoped (django-scopes). An innovation may name an
origin in another agency or region (replication): that link is the one cross-agency
reference, read only through the catalogue's published innovations.
"""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinics.models import Agency, Partner, Unit
from innovations.choices import (
    URUSAN,
    BenefitType,
    CheckInStatus,
    EvidenceKind,
    Form,
    Initiator,
    Maturity,
    Phase,
    ReplicationForm,
    Scope,
    Status,
    TargetDocument,
    Theme,
)

DESIGN_MIN_WORDS = 300  # the national innovation index asks for at least 300 words


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", text or ""))


class Innovation(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="innovations"
    )
    # The idea
    name = models.CharField(_("name"), max_length=240)
    brand_name = models.CharField(
        _("short brand name"), max_length=60, blank=True, help_text=_("e.g. JEDAR SASKIA")
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innovations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="authored_innovations",
    )
    initiator = models.CharField(
        _("initiator"), max_length=20, choices=Initiator.choices, default=Initiator.ASN
    )
    problem = models.TextField(_("the problem"), blank=True)
    target_document = models.CharField(
        _("target it serves"), max_length=10, choices=TargetDocument.choices, blank=True
    )
    target_detail = models.CharField(
        _("which target"),
        max_length=240,
        blank=True,
        help_text=_("e.g. SPM Kesehatan: persalinan di fasilitas kesehatan"),
    )
    beneficiaries = models.TextField(_("beneficiaries"), blank=True)
    design = models.TextField(
        _("design and main changes (rancang bangun)"),
        blank=True,
        help_text=_("The national innovation index asks for at least 300 words."),
    )
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, default=Form.NEW)
    benefit_type = models.CharField(
        _("benefit type"), max_length=16, choices=BenefitType.choices, default=BenefitType.SERVICES
    )
    scope = models.CharField(
        _("scope"), max_length=16, choices=Scope.choices, default=Scope.PUBLIC_SERVICE
    )
    urusan = models.CharField(
        _("main government affair (urusan)"), max_length=24, choices=URUSAN, blank=True
    )
    other_urusan = models.JSONField(_("other affairs"), default=list, blank=True)
    theme = models.CharField(
        _("theme (tematik)"), max_length=16, choices=Theme.choices, default=Theme.NONE
    )
    is_digital = models.BooleanField(_("digital"), default=False)
    goals = models.TextField(_("goals"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    results = models.TextField(_("results (hasil)"), blank=True)
    resources_facilities = models.TextField(_("facilities needed"), blank=True)
    resources_budget = models.TextField(_("budget needed"), blank=True)
    resources_people = models.TextField(_("people needed"), blank=True)
    sdgs = models.JSONField(_("SDG goals"), default=list, blank=True)
    trial_start = models.DateField(_("trial start"), null=True, blank=True)
    implementation_start = models.DateField(_("implementation start"), null=True, blank=True)
    last_developed_on = models.DateField(
        _("latest development"),
        null=True,
        blank=True,
        help_text=_(
            "When the innovation was last developed further (pengembangan terbaru); the "
            "innovation index also counts innovations developed inside its window."
        ),
    )
    # Replication lineage
    origin = models.ForeignKey(
        "self",
        verbose_name=_("replicated from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
    )
    origin_external_name = models.CharField(_("outside innovation"), max_length=240, blank=True)
    origin_external_source = models.CharField(
        _("where it comes from"),
        max_length=240,
        blank=True,
        help_text=_("The agency and region, or a link to where it is described."),
    )
    replication_form = models.CharField(
        _("replication form"), max_length=12, choices=ReplicationForm.choices, blank=True
    )
    # Lifecycle
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    phase = models.CharField(_("5D phase"), max_length=12, choices=Phase.choices, blank=True)
    maturity = models.CharField(
        _("maturity"), max_length=12, choices=Maturity.choices, default=Maturity.INITIATIVE
    )
    is_published = models.BooleanField(_("published in the catalogue"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("innovation")
        verbose_name_plural = _("innovations")
        indexes = [
            models.Index(fields=["agency", "status", "-created_at"], name="inno_agency_status"),
            models.Index(fields=["agency", "-created_at"], name="inno_agency_recent"),
            models.Index(fields=["is_published", "-created_at"], name="inno_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(origin=models.F("id")),
                name="innovation_not_its_own_origin",
            ),
        ]

    def __str__(self):
        return self.brand_name or self.name

    @property
    def design_words(self) -> int:
        return word_count(self.design)

    @property
    def team_user_ids(self) -> set[int]:
        """Co-authors' user ids; load ``team`` with selectors.with_team() first."""
        if not hasattr(self, "_team_user_ids"):
            self._team_user_ids = {member.user_id for member in self.team.all()}
        return self._team_user_ids

    @team_user_ids.setter
    def team_user_ids(self, value: set[int]) -> None:
        self._team_user_ids = value


class TeamMember(models.Model):
    """A co-author: same rights over the innovation as its author."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="innovation_teams"
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["innovation", "user"], name="team_member_once")
        ]

    def __str__(self):
        return str(self.user)


class InnovationPartner(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(
        Innovation, on_delete=models.CASCADE, related_name="partner_links"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(agency="agency")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["innovation", "partner"], name="partner_once")
        ]

    def __str__(self):
        return str(self.partner)


class ImpactIndicator(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["id"]
        verbose_name = _("impact indicator")

    def __str__(self):
        return self.name


class Measurement(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        ImpactIndicator, on_delete=models.CASCADE, related_name="measurements"
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=200, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["measured_on", "id"]

    def __str__(self):
        return f"{self.value} ({self.measured_on})"


def evidence_path(instance, filename):
    return f"evidence/{instance.agency_id}/{instance.innovation_id}/{filename}"

    def __str__(self):
        return f"{self.value} ({self.measured_on})"


class CurrentEvidence(models.Manager):
    """The evidence in the locker: what has not been withdrawn."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Evidence(models.Model):
    """A document, photo or video link proving what an innovation did. Stored once; a
    competition dossier refers to it rather than uploading it again.

    Evidence can be replaced or withdrawn (``services.evidence_replace`` and
    ``evidence_withdraw``). One a dossier already holds is kept for the record: marked
    withdrawn (and replaced by its successor), its file stays. ``Evidence.objects`` and
    ``innovation.evidence`` show only the locker; the dossier still reaches what it holds
    (a foreign key reads through the base manager), and ``Evidence.records`` reaches all.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=EvidenceKind.choices)
    dated = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    link = models.URLField(_("video link"), blank=True)
    is_public = models.BooleanField(
        _("show in the catalogue"),
        default=False,
        help_text=_("Other agencies may see it once the innovation is published."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ScopedManager(CurrentEvidence, agency="agency")
    records = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-dated", "-created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(link=""))
                | (~models.Q(file="") & models.Q(link="")),
                name="evidence_is_a_file_or_a_link",
            )
        ]

    def __str__(self):
        return self.title


class MonitoringVisit(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="visits")
    planned_on = models.DateField(_("planned for"))
    instrument = models.CharField(
        _("instrument"), max_length=200, help_text=_("e.g. observation checklist, user survey")
    )
    findings = models.TextField(_("findings"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-planned_on"]

    def __str__(self):
        return f"{self.instrument} ({self.planned_on})"


class FollowUpAction(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="innovation_actions",
    )
    due_on = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["done_at", "due_on"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="action_owner_due")]

    def __str__(self):
        return self.description


class SustainabilityCheckIn(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="checkins")
    status = models.CharField(_("status"), max_length=10, choices=CheckInStatus.choices)
    note = models.TextField(_("note"), blank=True)
    checked_on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.get_status_display()} ({self.checked_on})"


class Target(models.Model):
    """How many new innovations the agency (or one of its units) aims for in a year."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(_("new innovations"))

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=models.Q(unit__isnull=True),
                name="target_once_per_agency_year",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "unit"],
                condition=models.Q(unit__isnull=False),
                name="target_once_per_unit_year",
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.count}"


class RegionalTarget(models.Model):
    """How many new innovations the region's coordinators ask of one agency in a year (the
    region's "one agency, three innovations"). The row is the agency's (it reads it on its
    targets page); only the region's coordinators set it (``services.regional_target_set``)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveSmallIntegerField(_("new innovations"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set"), auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-year", "agency__name"]
        verbose_name = _("regional target")
        verbose_name_plural = _("regional targets")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="regional_target_once_a_year")
        ]

    def __str__(self):
        return f"{self.agency} {self.year}: {self.count}"


def import_path(instance, filename):
    return f"imports/{instance.agency_id}/{filename}"


class ImportBatch(models.Model):
    """A spreadsheet of innovations uploaded for one agency (by its admin, or by a
    coordinator of its region): checked in the background into ``ImportRow`` rows, shown
    as a preview, then imported all at once or not at all (``services.batch_import``).

    The batch is the agency's: its innovations will be. ``requested_from`` says from which
    agency it was asked (the agency itself, or its coordinator)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    requested_from = models.ForeignKey(
        Agency, verbose_name=_("uploaded from"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.FileField(upload_to=import_path, max_length=300)
    original_name = models.CharField(_("file"), max_length=255)
    file_kind = models.CharField(max_length=4)  # xlsx or csv
    year = models.PositiveSmallIntegerField(
        _("year of the list"),
        help_text=_("Rows without a trial or implementation date count in this year."),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # What the check found (set by the check job).
    checked_at = models.DateTimeField(null=True, blank=True)
    columns = models.JSONField(default=dict, blank=True)  # read, ignored and missing columns
    file_problems = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    known_count = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    # What the import did.
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    imported_count = models.PositiveIntegerField(default=0)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def importable(self) -> bool:
        """Checked, with no problem anywhere and something new to import."""
        return (
            self.checked_at is not None
            and self.imported_at is None
            and not self.file_problems
            and self.problem_count == 0
            and self.new_count > 0
        )


class ImportRow(models.Model):
    """One row of an uploaded spreadsheet as the check read it: its values as the registry
    will store them, its problems (English source text and parameters, shown in the
    reader's language) and what became of it."""

    class Outcome(models.TextChoices):
        NEW = "new", _("New")
        KNOWN = "known", _("Already in the registry")
        REPEATED = "repeated", _("Repeats an earlier row")
        PROBLEM = "problem", _("Has problems")

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("row"))
    name = models.CharField(_("name"), max_length=240, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    values = models.JSONField(default=dict)
    problems = models.JSONField(default=list, blank=True)
    note = models.JSONField(default=dict, blank=True)  # e.g. the earlier row it repeats
    innovation = models.ForeignKey(
        Innovation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_once")]
        indexes = [models.Index(fields=["batch", "outcome", "number"], name="import_rows")]

    def __str__(self):
        return f"{self.number}: {self.name}"
