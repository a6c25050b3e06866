"""Writes of the registry. Every move and every edit after submission leaves a trace on
the innovation's timeline (clinics.ActivityLog), in the same transaction."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinics.models import Membership
from clinics.services import activity_record
from innovations import exports, rules, selectors
from innovations.choices import EXPORT_JOB, Maturity, Phase, Status
from innovations.models import (
    Evidence,
    FollowUpAction,
    ImpactIndicator,
    Innovation,
    InnovationPartner,
    Measurement,
    MonitoringVisit,
    SustainabilityCheckIn,
    Target,
    TeamMember,
)
from jobs import services as jobs
from jobs.models import Job

ERRORS = {
    "not_allowed": _("This move is not possible for this innovation now."),
    "comment_required": _("Say why: a comment is required for this move."),
    "incomplete": _("Before submitting, fill in: %(fields)s."),
    "not_implemented": _("Only an implemented innovation (penerapan) can be marked sustained."),
    "bad_phase": _("Choose one of the 5D phases."),
    "bad_maturity": _("Choose a maturity level."),
    "withdrawn": _("This evidence has already been withdrawn or replaced."),
    "bad_format": _("Choose XLSX, CSV with semicolons or CSV with commas."),
}
REQUIRED_TO_SUBMIT = ["name", "problem", "design", "goals"]


def _log(actor: Membership, innovation: Innovation, code: str, **data):
    activity_record(
        agency=innovation.agency,
        actor=actor.user,
        action=code,
        target=innovation,
        data={k: v for k, v in data.items() if v},
    )


@transaction.atomic
def innovation_create(*, actor: Membership, fields: dict, team=(), partners=()) -> Innovation:
    innovation = Innovation(agency=actor.agency, author=actor.user, **fields)
    innovation.full_clean()
    innovation.save()
    _set_team(innovation, team)
    _set_partners(innovation, partners)
    _log(actor, innovation, "innovations.innovation.created")
    return innovation


def _set_team(innovation: Innovation, users) -> list[str]:
    wanted = {user.pk: user for user in users if user.pk != innovation.author_id}
    current = {m.user_id: m for m in TeamMember.objects.filter(innovation=innovation)}
    for user_id in current.keys() - wanted.keys():
        current[user_id].delete()
    TeamMember.objects.bulk_create(
        TeamMember(agency_id=innovation.agency_id, innovation=innovation, user=wanted[uid])
        for uid in wanted.keys() - current.keys()
    )
    return sorted(str(u) for u in wanted.values())


def _set_partners(innovation: Innovation, partners) -> list[str]:
    wanted = {partner.pk: partner for partner in partners}
    current = {p.partner_id: p for p in InnovationPartner.objects.filter(innovation=innovation)}
    for partner_id in current.keys() - wanted.keys():
        current[partner_id].delete()
    InnovationPartner.objects.bulk_create(
        InnovationPartner(agency_id=innovation.agency_id, innovation=innovation, partner=p)
        for pid, p in wanted.items()
        if pid not in current
    )
    return sorted(str(p) for p in wanted.values())


def _display(innovation: Innovation, field: str, value) -> str:
    model_field = Innovation._meta.get_field(field)
    if model_field.choices and not isinstance(value, list):
        return str(dict(model_field.flatchoices).get(value, value or ""))
    return "" if value is None else str(value)


@transaction.atomic
def innovation_update(
    *, actor: Membership, innovation: Innovation, fields: dict, team=None, partners=None
) -> Innovation:
    """Save edited fields. After submission, what changed (old → new) goes on the timeline,
    so nothing is overwritten without a trace."""
    stored = Innovation.objects.select_for_update().get(pk=innovation.pk)
    stored.team_user_ids = set(
        TeamMember.objects.filter(innovation=stored).values_list("user", flat=True)
    )
    if not rules.can_edit_innovation(actor, stored):  # e.g. withdrawn meanwhile
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    changes = {}
    for field, value in fields.items():
        old = getattr(stored, field)
        if old != value:
            changes[field] = [_display(stored, field, old), _display(stored, field, value)]
        setattr(stored, field, value)
    stored.full_clean()
    stored.save(update_fields=[*fields, "updated_at"])
    if team is not None:
        before = sorted(str(m.user) for m in stored.team.select_related("user"))
        after = _set_team(stored, team)
        if before != after:
            changes["team"] = [", ".join(before), ", ".join(after)]
    if partners is not None:
        before = sorted(str(p.partner) for p in stored.partner_links.select_related("partner"))
        after = _set_partners(stored, partners)
        if before != after:
            changes["partners"] = [", ".join(before), ", ".join(after)]
    if changes and stored.status != Status.DRAFT:
        _log(actor, stored, "innovations.innovation.edited", changes=changes)
    return stored


@dataclass(frozen=True)
class Move:
    rule: object
    to: str | None  # None: the status stays
    needs_comment: bool = False


MOVES = {
    "submit": Move(rules.can_submit_innovation, Status.SUBMITTED),
    "withdraw": Move(rules.can_withdraw_innovation, Status.WITHDRAWN, needs_comment=True),
    "accept": Move(rules.can_review_innovation, Status.COACHING),
    "return": Move(rules.can_review_innovation, Status.RETURNED, needs_comment=True),
    "phase": Move(rules.can_coach_innovation, None),
    "maturity": Move(rules.can_coach_innovation, None),
    "sustain": Move(rules.can_coach_innovation, Status.SUSTAINED),
    "discontinue": Move(rules.can_coach_innovation, Status.DISCONTINUED, needs_comment=True),
    "archive": Move(rules.can_archive_innovation, Status.ARCHIVED),
    "publish": Move(rules.can_publish_innovation, None),
    "unpublish": Move(rules.can_publish_innovation, None),
}


def missing_to_submit(innovation: Innovation) -> list[str]:
    return [
        str(Innovation._meta.get_field(f).verbose_name)
        for f in REQUIRED_TO_SUBMIT
        if not str(getattr(innovation, f) or "").strip()
    ]


@transaction.atomic
def innovation_move(
    *, actor: Membership, innovation: Innovation, move: str, comment: str = "", value: str = ""
) -> Innovation:
    """Make one lifecycle move (see MOVES), checked against the rules and the innovation's
    state as stored, and record it on the timeline with its comment."""
    spec = MOVES.get(move)
    locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
    locked.team_user_ids = set(
        TeamMember.objects.filter(innovation=locked).values_list("user", flat=True)
    )
    if spec is None or not spec.rule(actor, locked):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    comment = comment.strip()
    if spec.needs_comment and not comment:
        raise ValidationError(ERRORS["comment_required"], code="comment_required")
    old = {"status": locked.status, "phase": locked.phase, "maturity": locked.maturity}
    update = ["status", "phase", "maturity", "is_published", "submitted_at", "updated_at"]
    if move == "submit":
        missing = missing_to_submit(locked)
        if missing:
            raise ValidationError(
                ERRORS["incomplete"], code="incomplete", params={"fields": ", ".join(missing)}
            )
        locked.submitted_at = timezone.now()
    elif move == "accept":
        locked.phase = Phase.DRUM_UP
    elif move == "phase":
        if value not in Phase.values:
            raise ValidationError(ERRORS["bad_phase"], code="bad_phase")
        locked.phase = value
    elif move == "maturity":
        if value not in Maturity.values:
            raise ValidationError(ERRORS["bad_maturity"], code="bad_maturity")
        locked.maturity = value
    elif move == "sustain" and locked.maturity != Maturity.IMPLEMENTED:
        raise ValidationError(ERRORS["not_implemented"], code="not_implemented")
    elif move in {"publish", "unpublish"}:
        locked.is_published = move == "publish"
    elif move in {"withdraw", "discontinue", "archive"}:
        locked.is_published = False
    if spec.to:
        locked.status = spec.to
    locked.save(update_fields=update)
    new = {"status": locked.status, "phase": locked.phase, "maturity": locked.maturity}
    _log(
        actor,
        locked,
        f"innovations.innovation.{move}",
        comment=comment,
        changes={k: [old[k], new[k]] for k in new if old[k] != new[k]},
    )
    return locked


@transaction.atomic
def innovation_replicate(*, actor: Membership, origin: Innovation) -> Innovation:
    """Start a new idea in the actor's agency that replicates ``origin``."""
    return innovation_create(
        actor=actor,
        fields={
            "name": origin.name,
            "brand_name": "",
            "origin": origin,
            "replication_form": "adopsi",
            "form": "adoption",
            "benefit_type": origin.benefit_type,
            "scope": origin.scope,
            "urusan": origin.urusan,
            "is_digital": origin.is_digital,
        },
    )


