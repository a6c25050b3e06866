"""Writes of competitions and dossiers, each in one transaction, each on the timeline.

Competitions are kept by the coordinating agency (created from a blueprint, copied from
last year, edited). A dossier moves through MOVES; every move, edit of a section, picked
document, comment, score and external outcome is recorded on the dossier's timeline.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from clinics.models import Agency, Membership
from clinics.services import activity_record
from competitions import pembina, prefill, rules, selectors
from competitions.blueprints import BLUEPRINTS
from competitions.checklist import is_complete
from competitions.choices import (
    ASSESSED_STAGES,
    REGION_ZIP_JOB,
    SEASON_REPORT_JOB,
    CategoryRule,
    DossierStatus,
    Result,
)
from competitions.eligibility import reasons
from competitions.models import (
    Candidate,
    Category,
    CategoryInvitation,
    Competition,
    Dossier,
    DossierDocument,
    DossierSection,
    Juror,
    JuryScore,
    MockScore,
    PembinaWorksheet,
    RequiredDocument,
    Section,
    SectionComment,
    Stage,
    StageOutcome,
)
from innovations.choices import EvidenceKind
from innovations.models import Evidence
from jobs import services as jobs
from jobs.models import Job
from pelembagaan.choices import IN_FORCE
from pelembagaan.models import Regulation

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
    "other_region": _("Pick an innovation of the region."),
    "not_by_invitation": _("This category is not entered by invitation."),
    "not_in_force": _("Pick a regulation in force, with its signed document."),
    "no_aspect": _("The dossier has no section named %(sections)s to write the figures into."),
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
    """One competition of a name and year per region, whichever coordinator keeps it."""
    if selectors.competitions_for(agency).filter(name=name, year=year).exists():
        raise ValidationError(ERRORS["year_taken"], params={"name": name, "year": year})


def competition_from_blueprint(*, actor: Membership, key: str) -> Competition:
    """The region's copy of a shipped competition, its texts in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _from_blueprint(actor, BLUEPRINTS[key])


