"""Writes of the index workbench: seasons, answers, verification, snapshots and copies of
editions. Permission is checked by the views (indexes.rules); these keep the data whole."""

from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from clinics.models import Membership
from clinics.services import activity_record
from indexes import selectors
from indexes.assessment import Workbench
from indexes.models import (
    Assessment,
    Band,
    Edition,
    Indicator,
    InnovationAnswer,
    OfficialResult,
    PemdaAnswer,
    RegionEvidence,
    Snapshot,
)
from innovations import services as innovation_services
from jobs import services as jobs
from jobs.models import Job


@contextmanager
def atomic_with_files():
    """A transaction that also undoes the files stored inside it: yields ``stored``, to be
    called with each new file; should anything fail, the rows roll back and the files are
    deleted from the storage."""
    files = []
    try:
        with transaction.atomic():
            yield files.append
    except Exception:
        for stored in files:
            stored.storage.delete(stored.name)
        raise


def start_assessment(*, actor: Membership, edition: Edition, year: int) -> Assessment:
    return Assessment.objects.create(
        agency=actor.agency, edition=edition, year=year, created_by=actor.user
    )


def region_evidence_add(*, actor: Membership, upload, title: str, dated=None) -> RegionEvidence:
    evidence = RegionEvidence(
        agency=actor.agency,
        title=title,
        dated=dated,
        original_name=upload.name[:255],
        content_type=getattr(upload, "sniffed_type", ""),
        size=upload.size,
        uploaded_by=actor.user,
    )
    evidence.file.save(upload.name, upload, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


def answer_pemda(
    *, actor: Membership, assessment: Assessment, indicator: Indicator, level, note, evidence
) -> PemdaAnswer:
    answer, _ = PemdaAnswer.objects.update_or_create(
        assessment=assessment,
        indicator=indicator,
        defaults={
            "agency": assessment.agency,
            "level": level,
            "note": note,
            "evidence": evidence,
            "answered_by": actor.user,
        },
    )
    return answer


@transaction.atomic
def answer_innovation(
    *, actor: Membership, assessment, innovation, indicator, level, note, evidence
) -> InnovationAnswer:
    """The agency confirms or overrides a level; a change of level or evidence undoes
    Bappeda's verification. Two people saving at once leave one answer, not an error."""
    answer, created = InnovationAnswer.objects.select_for_update().get_or_create(
        assessment=assessment,
        innovation=innovation,
        indicator=indicator,
        defaults={
            "agency": innovation.agency,
            "level": level,
            "note": note,
            "evidence": evidence,
            "confirmed_by": actor.user,
        },
    )
    if created:
        return answer
    if (answer.level, answer.evidence_id) != (level, getattr(evidence, "pk", None)):
        answer.verified_by, answer.verified_at = None, None
    answer.level, answer.note, answer.evidence = level, note, evidence
    answer.confirmed_by = actor.user
    answer.save()
    return answer


def new_innovation_evidence(*, actor: Membership, innovation, upload, title, kind, dated=None):
    return innovation_services.evidence_add(
        actor=actor, innovation=innovation, upload=upload, title=title, kind=kind, dated=dated
    )


def verify(*, actor: Membership, answer: InnovationAnswer) -> InnovationAnswer:
    answer.verified_by, answer.verified_at = actor.user, timezone.now()
    answer.save(update_fields=["verified_by", "verified_at"])
    return answer


def freeze(*, actor: Membership, workbench: Workbench) -> Snapshot:
    """Keep the season's score and levels as they stand, for the year-over-year trend."""
    claimed, strict = workbench.claimed, workbench.strict
    data = {
        "claimed": {
            "total": str(claimed.total),
            "pemda": str(claimed.pemda),
            "innovation": str(claimed.innovation),
            "count": str(claimed.count),
        },
        "strict": {
            "total": str(strict.total),
            "pemda": str(strict.pemda),
            "innovation": str(strict.innovation),
            "count": str(strict.count),
        },
        "innovations": len(workbench.counted),
        "pemda": {row.indicator.number: row.level for row in workbench.pemda},
        "levels": {
            str(sheet.innovation.pk): {
                row.indicator.number: [row.level, row.strict_level] for row in sheet.rows
            }
            for sheet in workbench.counted
        },
    }
    snapshot, _ = Snapshot.objects.update_or_create(
        assessment=workbench.assessment,
        defaults={
            "agency": workbench.assessment.agency,
            "taken_by": actor.user,
            "taken_at": timezone.now(),
            "iid_claimed": claimed.iid,
            "iid_strict": strict.iid,
            "band_claimed": claimed.band,
            "band_strict": strict.band,
            "data": data,
        },
    )
    return snapshot


OFFICIAL_FIELDS = ("iid", "band", "national_rank", "ranked_among", "announced_on", "reference")


@transaction.atomic
def record_official(*, actor: Membership, assessment: Assessment, fields: dict) -> OfficialResult:
    """Record (or correct) the result Kemendagri announced for the season; the activity
    log keeps what it said before."""
    official = OfficialResult.objects.select_for_update().filter(assessment=assessment).first()
    before = {f: str(getattr(official, f) or "") for f in OFFICIAL_FIELDS} if official else {}
    official = official or OfficialResult(agency=assessment.agency, assessment=assessment)
    for name, value in fields.items():
        setattr(official, name, value)
    official.recorded_by = actor.user
    official.full_clean(exclude=["assessment"])
    official.save()
    after = {f: str(getattr(official, f) or "") for f in OFFICIAL_FIELDS}
    activity_record(
        agency=assessment.agency,
        actor=actor.user,
        action="indexes.official.recorded",
        target=assessment,
        data={
            "changes": {
                f: [before.get(f, ""), v] for f, v in after.items() if before.get(f, "") != v
            }
        },
    )
    return official


@transaction.atomic
def copy_edition(*, actor: Membership, edition: Edition, year: int, name: str) -> Edition:
    """A region's own copy of an edition, with its bands and indicators, to edit for a new
    year (the implementation window moves by the years between)."""
    base = f"{edition.code}-{year}"[:36]
    taken = set(Edition.objects.filter(agency=actor.agency).values_list("code", flat=True))
    code = next(c for c in [base, *(f"{base}-{n}" for n in range(2, 1000))] if c not in taken)
    copy = Edition(
        agency=actor.agency,
        code=code,
        year=year,
        name=name,
        copied_from=edition,
        **{f: getattr(edition, f) for f in Edition.RULE_FIELDS},
    )
    shift = year - edition.year
    for f in ("window_start", "window_end"):
        day = getattr(copy, f)
        if day:  # 29 February moves to the 28th in a common year
            setattr(
                copy,
                f,
                day.replace(
                    year=day.year + shift, day=min(day.day, 28) if day.month == 2 else day.day
                ),
            )
    copy.save()
    Band.objects.bulk_create(
        Band(edition=copy, name=b.name, minimum=b.minimum) for b in edition.bands.all()
    )
    indicators = list(edition.indicators.all())
    for indicator in indicators:
        indicator.pk, indicator.edition = None, copy
    Indicator.objects.bulk_create(indicators)
    return copy


def season_job_request(*, user, assessment: Assessment, kind: str) -> Job:
    """Queue one of the season's documents (the view checked the rule): the PDF brief for
    the head of region (BRIEF_JOB, queue pdf), the workbook and the hand-off pack for the
    national application (WORKBOOK_JOB, PACK_JOB, queue exports)."""
    return jobs.request_job(
        agency=assessment.agency,
        kind=kind,
        requested_by=user,
        subject=selectors.season_subject(assessment),
        params={"assessment": assessment.pk},
    )
