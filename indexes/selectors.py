"""Reads of the index workbench.

Named cross-tenant channels (django-scopes disabled here, and only here): a region's
assessment is kept by its coordinating agencies and read by every agency of the region; the
coordinators read the registry facts and confirmed levels of every innovation of its
region. An agency admin reads only its own agency's innovations.
"""

from collections import defaultdict

from django.db.models import Count, Q, QuerySet
from django_scopes import scopes_disabled

from clinics.models import Agency
from indexes.derivation import EvidenceFact, Facts, beneficiaries_from
from indexes.models import (
    Assessment,
    Edition,
    InnovationAnswer,
    OfficialResult,
    PemdaAnswer,
    RegionEvidence,
    Snapshot,
)
from innovations.choices import EvidenceKind, Maturity, Status
from innovations.models import (
    Evidence,
    Innovation,
    InnovationPartner,
    Measurement,
    MonitoringVisit,
    TeamMember,
)
from jobs import selectors as job_selectors
from jobs.models import Job
from pelembagaan import selectors as pelembagaan

NOT_COUNTED = {Status.DRAFT, Status.WITHDRAWN, Status.DISCONTINUED}


def _kept_by_the_region(agency: Agency) -> Q:
    """Rows kept by any coordinating agency of the agency's region (they keep them
    together: Bappeda, and Bagian Organisasi Setda where it shares the role)."""
    return Q(agency__region=agency.region_id, agency__coordinates_region=True)


def editions_for(agency: Agency) -> QuerySet[Edition]:
    """The shipped editions and the copies the agency's region keeps."""
    with scopes_disabled():
        return Edition.objects.filter(Q(agency=None) | _kept_by_the_region(agency)).select_related(
            "agency"
        )


def edition_get(agency: Agency, pk: int) -> Edition | None:
    with scopes_disabled():
        return editions_for(agency).filter(pk=pk).prefetch_related("indicators", "bands").first()


def assessments_for(agency: Agency) -> QuerySet[Assessment]:
    with scopes_disabled():
        return (
            Assessment.objects.filter(_kept_by_the_region(agency))
            .select_related("agency", "edition")
            .order_by("-year")
        )


def assessment_get(agency: Agency, pk: int) -> Assessment | None:
    return assessments_for(agency).filter(pk=pk).first()


# What the workbench reads of an innovation (its long texts are left to the export).
SCORED_FIELDS = [
    "name",
    "brand_name",
    "agency__name",
    "agency__region_id",
    "urusan",
    "other_urusan",
    "is_digital",
    "created_at",
    "trial_start",
    "implementation_start",
    "last_developed_on",
]


def region_innovations(assessment: Assessment, agency: Agency | None = None, pk=None):
    """Implemented, live innovations of the region's agencies (or of ``agency`` alone, or
    the one ``pk``); ``in_window`` tells which of them the edition counts."""
    with scopes_disabled():
        innovations = (
            Innovation.objects.filter(
                agency__region=assessment.agency.region_id, maturity=Maturity.IMPLEMENTED
            )
            .exclude(status__in=NOT_COUNTED)
            .select_related("agency")
            .only(*SCORED_FIELDS)
            .order_by("agency__name", "name", "pk")
        )
        if agency is not None:
            innovations = innovations.filter(agency=agency)
        if pk is not None:
            innovations = innovations.filter(pk=pk)
        return list(innovations)


def innovations_in_full(ids) -> list[Innovation]:
    """Every field of these innovations, for the export, in the workbench's order."""
    with scopes_disabled():
        found = Innovation.objects.filter(pk__in=list(ids)).select_related("agency")
        by_pk = {innovation.pk: innovation for innovation in found}
    return [by_pk[pk] for pk in ids]


