"""Competitions, their rules and the dossiers agencies enter (their portfolios and regional
exports are jobs of the ``jobs`` app, of the kinds registered in ``competitions.apps``).

A competition is kept by the region's coordinating agency (``agency`` is the keeper): it
copies KIPP, PKRI or IGA from a template, or runs an internal one, and every agency of the
region enters it. A dossier belongs to the entering agency; its sections, documents,
comments, scores and stage outcomes carry that agency too.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinics.models import Agency
from competitions.choices import (
    CategoryRule,
    CompetitionKind,
    DossierStatus,
    Prefill,
    Result,
    StageKind,
)
from innovations.choices import EvidenceKind
from innovations.models import Evidence, Innovation, word_count


class Competition(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("kept by"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=CompetitionKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    organiser = models.CharField(_("organiser"), max_length=200)
    group = models.CharField(
        _("group"), max_length=120, blank=True, help_text=_("e.g. Kabupaten, Kota, Provinsi.")
    )
    description = models.TextField(_("description"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    results_published = models.BooleanField(_("results published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name", "year"],
                name="one_competition_per_name_and_year",
                violation_error_message=_("This region already keeps that competition."),
            )
        ]

    def __str__(self):
        return f"{self.name} {self.year}"


class Category(models.Model):
    """A category (or the single general one) with its own rules, sections and documents."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("name"), max_length=160)
    rule = models.CharField(
        _("eligibility rule"),
        max_length=16,
        choices=CategoryRule.choices,
        default=CategoryRule.GENERAL,
    )
    min_age_months = models.PositiveSmallIntegerField(
        _("minimum months since implementation"), default=24
    )
    min_age_months_replication = models.PositiveSmallIntegerField(
        _("minimum months since implementation for a replication"), default=12
    )
    quota_per_agency = models.PositiveSmallIntegerField(
        _("entries per agency"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    requires_sdg = models.BooleanField(_("an SDG goal is required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Section(models.Model):
    """A section of the dossier; its weight is the assessment criterion's weight."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    weight_estimated = models.BooleanField(
        _("the weight is an estimate"),
        default=False,
        help_text=_("The organiser has not published it: shown as an estimate (perkiraan)."),
    )
    prefill = models.CharField(
        _("pre-filled from"), max_length=16, choices=Prefill.choices, blank=True
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class RequiredDocument(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("document"), max_length=200)
    kind = models.CharField(
        _("evidence kind"),
        max_length=12,
        choices=EvidenceKind.choices,
        blank=True,
        help_text=_("Empty: any kind of evidence."),
    )
    mandatory = models.BooleanField(_("mandatory"), default=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self):
        return self.title


class Stage(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="stages")
    kind = models.CharField(_("stage"), max_length=16, choices=StageKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="one_stage_of_a_kind"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="stage_ends_after_it_starts",
                violation_error_message=_("A stage cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()


class Dossier(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    innovation = models.ForeignKey(
        Innovation,
        verbose_name=_("innovation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        help_text=_("Empty for a coordinating-government entry (Instansi Pembina)."),
    )
    title = models.CharField(_("title"), max_length=240)
    status = models.CharField(
        _("status"), max_length=12, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("current stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    announcement_ref = models.CharField(
        _("announcement reference"),
        max_length=120,
        blank=True,
        help_text=_("e.g. B/536/00.95/2024"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "innovation"],
                condition=~models.Q(status="withdrawn"),
                name="one_dossier_per_innovation_and_category",
                violation_error_message=_("This innovation is already entered in the category."),
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="dossier_agency_status")]

    def __str__(self):
        return self.title


class DossierSection(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["section__order", "section_id"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "section"], name="one_text_per_section")
        ]

    def __str__(self):
        return str(self.section)

    @property
    def words(self) -> int:
        return word_count(self.text)


class DossierDocument(models.Model):
    """A document of the dossier: a pointer into the innovation's evidence locker or, for
    the coordinating government's own entry (Instansi Pembina), into the region's evidence
    locker (the index workbench's) or to a regulation of the pelembagaan tracker."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(RequiredDocument, on_delete=models.CASCADE, related_name="+")
    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region_evidence = models.ForeignKey(
        "indexes.RegionEvidence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    regulation = models.ForeignKey(
        "pelembagaan.Regulation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["requirement__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "requirement", "evidence"], name="evidence_once_per_document"
            ),
            models.UniqueConstraint(
                fields=["dossier", "requirement", "region_evidence"],
                name="region_evidence_once_per_document",
            ),
            models.UniqueConstraint(
                fields=["dossier", "requirement", "regulation"],
                name="regulation_once_per_document",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    evidence__isnull=False, region_evidence__isnull=True, regulation__isnull=True
                )
                | models.Q(
                    evidence__isnull=True, region_evidence__isnull=False, regulation__isnull=True
                )
                | models.Q(
                    evidence__isnull=True, region_evidence__isnull=True, regulation__isnull=False
                ),
                name="document_points_at_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.requirement}: {self.document}"

    @property
    def document(self):
        """What it points at: the innovation's evidence, the region's, or a regulation."""
        return self.evidence or self.region_evidence or self.regulation


class SectionComment(models.Model):
    """A facilitator's review comment on one section, open until resolved."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="comments")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class CriterionScore(models.Model):
    """A score (0–100) of one section of a dossier, the section's weight being its
    criterion's; a practice score (MockScore) or a juror's (JuryScore)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    scored_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.section}: {self.score}"


class MockScore(CriterionScore):
    """A facilitator's practice score, weighted like the jury's, kept with the dossier."""

    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "section", "scorer"], name="one_mock_score_per_scorer"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="mock_score_max_100"),
        ]


