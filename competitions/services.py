"""Writes of competitions and dossiers, each in one transaction, each on the timeline.

Competitions are kept by the coordinating agency (created from a blueprint, copied from
last year, edited). A dossier moves through MOVES; every move, edit of a section, picked
document, comment, score and external outcome is recorded on the dossier's timeline.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from clinics.models import Agency, Membership
from clinics.services import activity_record
from competitions import prefill, rules, selectors
from competitions.blueprints import BLUEPRINTS
from competitions.checklist import is_complete
from competitions.choices import (
    ASSESSED_STAGES,
    PORTFOLIO_JOB,
    REGION_ZIP_JOB,
    DossierStatus,
    Result,
)
from competitions.eligibility import reasons
from competitions.models import (
    Category,
    Competition,
    Dossier,
    DossierDocument,
    DossierSection,
    Juror,
    JuryScore,
    MockScore,
    RequiredDocument,
    Section,
    SectionComment,
    Stage,
    StageOutcome,
)
from innovations.models import Evidence
from jobs import services as jobs
from jobs.models import Job

ERRORS = {
    "not_allowed": _("You may not do that with this dossier now."),
    "incomplete": _("The dossier is not complete yet: %(items)s"),
    "not_eligible": _("This entry is not eligible: %(reasons)s"),
    "bad_result": _("Choose a result."),
    "ref_required": _("Give the announcement's reference (e.g. B/536/00.95/2024)."),
    "no_stage": _("The dossier is not in an assessed stage."),
    "wrong_evidence": _("Pick evidence of this innovation."),
    "wrong_kind": _("This document must be evidence of the kind “%(kind)s”."),
    "year_taken": _("The region already keeps %(name)s %(year)s."),
    "juror_not_member": _("A juror must be an active member of the agency that keeps it."),
    "own_agency": _("A juror cannot score a dossier of their own agency."),
}


def _log(actor: Membership, dossier: Dossier, code: str, **data):
    """Record on the dossier's timeline, kept with the dossier's agency even when the
    region's coordinator acts."""
    activity_record(
        agency=dossier.agency,
        actor=actor.user,
        action=f"competitions.dossier.{code}",
        target=dossier,
        data={k: v for k, v in data.items() if v not in ("", None)},
    )


# --- Competitions -------------------------------------------------------------------------


def _ensure_free(agency, name: str, year: int) -> None:
    if Competition.objects.filter(agency=agency, name=name, year=year).exists():
        raise ValidationError(ERRORS["year_taken"], params={"name": name, "year": year})


@transaction.atomic
def competition_from_blueprint(*, actor: Membership, key: str) -> Competition:
    spec = BLUEPRINTS[key]
    agency = actor.agency
    _ensure_free(agency, spec["name"], spec["year"])
    competition = Competition.objects.create(
        agency=agency,
        name=spec["name"],
        kind=spec["kind"],
        year=spec["year"],
        organiser=spec["organiser"],
        group=spec["group"],
        description=str(spec["description"]),  # in the admin's language
    )
    Stage.objects.bulk_create(
        Stage(agency=agency, competition=competition, kind=k, starts_on=s, ends_on=e)
        for k, s, e in spec["stages"]
    )
    for order, cat in enumerate(spec["categories"]):
        category = Category.objects.create(
            agency=agency,
            competition=competition,
            name=cat["name"],
            rule=cat["rule"],
            quota_per_agency=cat.get("quota_per_agency"),
            requires_sdg=cat.get("requires_sdg", True),
            order=order,
        )
        Section.objects.bulk_create(
            Section(
                agency=agency,
                category=category,
                order=i,
                title=title,
                weight=weight,
                word_limit=limit,
                prefill=source,
                guidance=str(guidance),
            )
            for i, (title, weight, limit, source, guidance) in enumerate(cat["sections"])
        )
        RequiredDocument.objects.bulk_create(
            RequiredDocument(
                agency=agency, category=category, order=i, title=t, kind=k, mandatory=m
            )
            for i, (t, k, m) in enumerate(cat["documents"])
        )
    return competition


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def competition_copy(*, actor: Membership, competition: Competition, year: int) -> Competition:
    """Next year's edition: the same categories, sections, documents and criteria, the
    stages moved by the difference in years; no dossiers."""
    _ensure_free(actor.agency, competition.name, year)
    years = year - competition.year
    copy = Competition.objects.create(
        agency=actor.agency,
        name=competition.name,
        kind=competition.kind,
        year=year,
        organiser=competition.organiser,
        group=competition.group,
        description=competition.description,
        copied_from=competition,
    )
    Stage.objects.bulk_create(
        Stage(
            agency=actor.agency,
            competition=copy,
            kind=stage.kind,
            starts_on=_shift(stage.starts_on, years),
            ends_on=_shift(stage.ends_on, years),
        )
        for stage in competition.stages.all()
    )
    for category in competition.categories.all():
        sections = list(category.sections.all())
        documents = list(category.documents.all())
        category.pk, category.competition = None, copy
        category.save()
        for row in (*sections, *documents):
            row.pk, row.category = None, category
        Section.objects.bulk_create(sections)
        RequiredDocument.objects.bulk_create(documents)
    return copy


