"""Writes of the pelembagaan tracker, each in one transaction with its audit row.

A regulation's status moves only through ``MOVES`` (draft → pembahasan → ditetapkan →
disosialisasikan, and back to drafting from discussion); an enacted one must carry its
number, its date and the signed document. Files are checked by the form
(``clinics.uploads``) and stored through the storage API; should the row or its audit row
fail, the new file is removed, and a replaced file is deleted only once the change has
committed. Permission is checked by the calling view (``pelembagaan.rules``).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from clinics.models import Membership
from clinics.services import activity_record
from pelembagaan.choices import IN_FORCE, RegulationStatus
from pelembagaan.models import BudgetLine, CoveredAgency, CoveredInnovation, Regulation

ERRORS = {
    "not_allowed": _("This step is not possible from the regulation's status now."),
    "number": _("An enacted regulation needs its number."),
    "enacted_on": _("An enacted regulation needs its date of enactment."),
    "file": _("An enacted regulation needs its signed document: upload it."),
    "disseminated_on": _("Give the date it was disseminated."),
    "other_region": _("Pick innovations and agencies of the region only."),
}


@dataclass(frozen=True)
class Move:
    sources: frozenset
    to: str


# The regulation's life, one row per step: (from which statuses) → to which status.
MOVES = {
    "discuss": Move(frozenset({RegulationStatus.DRAFT}), RegulationStatus.DISCUSSION),
    "redraft": Move(frozenset({RegulationStatus.DISCUSSION}), RegulationStatus.DRAFT),
    "enact": Move(
        frozenset({RegulationStatus.DRAFT, RegulationStatus.DISCUSSION}),
        RegulationStatus.ENACTED,
    ),
    "disseminate": Move(frozenset({RegulationStatus.ENACTED}), RegulationStatus.DISSEMINATED),
}


def allowed_moves(regulation: Regulation) -> list[str]:
    return [name for name, move in MOVES.items() if regulation.status in move.sources]


def _log(actor: Membership, target, code: str, **data) -> None:
    activity_record(
        agency=target.agency,
        actor=actor.user,
        action=f"pelembagaan.{code}",
        target=target,
        data={k: v for k, v in data.items() if v not in ("", None, [], {})},
    )


def _check_status(regulation: Regulation) -> None:
    """What a status asks of the regulation: in force, its number, date and signed
    document; disseminated, the date of its dissemination."""
    problems = {}
    if regulation.status in IN_FORCE:
        for field in ("number", "enacted_on", "file"):
            if not getattr(regulation, field):
                problems[field] = ERRORS[field]
    if regulation.status == RegulationStatus.DISSEMINATED and not regulation.disseminated_on:
        problems["disseminated_on"] = ERRORS["disseminated_on"]
    if problems:
        raise ValidationError(problems)


def _take_file(row, upload) -> str:
    """Store ``upload`` as the row's file (the row itself is saved by the caller); returns
    the name of the file it replaces, to delete once the change has committed."""
    if upload is None:
        return ""
    replaced = row.file.name if row.file else ""
    row.original_name = upload.name[:255]
    row.content_type = getattr(upload, "sniffed_type", "")
    row.size = upload.size
    row.file.save(upload.name, upload, save=False)
    return replaced


def _commit_with_file(row, upload, write):
    """Run ``write()`` in a transaction after storing ``upload`` as the row's file: should
    anything fail, the new file is deleted; once committed, the file it replaced is."""
    replaced = _take_file(row, upload)
    try:
        with transaction.atomic():
            result = write()
            if replaced:
                storage = row.file.storage
                transaction.on_commit(lambda: storage.delete(replaced))
    except Exception:
        if upload is not None:
            row.file.storage.delete(row.file.name)
        raise
    return result


def _check_region(actor: Membership, innovations, agencies) -> None:
    region = actor.agency.region_id
    if any(i.agency.region_id != region for i in innovations) or any(
        a.region_id != region for a in agencies
    ):
        raise ValidationError(ERRORS["other_region"], code="other_region")


def _set_coverage(regulation: Regulation, innovations, agencies) -> dict:
    """Make the regulation name exactly ``innovations`` and cover exactly ``agencies``;
    returns what was added and removed, by name."""
    changes = {}
    for rows, field, wanted in (
        (CoveredInnovation.objects.filter(regulation=regulation), "innovation", innovations),
        (CoveredAgency.objects.filter(regulation=regulation), "covered", agencies),
    ):
        have = {getattr(row, f"{field}_id"): row for row in rows.select_related(field)}
        want = {obj.pk: obj for obj in wanted}
        removed = [str(getattr(have[pk], field)) for pk in have.keys() - want.keys()]
        rows.filter(**{f"{field}__in": list(have.keys() - want.keys())}).delete()
        model = rows.model
        model.objects.bulk_create(
            model(agency=regulation.agency, regulation=regulation, **{field: want[pk]})
            for pk in want.keys() - have.keys()
        )
        added = [str(want[pk]) for pk in want.keys() - have.keys()]
        if added or removed:
            changes[field] = {"added": sorted(added), "removed": sorted(removed)}
    return changes


def regulation_create(
    *, actor: Membership, fields: dict, innovations=(), agencies=(), upload=None
) -> Regulation:
    """Record a regulation: a draft on its way, or one already in force (then with its
    number, date and signed document)."""
    _check_region(actor, innovations, agencies)
    regulation = Regulation(agency=actor.agency, created_by=actor.user, **fields)

    def write():
        _check_status(regulation)
        regulation.full_clean(exclude=["file"])
        regulation.save()
        _set_coverage(regulation, innovations, agencies)
        _log(
            actor,
            regulation,
            "regulation.created",
            kind=regulation.kind,
            status=regulation.status,
            title=regulation.title,
        )
        return regulation

    return _commit_with_file(regulation, upload, write)


EDITABLE = ("kind", "title", "number", "enacted_on", "disseminated_on")


def _changes(before, fields: dict, names) -> dict:
    """{field: [old, new]} of what ``fields`` changes in the stored row ``before``."""
    return {
        name: [str(getattr(before, name) or ""), str(fields[name] or "")]
        for name in names
        if name in fields and getattr(before, name) != fields[name]
    }


def regulation_update(
    *, actor: Membership, regulation: Regulation, fields: dict, innovations, agencies, upload=None
) -> Regulation:
    """Save an edit (its status moves only through MOVES); the audit row keeps every old
    and new value, a replaced document by its names."""
    _check_region(actor, innovations, agencies)

    def write():
        before = Regulation.objects.select_for_update().get(pk=regulation.pk)
        changes = _changes(before, fields, EDITABLE)
        if upload is not None:
            changes["file"] = [before.original_name, regulation.original_name]
        for name, value in fields.items():
            setattr(regulation, name, value)
        regulation.status = before.status
        _check_status(regulation)
        regulation.full_clean(exclude=["file"])
        regulation.save()
        coverage = _set_coverage(regulation, innovations, agencies)
        _log(actor, regulation, "regulation.edited", changes=changes, coverage=coverage)
        return regulation

    return _commit_with_file(regulation, upload, write)


def regulation_move(
    *,
    actor: Membership,
    regulation: Regulation,
    move: str,
    number: str = "",
    enacted_on=None,
    disseminated_on=None,
    upload=None,
    note: str = "",
) -> Regulation:
    """One step of the regulation's life (see MOVES), checked against its stored status.
    Enacting takes (or keeps) its number, date and signed document; disseminating, the
    date it was disseminated."""
    spec = MOVES.get(move)

    def write():
        locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
        if spec is None or locked.status not in spec.sources:
            raise ValidationError(ERRORS["not_allowed"], code="not_allowed")
        old = regulation.status = locked.status
        regulation.status = spec.to
        if move == "enact":
            regulation.number = number.strip() or regulation.number
            regulation.enacted_on = enacted_on or regulation.enacted_on
        if move == "disseminate":
            regulation.disseminated_on = disseminated_on
        _check_status(regulation)
        regulation.save()
        _log(
            actor,
            regulation,
            f"regulation.{move}",
            changes={"status": [old, regulation.status]},
            number=regulation.number if move == "enact" else "",
            note=note,
        )
        return regulation

    return _commit_with_file(regulation, upload, write)


# --- Budget lines ------------------------------------------------------------------------


def budget_save(
    *, actor: Membership, fields: dict, line: BudgetLine | None = None, upload=None
) -> BudgetLine:
    """Record a budget line, or save an edit of one (old and new values on the audit row)."""
    innovation = fields.get("innovation")
    _check_region(actor, [innovation] if innovation else [], [fields["holder"]])
    line = line or BudgetLine(agency=actor.agency, created_by=actor.user)

    def write():
        before = BudgetLine.objects.select_for_update().filter(pk=line.pk).first()
        for name, value in fields.items():
            setattr(line, name, value)
        line.full_clean(exclude=["file"])
        line.save()
        if before is None:
            _log(actor, line, "budget.created", year=line.year, activity=line.activity)
        else:
            changes = _changes(before, fields, BudgetLine.EDITABLE_FIELDS)
            if upload is not None:
                changes["file"] = [before.original_name, line.original_name]
            _log(actor, line, "budget.edited", changes=changes)
        return line

    return _commit_with_file(line, upload, write)


@transaction.atomic
def budget_delete(*, actor: Membership, line: BudgetLine) -> None:
    """Delete a line entered by mistake; its audit row keeps what it said."""
    _log(
        actor,
        line,
        "budget.deleted",
        year=line.year,
        activity=line.activity,
        amount=str(line.amount),
        holder=str(line.holder),
    )
    name, storage = line.file.name, line.file.storage
    line.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