class StageOutcome(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="outcomes")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["stage__starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "stage"], name="one_outcome_per_stage")
        ]

    def __str__(self):
        return f"{self.stage}: {self.passed}"


class Juror(models.Model):
    """A member of the keeping agency appointed to judge an internal competition."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "user"],
                name="juror_once_per_competition",
                violation_error_message=_("This person is already a juror."),
            )
        ]

    def __str__(self):
        return str(self.user)


class JuryScore(CriterionScore):
    """A juror's score. Kept with the keeping agency, so the entrants' own pages never
    read it; they see the total once results are published."""

    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "section", "juror"], name="one_jury_score_per_juror"
            ),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="jury_score_max_100"),
        ]


class CategoryList(models.Model):
    """An innovation of the region on one of a category's lists kept by the region's
    coordinators, with who put it there and when."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(
        Innovation, verbose_name=_("innovation"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        abstract = True
        ordering = ["added_at", "pk"]

    def __str__(self):
        return str(self.innovation)


class Candidate(CategoryList):
    """An innovation the coordinators shortlist for a category: to coach towards an entry,
    before its agency enters it."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="candidates")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(CategoryList.Meta):
        verbose_name = _("shortlisted candidate")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "innovation"], name="candidate_once_per_category"
            )
        ]


class CategoryInvitation(CategoryList):
    """An innovation the organiser invited to a category entered by invitation only (PKRI's
    Keberlanjutan: former Top 99/45 winners), as the coordinators recorded the season's
    list. With a list recorded, an innovation not on it is not eligible."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="invitations")
    award = models.CharField(
        _("earlier award"), max_length=120, blank=True, help_text=_("e.g. Top 45 KIPP 2022")
    )
    letter = models.CharField(
        _("invitation letter"),
        max_length=120,
        blank=True,
        help_text=_("The organiser's letter, its number and date."),
    )

    class Meta(CategoryList.Meta):
        verbose_name = _("invitation to a category")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "innovation"],
                name="invited_once_per_category",
                violation_error_message=_("This innovation is already on the invitation list."),
            )
        ]


class PembinaWorksheet(models.Model):
    """The Instansi Pembina entry's figures as the coordinator checked them
    (``competitions.pembina``): each figure's value, counted by the portal or corrected,
    a note per aspect, and what was last frozen into the dossier's sections."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="worksheet")
    values = models.JSONField(default=dict)  # figure key → value, as a decimal string
    notes = models.JSONField(default=dict)  # aspect → text
    frozen = models.JSONField(default=dict)  # the values last frozen into the sections
    frozen_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    def __str__(self):
        return str(self.dossier)