def sections_sync(category: Category) -> None:
    """Give every dossier of the category an (empty) row for a section added later."""
    DossierSection.objects.bulk_create(
        DossierSection(agency_id=dossier.agency_id, dossier=dossier, section=section)
        for dossier, section in selectors.dossiers_missing_sections(category)
    )


# --- Dossiers -----------------------------------------------------------------------------


@transaction.atomic
def dossier_create(*, actor: Membership, category: Category, innovation=None) -> Dossier:
    """Enter ``innovation`` (or, for Instansi Pembina, the coordinating government) in
    ``category`` after the eligibility check; sections start pre-filled from the registry."""
    # Serialise the agency's entries, so that two at once cannot both take the last quota.
    Agency.objects.select_for_update().filter(pk=actor.agency_id).first()
    problems = reasons(
        category, innovation, selectors.eligibility_facts(actor.agency, category, innovation)
    )
    if innovation is None and not actor.agency.coordinates_region:
        problems.append(str(_("Only the coordinating agency enters this category.")))
    if problems:
        raise ValidationError(
            ERRORS["not_eligible"], code="not_eligible", params={"reasons": " ".join(problems)}
        )
    dossier = Dossier.objects.create(
        agency=actor.agency,
        category=category,
        innovation=innovation,
        title=str(innovation) if innovation else f"{actor.agency.region} – {category.name}",
        created_by=actor.user,
    )
    sections = selectors.sections_of(category)
    drafts = prefill.texts(innovation, sections)
    DossierSection.objects.bulk_create(
        DossierSection(
            agency=actor.agency, dossier=dossier, section=section, text=drafts[section.pk]
        )
        for section in sections
    )
    _log(actor, dossier, "created", competition=str(category.competition), category=category.name)
    return dossier


def _locked(dossier: Dossier) -> Dossier:
    with scope(agency=dossier.agency_id):
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    # Carry over what the rules read (loaded by the selector).
    locked.team_user_ids = dossier.team_user_ids
    locked.region_id = dossier.region_id
    return locked


@transaction.atomic
def section_save(*, actor: Membership, dossier: Dossier, row: DossierSection, text: str):
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    row.text = text.strip()
    row.updated_by = actor.user
    row.save(update_fields=["text", "updated_by", "updated_at"])
    _log(actor, locked, "section", section=row.section.title, words=row.words)
    return row