def evidence_add(*, actor: Membership, innovation: Innovation, upload=None, **fields) -> Evidence:
    """Store an evidence file (checked by the form) and its row. Should the row or its
    timeline entry fail, the stored file is removed: nothing is left half-saved."""
    return _evidence_store(actor, innovation, upload, fields)


def evidence_replace(*, actor: Membership, evidence: Evidence, upload=None, **fields) -> Evidence:
    """A new file (or video link) with its details in the place of ``evidence``, which is
    withdrawn (``_withdraw``): one entry on the timeline says what replaced what."""
    return _evidence_store(actor, evidence.innovation, upload, fields, replacing=evidence)


def _evidence_store(actor, innovation, upload, fields, replacing=None) -> Evidence:
    evidence = Evidence(
        agency=innovation.agency, innovation=innovation, uploaded_by=actor.user, **fields
    )
    evidence.full_clean(exclude=["file", "link"])
    if upload is not None:
        evidence.original_name = upload.name[:255]
        evidence.content_type = getattr(upload, "sniffed_type", "")
        evidence.size = upload.size
        evidence.file.save(upload.name, upload, save=False)
    try:
        with transaction.atomic():
            evidence.save()
            if replacing is None:
                _log(
                    actor,
                    innovation,
                    "innovations.evidence.added",
                    title=evidence.title,
                    kind=evidence.kind,
                )
            else:
                kept = _withdraw(actor, replacing, replaced_by=evidence)
                _log(
                    actor,
                    innovation,
                    "innovations.evidence.replaced",
                    title=evidence.title,
                    kind=evidence.kind,
                    old=replacing.title,
                    kept=kept,
                )
    except Exception:
        if evidence.file:
            evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_withdraw(*, actor: Membership, evidence: Evidence) -> bool:
    """Take ``evidence`` out of the innovation's locker (on the timeline); returns whether
    it was kept for the record."""
    kept = _withdraw(actor, evidence)
    _log(
        actor,
        evidence.innovation,
        "innovations.evidence.withdrawn",
        title=evidence.title,
        kept=kept,
    )
    return kept


