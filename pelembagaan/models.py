"""The region's pelembagaan: regulations on innovation and budget lines.

Both are kept by the region's coordinating agency (``agency`` is the keeper), like its
competitions and its index assessment: a regulation names the innovations and agencies
it covers, and a budget line the agency whose budget holds it (and the innovation, when
it funds one). They are read across the region only through ``pelembagaan.selectors``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinics.models import Agency
from innovations.models import Innovation
from pelembagaan.choices import BudgetSource, RegulationKind, RegulationStatus


def regulation_path(instance, filename):
    return f"pelembagaan/{instance.agency_id}/regulasi/{filename}"


def budget_path(instance, filename):
    return f"pelembagaan/{instance.agency_id}/anggaran/{filename}"


class Document(models.Model):
    """A file stored through the storage API (checked by ``clinics.uploads`` at upload),
    served under the name it was uploaded with. Each model says where its files go."""

    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        abstract = True


class Regulation(Document):
    file = models.FileField(
        _("signed document"), upload_to=regulation_path, blank=True, max_length=300
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("kept by"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RegulationKind.choices)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_("e.g. Peraturan Bupati Bantaeng tentang Inovasi Daerah"),
    )
    number = models.CharField(
        _("number"), max_length=120, blank=True, help_text=_("e.g. Nomor 23 Tahun 2023")
    )
    enacted_on = models.DateField(_("date of enactment"), null=True, blank=True)
    disseminated_on = models.DateField(_("disseminated on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegulationStatus.choices,
        default=RegulationStatus.DRAFT,
    )
    innovations = models.ManyToManyField(
        Innovation,
        verbose_name=_("innovations it names"),
        through="CoveredInnovation",
        related_name="+",
        blank=True,
    )
    agencies = models.ManyToManyField(
        Agency,
        verbose_name=_("agencies it covers"),
        through="CoveredAgency",
        through_fields=("regulation", "covered"),
        related_name="+",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("regulation")
        verbose_name_plural = _("regulations")
        indexes = [models.Index(fields=["agency", "status"], name="regulation_agency_status")]

    def __str__(self):
        return self.title


class Coverage(models.Model):
    """What a regulation covers, kept with the regulation."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    regulation = models.ForeignKey(Regulation, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(agency="agency")

    class Meta:
        abstract = True


class CoveredInnovation(Coverage):
    """An innovation a regulation names (the index counts a regulation for an innovation
    only when it names it)."""

    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "innovation"], name="regulation_names_innovation_once"
            )
        ]

    def __str__(self):
        return str(self.innovation)


class CoveredAgency(Coverage):
    covered = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "covered"], name="regulation_covers_agency_once"
            )
        ]

    def __str__(self):
        return str(self.covered)


class BudgetLine(Document):
    """One line of a year's budget for innovation: its source, the agency whose budget
    holds it, the innovation it funds (if one), the amount and what was spent."""

    file = models.FileField(_("budget document"), upload_to=budget_path, blank=True, max_length=300)
    agency = models.ForeignKey(
        Agency, verbose_name=_("kept by"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("source"), max_length=16, choices=BudgetSource.choices)
    source_detail = models.CharField(
        _("which source"), max_length=160, blank=True, help_text=_("e.g. DAK, CSR, a grant")
    )
    activity = models.CharField(
        _("programme or activity"),
        max_length=300,
        help_text=_("As written in the budget document (DPA)."),
    )
    holder = models.ForeignKey(
        Agency,
        verbose_name=_("agency whose budget holds it"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation it funds"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    realised = models.DecimalField(
        _("realised (Rp)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    # What a coordinator records and edits (the audit row compares them).
    EDITABLE_FIELDS = [
        "year",
        "source",
        "source_detail",
        "activity",
        "holder",
        "innovation",
        "amount",
        "realised",
    ]

    class Meta:
        ordering = ["-year", "source", "activity", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["agency", "year"], name="budget_agency_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(realised__isnull=True)
                | models.Q(realised__lte=models.F("amount")),
                name="budget_realised_within_amount",
                violation_error_message=_("What was spent cannot exceed the amount."),
            )
        ]

    def __str__(self):
        return f"{self.year} · {self.activity}"