@transaction.atomic
def _from_blueprint(actor: Membership, spec: dict) -> Competition:
    agency = actor.agency
    _ensure_free(agency, spec["name"], spec["year"])
    competition = Competition.objects.create(
        agency=agency,
        name=spec["name"],
        kind=spec["kind"],
        year=spec["year"],
        organiser=spec["organiser"],
        group=spec["group"],
        description=str(spec["description"]),
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
                weight_estimated=cat.get("weights_estimated", False),
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


# --- The shortlist and the invitation list --------------------------------------------------


def _log_competition(actor: Membership, category: Category, code: str, **data) -> None:
    """Record on the competition's trail, kept with the competition's keeper."""
    competition = category.competition
    activity_record(
        agency=competition.agency,
        actor=actor.user,
        action=f"competitions.competition.{code}",
        target=competition,
        data={"category": category.name, **{k: v for k, v in data.items() if v}},
    )


def _of_region(actor: Membership, innovation) -> None:
    if innovation.agency.region_id != actor.agency.region_id:
        raise ValidationError(ERRORS["other_region"], code="other_region")


@transaction.atomic
def shortlist_add(*, actor: Membership, category: Category, innovation, note: str = ""):
    _of_region(actor, innovation)
    candidate, created = Candidate.objects.get_or_create(
        category=category,
        innovation=innovation,
        defaults={"agency": category.agency, "note": note, "added_by": actor.user},
    )
    if created:
        _log_competition(actor, category, "shortlisted", innovation=str(innovation), note=note)
    return candidate


@transaction.atomic
def shortlist_remove(*, actor: Membership, category: Category, innovation) -> None:
    if Candidate.objects.filter(category=category, innovation=innovation).delete()[0]:
        _log_competition(actor, category, "unlisted", innovation=str(innovation))


@transaction.atomic
def invitation_add(
    *, actor: Membership, category: Category, innovation, award: str = "", letter: str = ""
) -> CategoryInvitation:
    """Record that the organiser invited ``innovation`` to ``category`` (a category entered
    by invitation only)."""
    if category.rule != CategoryRule.SUSTAINABILITY:
        raise ValidationError(ERRORS["not_by_invitation"], code="not_by_invitation")
    _of_region(actor, innovation)
    invitation = CategoryInvitation(
        agency=category.agency,
        category=category,
        innovation=innovation,
        award=award,
        letter=letter,
        added_by=actor.user,
    )
    invitation.validate_constraints()
    invitation.save()
    _log_competition(actor, category, "invited", innovation=str(innovation), letter=letter)
    return invitation


@transaction.atomic
def invitation_remove(*, actor: Membership, invitation: CategoryInvitation) -> None:
    _log_competition(actor, invitation.category, "uninvited", innovation=str(invitation.innovation))
    invitation.delete()


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


def _pointer(dossier: Dossier, requirement: RequiredDocument, document) -> dict:
    """Where a picked document points: an innovation's dossier takes the innovation's own
    evidence; the region's own entry (Instansi Pembina) the region's evidence locker and
    the regulations in force of its pelembagaan tracker."""
    if isinstance(document, Evidence):
        if document.innovation_id != dossier.innovation_id:
            raise ValidationError(ERRORS["wrong_evidence"], code="wrong_evidence")
        if requirement.kind and document.kind != requirement.kind:
            raise ValidationError(
                ERRORS["wrong_kind"],
                code="wrong_kind",
                params={"kind": requirement.get_kind_display()},
            )
        return {"evidence": document}
    if dossier.innovation_id is not None or document.agency.region_id != dossier.region_id:
        raise ValidationError(ERRORS["wrong_evidence"], code="wrong_evidence")
    if isinstance(document, Regulation):
        if requirement.kind and requirement.kind != EvidenceKind.REGULATION:
            raise ValidationError(
                ERRORS["wrong_kind"],
                code="wrong_kind",
                params={"kind": requirement.get_kind_display()},
            )
        if document.status not in IN_FORCE or not document.file:
            raise ValidationError(ERRORS["not_in_force"], code="not_in_force")
        return {"regulation": document}
    return {"region_evidence": document}


@transaction.atomic
def document_pick(*, actor, dossier: Dossier, requirement: RequiredDocument, evidence):
    """Attach ``evidence`` (an Evidence, a RegionEvidence or a Regulation) as a document
    the requirement asks for."""
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    DossierDocument.objects.get_or_create(
        agency=locked.agency,
        dossier=locked,
        requirement=requirement,
        **_pointer(locked, requirement, evidence),
    )
    _log(actor, locked, "document", document=requirement.title, evidence=str(evidence))


@transaction.atomic
def document_drop(*, actor, dossier: Dossier, document: DossierDocument) -> None:
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    _log(actor, locked, "document_dropped", evidence=str(document.document))
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


# --- The Instansi Pembina entry -----------------------------------------------------------


def _whole(value) -> str:
    return str(Decimal(value).to_integral_value())


@transaction.atomic
def worksheet_save(
    *, actor, dossier: Dossier, values: dict, notes: dict, freeze: bool = False
) -> PembinaWorksheet:
    """Keep the figures of the region's own entry as the coordinator checked them (each
    change and each correction of what the portal counted on the timeline); with
    ``freeze``, write them as the text of the three aspects' sections."""
    locked = _locked(dossier)
    if not rules.can_edit_dossier(actor, locked) or locked.innovation_id is not None:
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    counted = {f.key: _whole(f.value) for f in pembina.figures(locked, locked.agency.slug)}
    sheet, _created = PembinaWorksheet.objects.select_for_update().get_or_create(
        dossier=locked, defaults={"agency": locked.agency}
    )
    checked = {key: _whole(values.get(key, counted[key])) for key in counted}
    before = {key: sheet.values.get(key, counted[key]) for key in counted}
    sheet.values, sheet.notes, sheet.updated_by = checked, notes, actor.user
    if freeze:
        rows = {
            row.section.title.strip().lower(): row
            for row in DossierSection.objects.filter(dossier=locked).select_related("section")
        }
        missing = [title for _aspect, title in pembina.ASPECTS if title.lower() not in rows]
        if missing:
            raise ValidationError(
                ERRORS["no_aspect"], code="no_aspect", params={"sections": ", ".join(missing)}
            )
        texts = pembina.aspect_texts(locked, locked.agency.slug, checked, notes)
        for aspect, title in pembina.ASPECTS:
            row = rows[title.lower()]
            row.text, row.updated_by = texts[aspect], actor.user
            row.save(update_fields=["text", "updated_by", "updated_at"])
        sheet.frozen, sheet.frozen_at = checked, timezone.now()
    sheet.save()
    _log(
        actor,
        locked,
        "frozen" if freeze else "figures",
        changes={k: [before[k], v] for k, v in checked.items() if before[k] != v},
        corrected={k: [counted[k], v] for k, v in checked.items() if counted[k] != v},
    )
    return sheet


# --- Portfolio and regional export jobs ---------------------------------------------------


def dossier_job_request(*, user, dossier: Dossier, kind: str) -> Job:
    """Queue one of the dossier's documents, its PDF portfolio (PORTFOLIO_JOB) or its
    copy-ready page (COPY_PAGE_JOB); the view has checked the rule."""
    return jobs.request_job(
        agency=dossier.agency,
        kind=kind,
        requested_by=user,
        subject=selectors.portfolio_subject(dossier),
        params={"dossier": dossier.pk},
    )


def season_report_request(*, user, competition: Competition) -> Job:
    """Queue the competition's season report (the view has checked the rule)."""
    return jobs.request_job(
        agency=competition.agency,
        kind=SEASON_REPORT_JOB,
        requested_by=user,
        subject=selectors.season_subject(competition),
        params={"competition": competition.pk},
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