def _withdraw(actor: Membership, evidence: Evidence, replaced_by: Evidence | None = None) -> bool:
    """Withdraw ``evidence`` (inside the caller's transaction). Rows that hold it (a
    competition dossier's document: deleting it would delete them) keep it: it is marked
    withdrawn and its file stays, for the record. Otherwise it is deleted, its file once the
    transaction has committed. Either way rows that merely point at it (an index answer:
    ``on_delete=SET_NULL``) let go of it, as the model declares. Returns whether it was
    kept."""
    locked = Evidence.records.select_for_update().filter(pk=evidence.pk).first()
    if locked is None or locked.withdrawn_at is not None:
        raise ValidationError(ERRORS["withdrawn"], code="withdrawn")
    held, pointers = False, []
    for relation in Evidence._meta.get_fields(include_hidden=True):
        if (
            not (relation.auto_created and relation.one_to_many)
            or relation.related_model is Evidence
        ):
            continue
        rows = relation.related_model._base_manager.filter(**{relation.field.name: locked.pk})
        if relation.on_delete is models.SET_NULL:
            pointers.append((rows, relation.field.name))
        elif rows.exists():
            held = True
    if not held:
        name, storage = locked.file.name, locked.file.storage
        locked.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        return False
    for rows, field in pointers:
        rows.update(**{field: None})
    locked.withdrawn_at, locked.withdrawn_by, locked.replaced_by = (
        timezone.now(),
        actor.user,
        replaced_by,
    )
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "replaced_by"])
    return True


@transaction.atomic
def indicator_set(*, actor: Membership, innovation: Innovation, rows: list[dict]) -> None:
    """Replace the expected impact indicators with ``rows`` (name, unit, baseline, target),
    keeping the measurements of the ones that stay (matched by id)."""
    keep = {row["id"] for row in rows if row.get("id")}
    innovation.indicators.exclude(pk__in=keep).delete()
    for row in rows:
        data = {k: row[k] for k in ("name", "unit", "baseline", "target")}
        if row.get("id"):
            innovation.indicators.filter(pk=row["id"]).update(**data)
        else:
            ImpactIndicator.objects.create(agency=innovation.agency, innovation=innovation, **data)


@transaction.atomic
def measurement_add(*, actor: Membership, indicator: ImpactIndicator, **fields) -> Measurement:
    measurement = Measurement.objects.create(agency=indicator.agency, indicator=indicator, **fields)
    _log(
        actor,
        indicator.innovation,
        "innovations.measurement.added",
        indicator=indicator.name,
        value=str(measurement.value),
        date=measurement.measured_on.isoformat(),
    )
    return measurement


@transaction.atomic
def visit_plan(*, actor: Membership, innovation: Innovation, **fields) -> MonitoringVisit:
    visit = MonitoringVisit.objects.create(
        agency=innovation.agency, innovation=innovation, **fields
    )
    _log(
        actor,
        innovation,
        "innovations.visit.planned",
        date=visit.planned_on.isoformat(),
        instrument=visit.instrument,
    )
    return visit


