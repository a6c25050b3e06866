"""The fixed vocabularies of competitions: kinds, category rules, stages, results, jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionKind(models.TextChoices):
    KIPP = "kipp", _("KIPP / SINOVIK (KemenPANRB)")
    PKRI = "pkri", _("PKRI (KemenPANRB)")
    IGA = "iga", _("Innovative Government Award (Kemendagri)")
    PROVINCIAL = "provincial", _("Provincial competition")
    INTERNAL = "internal", _("Internal competition of the region")


class CategoryRule(models.TextChoices):
    """Which eligibility rules a category applies (see competitions.eligibility)."""

    GENERAL = "general", _("General")
    SUSTAINABILITY = "sustainability", _("Sustainability (Keberlanjutan)")
    REPLICATION = "replication", _("Replication (Replikasi)")
    INSTITUTION = "institution", _("Coordinating government (Instansi Pembina Inovasi)")


class StageKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    SUBMISSION = "submission", _("Document submission")
    DESK = "desk", _("Desk assessment")
    PRESENTATION = "presentation", _("Presentation and interview")
    FIELD = "field", _("Field verification")
    ANNOUNCEMENT = "announcement", _("Announcement")


# The stages at which an external panel passes or stops an entry.
ASSESSED_STAGES = (StageKind.DESK, StageKind.PRESENTATION, StageKind.FIELD)


class Prefill(models.TextChoices):
    """Where a dossier section's first draft comes from in the registry."""

    NONE = "", _("Nothing (written by the team)")
    SUMMARY = "summary", _("Summary")
    PROBLEM = "problem", _("Problem and goals")
    DESIGN = "design", _("Design and novelty")
    IMPLEMENTATION = "implementation", _("Implementation")
    IMPACT = "impact", _("Impact with indicator data")
    REPLICATION = "replication", _("Replication lineage")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    COLLABORATION = "collaboration", _("Collaboration")
    RESOURCES = "resources", _("Resources")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("Internal review")
    READY = "ready", _("Ready")
    SUBMITTED = "submitted", _("Submitted")
    DECIDED = "decided", _("Result known")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Result(models.TextChoices):
    TOP_99 = "top99", _("Top 99")
    TOP_45 = "top45", _("Top 45")
    TOP_5 = "top5", _("Top 5")
    WINNER = "winner", _("Winner")
    NOT_SELECTED = "not_selected", _("Not selected")


# Results that make an innovation a "Top 99/45 winner" for later categories.
WINNING_RESULTS = (Result.TOP_99, Result.TOP_45, Result.TOP_5, Result.WINNER)

# The background job kinds competitions registers (competitions.apps, jobs.kinds).
PORTFOLIO_JOB = "portfolio"
REGION_ZIP_JOB = "region_zip"
COPY_PAGE_JOB = "copy_page"
SEASON_REPORT_JOB = "season_report"