def in_window(edition: Edition, innovation: Innovation) -> bool:
    """Counted by the edition: implemented, or developed further, inside its window."""

    def inside(day) -> bool:
        if day is None:
            return not (edition.window_start or edition.window_end)
        return not (
            (edition.window_start and day < edition.window_start)
            or (edition.window_end and day > edition.window_end)
        )

    return inside(innovation.implementation_start) or (
        innovation.last_developed_on is not None and inside(innovation.last_developed_on)
    )


def facts_for(innovations: list[Innovation], season: int | None = None) -> dict[int, Facts]:
    """The registry's and the pelembagaan tracker's facts the derivation rules read, for
    many innovations in nine queries; ``season`` is the assessment's year (T-0)."""
    ids = [i.pk for i in innovations]
    facts = {
        i.pk: Facts(
            is_digital=i.is_digital,
            idea_on=i.created_at.date(),
            trial_on=i.trial_start,
            season=season,
        )
        for i in innovations
    }
    _tracker_facts(facts)
    with scopes_disabled():
        for innovation_id, members in (
            TeamMember.objects.filter(innovation__in=ids)
            .values_list("innovation_id")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            facts[innovation_id].team_size += members
        for innovation_id, kind in InnovationPartner.objects.filter(innovation__in=ids).values_list(
            "innovation_id", "partner__kind"
        ):
            facts[innovation_id].partner_kinds.append(kind)
        for row in Evidence.objects.filter(innovation__in=ids).values(
            "pk", "innovation_id", "kind", "title", "dated", "original_name", "link"
        ):
            facts[row["innovation_id"]].evidence.append(
                EvidenceFact(
                    row["pk"],
                    row["kind"],
                    row["title"],
                    row["dated"],
                    row["original_name"] or row["link"],
                )
            )
        # Replications count once per other region, and only live ones (lineage).
        region_of = {i.pk: i.agency.region_id for i in innovations}
        elsewhere = defaultdict(set)
        for origin_id, region_id in (
            Innovation.objects.filter(origin__in=ids)
            .exclude(status__in=NOT_COUNTED)
            .values_list("origin_id", "agency__region_id")
        ):
            if region_id != region_of[origin_id]:
                elsewhere[origin_id].add(region_id)
        for origin_id, regions in elsewhere.items():
            facts[origin_id].replications_elsewhere = len(regions)
        latest: dict[int, dict[int, tuple]] = defaultdict(dict)
        for innovation_id, indicator_id, unit, value in (
            Measurement.objects.filter(indicator__innovation__in=ids)
            .values_list("indicator__innovation_id", "indicator_id", "indicator__unit", "value")
            .order_by("measured_on", "pk")
        ):
            latest[innovation_id][indicator_id] = (unit, value)
        for innovation_id, by_indicator in latest.items():
            facts[innovation_id].beneficiaries = beneficiaries_from(by_indicator.values())
        for innovation_id, instrument in MonitoringVisit.objects.filter(
            innovation__in=ids, done_on__isnull=False
        ).values_list("innovation_id", "instrument"):
            facts[innovation_id].visits_done.append(instrument)
    return facts


def _tracker_facts(facts: dict[int, Facts]) -> None:
    """The regulations in force that name each innovation (among its regulation
    evidence) and the budget lines that fund it, from the pelembagaan tracker."""
    for innovation_id, documents in pelembagaan.regulations_naming(facts).items():
        facts[innovation_id].evidence.extend(
            EvidenceFact(
                d.pk,
                EvidenceKind.REGULATION,
                d.title,
                d.dated,
                d.file_name,
                source=d.source,
                rank=d.rank,
            )
            for d in documents
        )
    # A budget document is the report of a year's programme: the kind the indicator takes.
    for innovation_id, documents in pelembagaan.budget_naming(facts).items():
        facts[innovation_id].budget = [
            EvidenceFact(d.pk, EvidenceKind.REPORT, d.title, d.dated, d.file_name, d.source)
            for d in documents
        ]


def innovation_answers(assessment: Assessment, innovation_ids) -> list[InnovationAnswer]:
    with scopes_disabled():
        return list(
            InnovationAnswer.objects.filter(
                assessment=assessment, innovation__in=list(innovation_ids)
            ).select_related("evidence", "confirmed_by", "verified_by")
        )


def pemda_answers(assessment: Assessment) -> list[PemdaAnswer]:
    with scopes_disabled():
        return list(
            PemdaAnswer.objects.filter(assessment=assessment).select_related(
                "evidence", "answered_by"
            )
        )


def region_evidence(coordinator: Agency) -> QuerySet[RegionEvidence]:
    """The region's locker, kept by its coordinating agencies together (read in their
    scope: ``clinics.tenancy.coordinators_scope``)."""
    return RegionEvidence.objects.filter(_kept_by_the_region(coordinator))


def region_locker(agency: Agency) -> list[RegionEvidence]:
    """The region's locker, whichever of its coordinators keeps each file: what the
    region's own Instansi Pembina entry may attach."""
    with scopes_disabled():
        return list(
            RegionEvidence.objects.filter(_kept_by_the_region(agency)).order_by("title", "pk")
        )


def region_evidence_get(agency: Agency, pk: int) -> RegionEvidence | None:
    """A file of the region's locker, for any admin of the region."""
    with scopes_disabled():
        return RegionEvidence.objects.filter(_kept_by_the_region(agency), pk=pk).first()


def season_subject(assessment: Assessment) -> str:
    return f"assessment:{assessment.pk}"


def latest_job(assessment: Assessment, kind: str, *, ready: bool = False) -> Job | None:
    """The newest job of ``kind`` (BRIEF_JOB, WORKBOOK_JOB, PACK_JOB) about the season (or
    its newest ready one)."""
    return job_selectors.latest(assessment.agency_id, kind, season_subject(assessment), ready=ready)


def official_of(assessment: Assessment) -> OfficialResult | None:
    with scopes_disabled():
        return OfficialResult.objects.filter(assessment=assessment).first()


def snapshot_of(assessment: Assessment) -> Snapshot | None:
    with scopes_disabled():
        return Snapshot.objects.filter(assessment=assessment).first()


def officials_of(coordinator: Agency) -> list[OfficialResult]:
    """The official results of the region's seasons (whichever of its coordinators
    recorded them)."""
    with scopes_disabled():
        return list(
            OfficialResult.objects.filter(_kept_by_the_region(coordinator))
            .select_related("assessment")
            .order_by("assessment__year")
        )


def snapshots_of(coordinator: Agency) -> list[Snapshot]:
    """The region's frozen seasons (whichever of its coordinators froze them)."""
    with scopes_disabled():
        return list(
            Snapshot.objects.filter(_kept_by_the_region(coordinator))
            .select_related("assessment")
            .order_by("assessment__year", "taken_at")
        )


def pack_documents(rows) -> dict:
    """The document behind each row's level, with its file, keyed by ``id(row)``: the
    region's or an innovation's evidence as attached, or what a proposal was read from
    (an innovation's evidence, a regulation or budget line of the pelembagaan tracker),
    in one query per kind."""
    facts = [row for row in rows if isinstance(row.evidence, EvidenceFact)]
    wanted: dict[str, set] = defaultdict(set)
    for row in facts:
        wanted[row.evidence.source].add(row.evidence.pk)
    found = {}
    with scopes_disabled():
        if wanted["evidence"]:
            found["evidence"] = Evidence.records.in_bulk(wanted.pop("evidence"))
    for source, pks in wanted.items():
        if pks:
            found[source] = pelembagaan.documents_by_pk(source, pks)
    documents = {}
    for row in rows:
        if isinstance(row.evidence, EvidenceFact):
            document = found.get(row.evidence.source, {}).get(row.evidence.pk)
        else:
            document = row.evidence
        if document is not None:
            documents[id(row)] = document
    return documents


def innovation_evidence(innovation: Innovation) -> list[Evidence]:
    with scopes_disabled():
        return list(Evidence.objects.filter(innovation=innovation).order_by("-dated", "-pk"))