@transaction.atomic
def visit_record(
    *, actor: Membership, visit: MonitoringVisit, findings: str, done_on
) -> MonitoringVisit:
    visit.findings, visit.done_on = findings, done_on
    visit.save(update_fields=["findings", "done_on"])
    _log(
        actor,
        visit.innovation,
        "innovations.visit.done",
        date=done_on.isoformat(),
        comment=findings,
    )
    return visit


@transaction.atomic
def action_add(*, actor: Membership, innovation: Innovation, **fields) -> FollowUpAction:
    action = FollowUpAction.objects.create(
        agency=innovation.agency, innovation=innovation, **fields
    )
    _log(
        actor,
        innovation,
        "innovations.action.added",
        action=action.description,
        owner=str(action.owner),
        due=action.due_on.isoformat(),
    )
    return action


@transaction.atomic
def action_complete(*, actor: Membership, action: FollowUpAction) -> FollowUpAction:
    updated = FollowUpAction.objects.filter(pk=action.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if updated:
        _log(actor, action.innovation, "innovations.action.done", action=action.description)
    action.refresh_from_db()
    return action


@transaction.atomic
def checkin_record(*, actor: Membership, innovation: Innovation, **fields):
    checkin = SustainabilityCheckIn.objects.create(
        agency=innovation.agency, innovation=innovation, by=actor.user, **fields
    )
    _log(
        actor,
        innovation,
        "innovations.checkin.recorded",
        status=checkin.get_status_display(),
        comment=checkin.note,
    )
    return checkin


@transaction.atomic
def target_set(*, actor: Membership, year: int, unit, count: int) -> Target:
    """Set a year's target; two admins setting a new one at once both end in one row."""
    key = {"agency": actor.agency, "year": year, "unit": unit}
    try:
        with transaction.atomic():
            target, _created = Target.objects.update_or_create(**key, defaults={"count": count})
    except IntegrityError:
        target = Target.objects.select_for_update().get(**key)
        target.count = count
        target.save(update_fields=["count"])
    activity_record(
        agency=actor.agency,
        actor=actor.user,
        action="innovations.target.set",
        target=target,
        data={"year": year, "unit": str(unit or ""), "count": count},
    )
    return target


@transaction.atomic
def coaching_outcome_record(
    *, coach, innovation: Innovation, notes: str, actions: list[dict], phase: str = ""
) -> None:
    """What a coaching session about ``innovation`` agreed: its notes, follow-up actions
    (owned by the innovation's author unless said otherwise) and, for an innovation in
    coaching, its new 5D phase. Written to the innovation's own agency and timeline, also
    when the session was held at another agency's open clinic (the session is the channel).
    """
    from django_scopes import scope

    if phase and phase not in Phase.values:
        raise ValidationError(ERRORS["bad_phase"], code="bad_phase")
    with scope(agency=innovation.agency):
        agency = innovation.agency
        activity_record(
            agency=agency,
            actor=coach,
            action="innovations.coaching.held",
            target=innovation,
            data={"comment": notes} if notes else {},
        )
        for row in actions:
            action = FollowUpAction.objects.create(
                agency=agency,
                innovation=innovation,
                description=row["description"],
                owner=row.get("owner") or innovation.author,
                due_on=row["due_on"],
            )
            activity_record(
                agency=agency,
                actor=coach,
                action="innovations.action.added",
                target=innovation,
                data={"action": action.description, "due": action.due_on.isoformat()},
            )
        locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
        if phase and phase != locked.phase and locked.status == Status.COACHING:
            old = locked.phase
            Innovation.objects.filter(pk=innovation.pk).update(
                phase=phase, updated_at=timezone.now()
            )
            activity_record(
                agency=agency,
                actor=coach,
                action="innovations.innovation.phase",
                target=innovation,
                data={"changes": {"phase": [old, phase]}},
            )


# --- Register exports ------------------------------------------------------------------------


def export_request(*, actor: Membership, fmt: str, filters: dict, language: str) -> Job:
    """Queue the register's export for ``actor`` (queue exports): the format (``xlsx``,
    ``csv`` with semicolons, ``csv-comma``), the list's filters as typed and the language
    it is read in travel in the job's params; the worker applies them with what the
    requester may see when it runs."""
    if not rules.can_export_innovations(actor):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if fmt not in exports.FORMATS:
        raise ValidationError(ERRORS["bad_format"], code="bad_format")
    return jobs.request_job(
        agency=actor.agency,
        kind=EXPORT_JOB,
        requested_by=actor.user,
        subject=selectors.export_subject(actor),
        params={"format": fmt, "filters": filters, "language": language},
    )
