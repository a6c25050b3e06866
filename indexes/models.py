"""The regional innovation index (Indeks Inovasi Daerah, IID) as data.

An ``Edition`` holds one year's rules: its indicators with weights, level wordings and
thresholds, the divisor, the count-of-innovations rule and the rating bands. Editions
shipped with the portal (``agency`` empty) are loaded by ``manage.py load_editions``; a
region's coordinating agency copies one and edits it for a new year. Nothing in the code
names a threshold: it reads them from here.

A region's ``Assessment`` (one per season) is kept by its coordinating agency. The pemda
part is answered there (``PemdaAnswer`` with ``RegionEvidence``); each innovation's
confirmed levels (``InnovationAnswer``) belong to the innovation's own agency.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from clinics.models import Agency
from indexes.choices import LEVELS, Aspect, Derivation
from innovations.choices import EvidenceKind
from innovations.models import Evidence, Innovation

YEAR_WINDOW = re.compile(r"T-(\d+)(?:\s*\.\.\s*T-(\d+))?")


def validate_evidence_kinds(value) -> None:
    known = set(EvidenceKind.values)
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(
            _("Give a list of evidence kinds among: %(kinds)s."),
            params={"kinds": ", ".join(sorted(known))},
        )


def validate_cuts(value) -> None:
    if value in (None, []):
        return
    if (
        not isinstance(value, list)
        or len(value) != 3
        or not all(v is None or isinstance(v, int | float) for v in value)
    ):
        raise ValidationError(
            _("Give three numbers, the threshold of levels 1, 2 and 3 (empty for none).")
        )


class Edition(models.Model):
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("kept by"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="index_editions",
        help_text=_("Empty for an edition shipped with the portal."),
    )
    code = models.SlugField(_("code"), max_length=40)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField(_("name"), max_length=200)
    source = models.TextField(_("source reference"), blank=True)
    provenance = models.TextField(_("provenance and gaps"), blank=True)
    divisor_floor = models.PositiveSmallIntegerField(
        _("divisor floor"),
        validators=[MinValueValidator(1)],
        help_text=_("The per-innovation sum is divided by MAX(floor, number of innovations)."),
    )
    max_total = models.DecimalField(
        _("maximum total score"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    count_points_each = models.DecimalField(
        _("points per innovation counted"), max_digits=6, decimal_places=3, default=0
    )
    count_cap = models.PositiveIntegerField(_("innovations counted at most"), default=0)
    count_urusan = models.JSONField(
        _("basic-service affairs (urusan) the count requires"), default=list, blank=True
    )
    count_urusan_min = models.PositiveSmallIntegerField(
        _("of which at least"), default=0, help_text=_("0: the count has no urusan condition.")
    )
    window_start = models.DateField(_("innovations implemented from"), null=True, blank=True)
    window_end = models.DateField(_("until"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Shipped editions have no agency: read them through indexes.selectors, and load them
    # through indexes.editions, both named channels.
    objects = ScopedManager(agency="agency")

    # The edition's own rules: what a copy takes over and a coordinator edits.
    RULE_FIELDS = [
        "source",
        "provenance",
        "divisor_floor",
        "max_total",
        "count_points_each",
        "count_cap",
        "count_urusan",
        "count_urusan_min",
        "window_start",
        "window_end",
    ]

    class Meta:
        ordering = ["-year", "name", "pk"]
        verbose_name = _("index edition")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(agency=None), name="edition_shipped_once"
            ),
            models.UniqueConstraint(fields=["agency", "code"], name="edition_code_per_agency"),
        ]

    def __str__(self):
        return self.name


class Band(models.Model):
    """A rating: an IID at or above ``minimum`` (and below the next band) earns it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="bands")
    name = models.CharField(_("rating"), max_length=80)
    minimum = models.DecimalField(
        _("from IID"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "minimum"], name="band_minimum_once")
        ]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="indicators")
    number = models.CharField(_("number"), max_length=8)
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("indicator"), max_length=200)
    gloss = models.CharField(_("in English"), max_length=200, blank=True)
    aspect = models.CharField(_("aspect"), max_length=12, choices=Aspect.choices)
    variable = models.CharField(_("variable"), max_length=80)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    mandatory = models.BooleanField(_("mandatory"), default=False)
    evidence = models.TextField(_("required evidence"), blank=True)
    file_types = models.CharField(_("file types"), max_length=80, blank=True)
    evidence_kinds = models.JSONField(
        _("kinds of evidence that back it"),
        default=list,
        blank=True,
        validators=[validate_evidence_kinds],
        help_text=_("An innovation's document of another kind counts 0 when strict."),
    )
    year_window = models.CharField(
        _("evidence years"),
        max_length=40,
        blank=True,
        help_text=_(
            "e.g. T-2..T-0, T-0 being the season's year; "
            "evidence dated outside counts 0 when strict."
        ),
    )
    provenance = models.CharField(_("provenance"), max_length=300, blank=True)
    derivation = models.CharField(
        _("proposed from"), max_length=16, choices=Derivation.choices, blank=True
    )
    cuts = models.JSONField(
        _("thresholds"),
        default=list,
        blank=True,
        validators=[validate_cuts],
        help_text=_(
            "For a proposal: the value from which levels 1, 2 and 3 are reached "
            "(or, when lower is better, up to which)."
        ),
    )
    lower_is_better = models.BooleanField(_("lower is better"), default=False)

    # What a coordinator edits in a copy (the number, order and aspect stay).
    EDITABLE_FIELDS = [
        "name",
        "gloss",
        "variable",
        "weight",
        "level_1",
        "level_2",
        "level_3",
        "mandatory",
        "evidence",
        "file_types",
        "evidence_kinds",
        "year_window",
        "provenance",
        "derivation",
        "cuts",
        "lower_is_better",
    ]

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="indicator_number_once")
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def wording(self, level: int) -> str:
        return {1: self.level_1, 2: self.level_2, 3: self.level_3}.get(level, "")

    def evidence_years(self, season: int) -> range | None:
        """The years evidence may be dated in, from ``year_window`` (``T-2..T-0`` with T-0
        the season's year); ``None`` when the window is not given or not understood."""
        match = YEAR_WINDOW.fullmatch(self.year_window.strip())
        if match is None:
            return None
        near, far = sorted(int(n) for n in match.groups(default=match[1]))
        return range(season - far, season - near + 1)


