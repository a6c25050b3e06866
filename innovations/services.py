"""Writes of the registry. Every move and every edit after submission leaves a trace on
the innovation's timeline (clinics.ActivityLog), in the same transaction. Importing a
spreadsheet (checked by ``innovations.importing``) is all rows in one transaction, or none."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from clinics.models import ActivityLog, Agency, Membership, Unit
from clinics.services import activity_record
from innovations import exports, importing, rules, selectors
from innovations.choices import EXPORT_JOB, IMPORT_CHECK_JOB, Maturity, Phase, Status
from innovations.models import (
    Evidence,
    FollowUpAction,
    ImpactIndicator,
    ImportBatch,
    ImportRow,
    Innovation,
    InnovationPartner,
    Measurement,
    MonitoringVisit,
    RegionalTarget,
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
    "other_region": _("Choose an agency of your region."),
    "not_importable": _(
        "This file cannot be imported: it has problems, nothing new, or it was imported already."
    ),
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
def regional_target_set(*, actor: Membership, agency, year: int, count: int) -> RegionalTarget:
    """A coordinator sets how many new innovations the region asks of ``agency`` in
    ``year``; written to that agency's rows and timeline (the coordinators' channel). Two
    coordinators saving at once end in one row."""
    if agency.region_id != actor.agency.region_id:
        raise ValidationError(ERRORS["other_region"], code="other_region")
    with scope(agency=agency):
        target, _created = RegionalTarget.objects.select_for_update().update_or_create(
            agency=agency, year=year, defaults={"count": count, "set_by": actor.user}
        )
        activity_record(
            agency=agency,
            actor=actor.user,
            action="innovations.regional_target.set",
            target=target,
            data={"year": year, "count": count, "by": actor.agency.name},
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


# --- Import from spreadsheets -----------------------------------------------------------

# Where an imported row lands in the lifecycle, by its stage (tahapan): never a draft. An
# idea is waiting for the clinic's review; a trial or an implemented innovation is already
# being worked on (in coaching: the clinic confirms it lasts, with a check-in, before
# marking it sustained), at the 5D phase its stage means.
IMPORTED_STATE = {
    Maturity.INITIATIVE: (Status.SUBMITTED, ""),
    Maturity.TRIAL: (Status.COACHING, Phase.DELIVER),
    Maturity.IMPLEMENTED: (Status.COACHING, Phase.DISPLAY),
}


@transaction.atomic
def import_request(*, actor: Membership, agency, upload, year: int) -> ImportBatch:
    """Keep an uploaded spreadsheet (checked by its form) for ``agency`` and queue its
    check. The agency is the actor's own, or, for a coordinator, one of its region's."""
    if agency.pk != actor.agency_id and not (
        actor.is_coordinator and agency.region_id == actor.agency.region_id
    ):
        raise ValidationError(ERRORS["other_region"], code="other_region")
    batch = ImportBatch(
        agency=agency,
        requested_by=actor.user,
        requested_from=actor.agency,
        original_name=upload.name[:255],
        file_kind=upload.sheet_kind,
        year=year,
    )
    batch.source.save(upload.name, upload, save=False)
    try:
        with scope(agency=agency):
            batch.save()
            import_job_request(user=actor.user, batch=batch, kind=IMPORT_CHECK_JOB)
    except Exception:
        batch.source.storage.delete(batch.source.name)
        raise
    return batch


def import_job_request(*, user, batch: ImportBatch, kind: str) -> Job:
    """Queue the batch's check (again) or its import (the view checked the rule); the job
    is the batch's agency's, whoever asked."""
    with scope(agency=batch.agency):
        return jobs.request_job(
            agency=batch.agency,
            kind=kind,
            requested_by=user,
            subject=selectors.import_subject(batch),
            params={"batch": batch.pk, "language": get_language()},
        )


def _known_names(agency) -> set[str]:
    """The keys of every innovation the agency already has (drafts included)."""
    names = Innovation.objects.filter(agency=agency).values_list("name", flat=True)
    return {importing.name_key(name) for name in names}


@transaction.atomic
def batch_check(batch: ImportBatch, *, progress=lambda percent: None) -> ImportBatch:
    """Read the batch's file and check every row (in the agency's scope): its rows are
    stored with their values, problems and outcome (new, already in the registry, a repeat
    of an earlier row, or with problems), in place of an earlier check's."""
    agency = batch.agency
    # Checked again while an import of it runs: one waits for the other (rows stay whole).
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.imported_at is not None:
        return batch
    with batch.source.open("rb") as upload:
        header_row, body = importing.read(upload, batch.file_kind)
    header = importing.match_header(header_row)
    file_problems = list(header.problems)
    if not body and not file_problems:
        file_problems.append(importing.Problem("", importing.NO_ROWS))
    if len(body) > importing.MAX_ROWS:
        file_problems.append(
            importing.Problem("", importing.TOO_MANY_ROWS, {"limit": importing.MAX_ROWS})
        )
        body = body[: importing.MAX_ROWS]
    units = {
        importing.normal(name): pk
        for pk, name in Unit.objects.filter(agency=agency, is_active=True).values_list("pk", "name")
    }
    checker = importing.Checker(header, agency=agency, units=units, default_year=batch.year)
    known, seen, rows = _known_names(agency), {}, []
    for index, (number, values) in enumerate([] if file_problems else body):
        cleaned, problems = checker.check(values)
        key = importing.name_key(cleaned.get("name", ""))
        note = {}
        if problems:
            outcome = ImportRow.Outcome.PROBLEM
        elif key in known:
            outcome = ImportRow.Outcome.KNOWN
        elif key in seen:
            outcome, note = ImportRow.Outcome.REPEATED, {"row": seen[key]}
        else:
            outcome = ImportRow.Outcome.NEW
        seen.setdefault(key, number)
        rows.append(
            ImportRow(
                agency=agency,
                batch=batch,
                number=number,
                name=(cleaned.get("name") or header.raw(values, "name"))[:240],
                outcome=outcome,
                values=cleaned,
                problems=[problem.as_dict() for problem in problems],
                note=note,
            )
        )
        if index % 250 == 0:
            progress(80 * index // len(body))
    batch.rows.all().delete()
    ImportRow.objects.bulk_create(rows, batch_size=500)
    counts = Counter(row.outcome for row in rows)
    batch.columns = {"read": header.read_columns, "ignored": header.ignored}
    batch.file_problems = [problem.as_dict() for problem in file_problems]
    batch.row_count = len(rows)
    batch.new_count = counts[ImportRow.Outcome.NEW]
    batch.known_count = counts[ImportRow.Outcome.KNOWN] + counts[ImportRow.Outcome.REPEATED]
    batch.problem_count = counts[ImportRow.Outcome.PROBLEM]
    batch.checked_at = timezone.now()
    batch.save()
    return batch


def _registered_at(values: dict, year: int, zone) -> datetime:
    """When an imported innovation counts as new (created and submitted): its first trial
    or implementation date, else 1 January of its year (its "Tahun", or the upload's)."""
    days = [
        date.fromisoformat(values[f])
        for f in ("trial_start", "implementation_start")
        if values.get(f)
    ]
    day = min(days) if days else date(values.get("year") or year, 1, 1)
    return datetime.combine(day, time(8), tzinfo=zone)


@transaction.atomic
def batch_import(batch: ImportBatch, *, user, progress=lambda percent: None) -> int:
    """Import every new row of a checked batch, in one transaction: all of them, or none
    when any row (or the file) has a problem. A row whose innovation the agency already has
    (by its key: the agency and the normalised name) is skipped, also when it was imported
    meanwhile, so importing a file again creates nothing twice. Each innovation's timeline
    says it was imported, and by whom. Returns how many were created."""
    agency = batch.agency
    # One import at a time per agency: a second one waits, then finds the names taken.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.importable:
        raise ValidationError(ERRORS["not_importable"], code="not_importable")
    rows = list(batch.rows.filter(outcome=ImportRow.Outcome.NEW))
    known, created = _known_names(agency), []
    zone = agency.zoneinfo
    for row in rows:
        key = importing.name_key(row.values["name"])
        if key in known:
            continue
        known.add(key)
        values = {k: v for k, v in row.values.items() if k not in {"year", "unit"}}
        for field in ("trial_start", "implementation_start", "last_developed_on"):
            if values.get(field):
                values[field] = date.fromisoformat(values[field])
        status, phase = IMPORTED_STATE[values["maturity"]]
        registered = _registered_at(row.values, batch.year, zone)
        innovation = Innovation(
            agency=agency,
            author=user,
            unit_id=row.values.get("unit"),
            status=status,
            phase=phase,
            submitted_at=registered,
            **values,
        )
        innovation.clean_fields(exclude=["author", "unit"])  # checked already; a safety net
        created.append((row, innovation, registered))
    progress(40)
    Innovation.objects.bulk_create(
        [innovation for _row, innovation, _at in created], batch_size=500
    )
    # created_at is the registry's year of an innovation (filters, targets, the region's
    # board): the imported one's is when it started, not the day of the import.
    for _row, innovation, registered in created:
        innovation.created_at = registered
    Innovation.objects.bulk_update(
        [innovation for _row, innovation, _at in created], ["created_at"], batch_size=500
    )
    ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                agency=agency,
                actor=user,
                action="innovations.innovation.imported",
                target_type="innovations.innovation",
                target_id=innovation.pk,
                data={
                    "file": batch.original_name,
                    "row": row.number,
                    "by": batch.requested_from.name,
                },
            )
            for row, innovation, _at in created
        ],
        batch_size=500,
    )
    progress(80)
    for row, innovation, _at in created:
        row.innovation = innovation
    ImportRow.objects.bulk_update([row for row, _i, _at in created], ["innovation"], batch_size=500)
    batch.imported_at, batch.imported_count = timezone.now(), len(created)
    batch.save(update_fields=["imported_at", "imported_count"])
    return len(created)


# --- Register exports ------------------------------------------------------------------------


def export_request(
    *, actor: Membership, fmt: str, filters: dict, language: str, region: bool = False
) -> Job:
    """Queue the export of the agency's list, or with ``region`` of the region's register
    (its coordinators'), for ``actor`` (queue exports): the format (``xlsx``, ``csv`` with
    semicolons, ``csv-comma``), the filters as typed and the language it is read in travel
    in the job's params; the worker applies them with what the requester may see when it
    runs."""
    allowed = rules.can_view_register if region else rules.can_export_innovations
    if not allowed(actor):
        raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
    if fmt not in exports.FORMATS:
        raise ValidationError(ERRORS["bad_format"], code="bad_format")
    return jobs.request_job(
        agency=actor.agency,
        kind=EXPORT_JOB,
        requested_by=actor.user,
        subject=selectors.export_subject(actor, region=region),
        params={"format": fmt, "filters": filters, "language": language}
        | ({"region": True} if region else {}),
    )