@transaction.atomic
def document_pick(*, actor, dossier: Dossier, requirement: RequiredDocument, evidence: Evidence):
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if evidence.innovation_id != locked.innovation_id:
        raise ValidationError(ERRORS["wrong_evidence"], code="wrong_evidence")
    if requirement.kind and evidence.kind != requirement.kind:
        raise ValidationError(
            ERRORS["wrong_kind"],
            code="wrong_kind",
            params={"kind": requirement.get_kind_display()},
        )
    DossierDocument.objects.get_or_create(
        agency=locked.agency, dossier=locked, requirement=requirement, evidence=evidence
    )
    _log(actor, locked, "document", document=requirement.title, evidence=evidence.title)


@transaction.atomic
def document_drop(*, actor, dossier: Dossier, document: DossierDocument) -> None:
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    _log(actor, locked, "document_dropped", evidence=document.evidence.title)
    document.delete()


@transaction.atomic
def comment_add(*, actor, dossier: Dossier, section: Section, text: str) -> SectionComment:
    if not rules.can_review_dossier(actor, dossier):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    comment = SectionComment.objects.create(
        agency=dossier.agency, dossier=dossier, section=section, author=actor.user, text=text
    )
    _log(actor, dossier, "comment", section=section.title)
    return comment


@transaction.atomic
def comment_resolve(*, actor, dossier: Dossier, comment: SectionComment) -> None:
    if not (rules.can_review_dossier(actor, dossier) or rules.can_edit_dossier(actor, dossier)):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    comment.resolved_at = timezone.now()
    comment.save(update_fields=["resolved_at"])
    _log(actor, dossier, "comment_resolved", section=comment.section.title)


@transaction.atomic
def mock_score_set(*, actor, dossier: Dossier, scores: dict[Section, int]) -> None:
    if not rules.can_review_dossier(actor, dossier):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    _scores_save(MockScore, dossier.agency, dossier, scores, scorer=actor.user)
    _log(actor, dossier, "mock_scored")


def _scores_save(model, agency, dossier, scores: dict, **who) -> None:
    """One row per scored section, replacing the same person's earlier score."""
    for section, score in scores.items():
        model.objects.update_or_create(
            agency=agency, dossier=dossier, section=section, **who, defaults={"score": score}
        )


@dataclass(frozen=True)
class Move:
    rule: object
    sources: frozenset
    to: str


MOVES = {
    "review": Move(rules.can_move_dossier, frozenset({DossierStatus.DRAFT}), DossierStatus.REVIEW),
    "draft": Move(
        rules.can_move_dossier,
        frozenset({DossierStatus.REVIEW, DossierStatus.READY}),
        DossierStatus.DRAFT,
    ),
    "ready": Move(
        rules.can_move_dossier,
        frozenset({DossierStatus.DRAFT, DossierStatus.REVIEW}),
        DossierStatus.READY,
    ),
    "submit": Move(
        rules.can_move_dossier, frozenset({DossierStatus.READY}), DossierStatus.SUBMITTED
    ),
    "withdraw": Move(
        rules.can_move_dossier,
        frozenset({DossierStatus.DRAFT, DossierStatus.REVIEW, DossierStatus.READY}),
        DossierStatus.WITHDRAWN,
    ),
    "passed": Move(
        rules.can_record_outcome, frozenset({DossierStatus.SUBMITTED}), DossierStatus.SUBMITTED
    ),
    "not_passed": Move(
        rules.can_record_outcome, frozenset({DossierStatus.SUBMITTED}), DossierStatus.DECIDED
    ),
    "result": Move(
        rules.can_record_outcome, frozenset({DossierStatus.SUBMITTED}), DossierStatus.DECIDED
    ),
}


def allowed_moves(actor, dossier: Dossier) -> list[str]:
    return [
        name
        for name, move in MOVES.items()
        if dossier.status in move.sources and move.rule(actor, dossier)
    ]


def _assessed_stages(dossier: Dossier) -> list[Stage]:
    with scope(agency=dossier.category.competition.agency_id):
        return list(
            Stage.objects.filter(
                competition=dossier.category.competition_id, kind__in=ASSESSED_STAGES
            ).order_by("starts_on")
        )