class Assessment(models.Model):
    """A region's season: the edition it is scored under. Kept by the coordinating agency."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("season"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="assessment_once_per_year")
        ]

    def __str__(self):
        return f"{self.edition} ({self.year})"


def region_evidence_path(instance, filename):
    return f"index-evidence/{instance.agency_id}/{filename}"


class RegionEvidence(models.Model):
    """A document of the regional government as a whole (RPJMD, BPK opinion, ...)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    dated = models.DateField(_("date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=region_evidence_path, max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("regional evidence")

    def __str__(self):
        return self.title


class PemdaAnswer(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=[MaxValueValidator(3)]
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        RegionEvidence,
        verbose_name=_("evidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="pemda_answer_once")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.level}"


class InnovationAnswer(models.Model):
    """An agency's confirmed (or overridden) level for one of its innovations, and
    Bappeda's verification of it. Without a row, the registry's proposal stands."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), choices=LEVELS, validators=[MaxValueValidator(3)]
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.ForeignKey(
        Evidence,
        verbose_name=_("evidence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(auto_now=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "innovation", "indicator"], name="innovation_answer_once"
            )
        ]
        indexes = [models.Index(fields=["assessment", "innovation"], name="answer_assessment")]

    def __str__(self):
        return f"{self.innovation}: {self.indicator} {self.level}"


class Snapshot(models.Model):
    """A season's assessment and score, frozen (freezing again replaces it): the
    year-over-year trend reads these."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="snapshots")
    taken_at = models.DateTimeField(default=timezone.now)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    iid_claimed = models.DecimalField(max_digits=5, decimal_places=2)
    iid_strict = models.DecimalField(max_digits=5, decimal_places=2)
    band_claimed = models.CharField(max_length=80)
    band_strict = models.CharField(max_length=80)
    data = models.JSONField(default=dict)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment"], name="snapshot_once_per_season")
        ]

    def __str__(self):
        return f"{self.assessment}: {self.iid_claimed}"


class OfficialResult(models.Model):
    """The index Kemendagri announced for a season: its IID, band and the region's national
    rank, recorded beside the prediction frozen for that season (``Snapshot``)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="official")
    iid = models.DecimalField(
        _("official IID"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    band = models.CharField(_("official rating"), max_length=80)
    national_rank = models.PositiveIntegerField(
        _("national rank"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    ranked_among = models.PositiveIntegerField(
        _("among"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many regions were ranked (e.g. 415 kabupaten)."),
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    reference = models.CharField(
        _("announcement"),
        max_length=200,
        blank=True,
        help_text=_("The decree, letter or page that announced it."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("official index result")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(national_rank__isnull=True)
                | models.Q(ranked_among__isnull=True)
                | models.Q(national_rank__lte=models.F("ranked_among")),
                name="official_rank_within_the_ranked",
                violation_error_message=_("The rank cannot be beyond the number ranked."),
            )
        ]

    def __str__(self):
        return f"{self.assessment}: {self.iid}"