@transaction.atomic
def dossier_move(
    *, actor, dossier: Dossier, move: str, result: str = "", reference: str = "", note: str = ""
) -> Dossier:
    """One move of the dossier (see MOVES), checked against its stored state."""
    spec = MOVES.get(move)
    locked = _locked(dossier)
    if spec is None or locked.status not in spec.sources or not spec.rule(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    old = locked.status
    if move == "ready":
        items = selectors.dossier_parts(locked)["checklist"]
        if not is_complete(items):
            raise ValidationError(
                ERRORS["incomplete"],
                code="incomplete",
                params={"items": " ".join(i.text for i in items if not i.ok)},
            )
    elif move == "submit":
        stages = _assessed_stages(locked)
        locked.stage = stages[0] if stages else None
    elif move in {"passed", "not_passed"}:
        if locked.stage is None:
            raise ValidationError(ERRORS["no_stage"], code="no_stage")
        StageOutcome.objects.create(
            agency=locked.agency,
            dossier=locked,
            stage=locked.stage,
            passed=move == "passed",
            note=note,
            recorded_by=actor.user,
        )
        stage_name = locked.stage.get_kind_display()
        if move == "passed":
            later = [s for s in _assessed_stages(locked) if s.starts_on > locked.stage.starts_on]
            locked.stage = later[0] if later else None
        else:
            locked.result = Result.NOT_SELECTED
        note = f"{stage_name}: {note}".rstrip(": ")
    elif move == "result":
        if result not in Result.values:
            raise ValidationError(ERRORS["bad_result"], code="bad_result")
        if not reference.strip():
            raise ValidationError(ERRORS["ref_required"], code="ref_required")
        locked.result, locked.announcement_ref, locked.stage = result, reference.strip(), None
    locked.status = spec.to
    locked.save(update_fields=["status", "stage", "result", "announcement_ref", "updated_at"])
    _log(
        actor,
        locked,
        move,
        changes={"status": [old, locked.status]} if old != locked.status else None,
        result=locked.result if move in {"result", "not_passed"} else "",
        reference=locked.announcement_ref if move == "result" else "",
        note=note,
    )
    return locked


# --- Portfolio and regional export jobs ---------------------------------------------------


def portfolio_request(*, user, dossier: Dossier) -> Job:
    """Queue the dossier's PDF portfolio (the view has checked the rule)."""
    return jobs.request_job(
        agency=dossier.agency,
        kind=PORTFOLIO_JOB,
        requested_by=user,
        subject=selectors.portfolio_subject(dossier),
        params={"dossier": dossier.pk},
    )


def region_export_request(*, user, coordinator: Agency, dossier_ids: list[int]) -> Job:
    """Queue one ZIP of the region's chosen dossiers (the view has checked the rule)."""
    return jobs.request_job(
        agency=coordinator,
        kind=REGION_ZIP_JOB,
        requested_by=user,
        params={"dossiers": dossier_ids},
    )


# --- Internal judging ---------------------------------------------------------------------


@transaction.atomic
def juror_add(*, actor, competition: Competition, user) -> Juror:
    if not rules.can_manage_jury(actor, competition):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if not Membership.objects.filter(agency=competition.agency, user=user, is_active=True).exists():
        raise ValidationError(ERRORS["juror_not_member"], code="juror_not_member")
    juror, _created = Juror.objects.get_or_create(
        agency=competition.agency, competition=competition, user=user
    )
    return juror


@transaction.atomic
def jury_score_set(*, actor, competition: Competition, dossier: Dossier, scores: dict) -> None:
    """A juror's scores of one dossier, per criterion (0–100); never for a dossier of an
    agency the juror belongs to."""
    if not rules.can_judge(actor, competition):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if selectors.is_member(actor.user, dossier.agency_id):
        raise ValidationError(ERRORS["own_agency"], code="own_agency")
    _scores_save(JuryScore, competition.agency, dossier, scores, juror=actor.user)
