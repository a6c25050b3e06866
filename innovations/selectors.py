"""Reads of the registry. Cross-agency reads are named for their channel: the catalogue
(published innovations), replication sources and lineage, and the region's register for
its coordinators."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear
from django_scopes import scope, scopes_disabled

from clinics.models import ActivityLog, Agency, Membership
from clinics.selectors import region_agencies
from innovations.choices import EXPORT_JOB, EvidenceKind, Maturity, Status
from innovations.models import (
    Evidence,
    FollowUpAction,
    ImportBatch,
    ImportRow,
    Innovation,
    InnovationPartner,
    Measurement,
    MonitoringVisit,
    RegionalTarget,
    SustainabilityCheckIn,
    TeamMember,
)
from jobs import selectors as job_selectors
from jobs.models import Job

SORTS = {
    "newest": ["-created_at", "-id"],
    "oldest": ["created_at", "id"],
    "name": ["name", "id"],
    "updated": ["-updated_at", "-id"],
}
SEARCH_FIELDS = ["name", "brand_name", "problem", "design"]


def with_team(queryset: QuerySet[Innovation]) -> QuerySet[Innovation]:
    """Load the co-authors, so that rules can tell authors without a query."""
    return queryset.prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.select_related("user"))
    )


def _visible_to(membership: Membership) -> Q:
    """Drafts are private to their team; everything else is open to the agency."""
    on_team = TeamMember.objects.filter(innovation=OuterRef("pk"), user=membership.user_id)
    return ~Q(status=Status.DRAFT) | Q(author=membership.user_id) | Q(Exists(on_team))


def search(queryset: QuerySet[Innovation], text: str) -> QuerySet[Innovation]:
    """Full-text search on PostgreSQL (Indonesian stemming), a substring match elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*SEARCH_FIELDS, config="indonesian")
        query = SearchQuery(text, config="indonesian", search_type="websearch")
        # alias, not annotate: the vector serves the filter (and its GIN index) without
        # being computed again for every row returned.
        return queryset.alias(search=vector).filter(Q(search=query) | Q(brand_name__icontains=text))
    condition = Q()
    for field in SEARCH_FIELDS:
        condition |= Q(**{f"{field}__icontains": text})
    return queryset.filter(condition)


def _filtered(items: QuerySet[Innovation], filters: dict) -> QuerySet[Innovation]:
    """The registry's filters, search and sort (the filter form's cleaned data)."""
    for field in ("agency", "unit", "status", "phase", "maturity", "benefit_type"):
        if filters.get(field):
            items = items.filter(**{field: filters[field]})
    if filters.get("year"):
        items = items.filter(created_at__year=filters["year"])
    if filters.get("digital") in ("yes", "no"):
        items = items.filter(is_digital=filters["digital"] == "yes")
    items = search(items, filters.get("q", ""))
    return items.order_by(*SORTS.get(filters.get("sort") or "newest", SORTS["newest"]))


def innovation_list(membership: Membership, *, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    items = Innovation.objects.filter(_visible_to(membership), agency=membership.agency_id)
    if filters.get("mine"):
        on_team = TeamMember.objects.filter(innovation=OuterRef("pk"), user=membership.user_id)
        items = items.filter(Q(author=membership.user_id) | Q(Exists(on_team)))
    return _filtered(items, filters).select_related("unit", "author")


def innovation_get(membership: Membership, pk: int) -> Innovation | None:
    return (
        with_team(Innovation.objects.filter(agency=membership.agency_id, pk=pk))
        .select_related("unit", "author", "origin", "origin__agency")
        .first()
    )


def innovation_detail_parts(innovation: Innovation) -> dict:
    """Everything the detail page shows besides the innovation itself, in a few queries."""
    indicators = list(
        innovation.indicators.prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
        )
    )
    for indicator in indicators:
        indicator.latest = next(reversed(indicator.measurements.all()), None)
    return {
        "indicators": indicators,
        "evidence": list(innovation.evidence.select_related("uploaded_by")),
        "visits": list(innovation.visits.all()),
        "actions": list(innovation.actions.select_related("owner")),
        "checkins": list(innovation.checkins.select_related("by")[:5]),
        "partners": [
            link.partner
            for link in InnovationPartner.objects.filter(innovation=innovation).select_related(
                "partner"
            )
        ],
        "timeline": timeline(innovation),
        "family": family_tree(innovation, viewer_agency_id=innovation.agency_id),
    }


def timeline(innovation: Innovation) -> QuerySet[ActivityLog]:
    return ActivityLog.objects.filter(
        agency=innovation.agency_id,
        target_type="innovations.innovation",
        target_id=innovation.pk,
    ).select_related("actor")


LINEAGE_DEPTH = 10


def family_tree(innovation: Innovation, *, viewer_agency_id: int | None) -> dict:
    """The replication family the innovation belongs to, from its first origin down, across
    agencies and regions (the lineage is a named channel); one query per generation.

    The viewer's agency sees its own innovations and the origins they name; every other
    innovation shows only when published. A hidden node keeps its place (the tree stays
    true) but not its name; a hidden branch with nothing visible below is left out.
    """
    with scopes_disabled():
        root, ancestors = innovation, {innovation.pk}
        while root.origin_id and root.origin_id not in ancestors and len(ancestors) < 50:
            root = Innovation.objects.select_related("agency__region").get(pk=root.origin_id)
            ancestors.add(root.pk)
        children: dict[int, list[Innovation]] = {}
        frontier, seen = [root.pk], {root.pk}
        for _generation in range(LINEAGE_DEPTH):
            level = list(
                Innovation.objects.filter(origin_id__in=frontier)
                .exclude(pk__in=seen)
                .select_related("agency__region")
                .order_by("created_at")
            )
            if not level:
                break
            for node in level:
                children.setdefault(node.origin_id, []).append(node)
                seen.add(node.pk)
            frontier = [node.pk for node in level]
    everyone = [root, *(node for level in children.values() for node in level)]
    mine = [node for node in everyone if node.agency_id == viewer_agency_id]
    # Another agency's unpublished innovation shows only where one of ours names it as its
    # origin; a colleague's draft never shows.
    named = {node.origin_id for node in mine if node.origin_id}

    def visible(node):
        if node.pk == innovation.pk or node.is_published:
            return True
        if node.agency_id == viewer_agency_id:
            return node.status != Status.DRAFT
        return node.pk in named

    def build(node):
        kids = [
            branch
            for branch in (build(kid) for kid in children.get(node.pk, []))
            if branch is not None
        ]
        shown = visible(node)
        if not shown and not kids:
            return None
        return {"node": node, "hidden": not shown, "children": kids}

    return build(root)


def replication_sources(agency: Agency) -> QuerySet[Innovation]:
    """What a new idea may name as its origin: the agency's own non-draft innovations and
    every published innovation of any agency (the catalogue)."""
    with scopes_disabled():
        return (
            Innovation.objects.filter(
                Q(agency=agency) & ~Q(status=Status.DRAFT) | Q(is_published=True)
            )
            .select_related("agency")
            .order_by("name")
        )


def catalogue_list(*, text: str = "") -> QuerySet[Innovation]:
    """The ruang inspirasi: published innovations of every agency, for any signed-in user."""
    with scopes_disabled():
        items = Innovation.objects.filter(is_published=True).select_related(
            "agency", "agency__region", "unit"
        )
        return search(items, text).order_by("-created_at", "-id")


def catalogue_get(pk: int) -> Innovation | None:
    with scopes_disabled():
        return (
            Innovation.objects.filter(pk=pk, is_published=True)
            .select_related("agency", "agency__region", "unit", "origin")
            .first()
        )


def catalogue_evidence(innovation: Innovation) -> list[Evidence]:
    with scopes_disabled():
        return list(Evidence.objects.filter(innovation=innovation, is_public=True))


def catalogue_evidence_get(innovation: Innovation, pk: int) -> Evidence | None:
    with scopes_disabled():
        return Evidence.objects.filter(innovation=innovation, is_public=True, pk=pk).first()


def actions_due_for(membership: Membership) -> QuerySet[FollowUpAction]:
    return (
        FollowUpAction.objects.filter(
            agency=membership.agency_id, owner=membership.user_id, done_at__isnull=True
        )
        .select_related("innovation")
        .order_by("due_on")
    )


def pipeline(agency: Agency) -> dict:
    """Counts by status, 5D phase (in coaching) and maturity (in coaching or sustained) for
    the clinic home, as (value, label, count) rows in the vocabularies' order."""
    from innovations.choices import Phase

    base = Innovation.objects.filter(agency=agency)

    def rows(choices, field, **where):
        counts = dict(
            base.filter(**where).values_list(field).annotate(n=Count("id")).values_list(field, "n")
        )
        return [(value, label, counts.get(value, 0)) for value, label in choices]

    active = [Status.COACHING, Status.SUSTAINED]
    return {
        "status": [row for row in rows(Status.choices, "status") if row[2]],
        "phase": rows(Phase.choices, "phase", status=Status.COACHING),
        "maturity": rows(Maturity.choices, "maturity", status__in=active),
    }


def target_progress(agency: Agency, year: int | None = None) -> list[dict]:
    """Each target of the year with the count of new (submitted) innovations so far."""
    from django.utils import timezone

    from innovations.models import Target

    year = year or timezone.localdate().year
    counted = Innovation.objects.filter(agency=agency, created_at__year=year).exclude(
        status__in=[Status.DRAFT, Status.WITHDRAWN]
    )
    per_unit = dict(counted.values_list("unit").annotate(n=Count("id")).values_list("unit", "n"))
    total = sum(per_unit.values())
    rows = []
    for target in Target.objects.filter(agency=agency, year=year).select_related("unit"):
        done = total if target.unit_id is None else per_unit.get(target.unit_id, 0)
        rows.append({"target": target, "done": done, "unit": target.unit})
    rows.sort(key=lambda row: (row["unit"] is not None, str(row["unit"] or "")))
    return rows


def checkins_due(agency: Agency, *, interval_days: int) -> QuerySet[Innovation]:
    """Implemented innovations whose last sustainability check-in is older than the interval
    (or that never had one)."""
    from datetime import timedelta

    from django.db.models import Max
    from django.utils import timezone

    cutoff = timezone.localdate() - timedelta(days=interval_days)
    return (
        Innovation.objects.filter(
            agency=agency,
            maturity=Maturity.IMPLEMENTED,
            status__in=[Status.COACHING, Status.SUSTAINED],
        )
        .annotate(last_checkin=Max("checkins__checked_on"))
        .filter(Q(last_checkin__isnull=True) | Q(last_checkin__lt=cutoff))
        .order_by("last_checkin", "name")
    )


def to_review(agency: Agency) -> QuerySet[Innovation]:
    return (
        Innovation.objects.filter(agency=agency, status=Status.SUBMITTED)
        .select_related("author")
        .order_by("submitted_at")
    )


def home_summary(membership: Membership) -> dict:
    """The clinic home's registry part: progress against this year's target, the pipeline,
    and what needs this person's attention."""
    from django.conf import settings

    coach = membership.is_facilitator or membership.is_admin
    agency = membership.agency
    progress = target_progress(agency)
    return {
        "target": next((row for row in progress if row["unit"] is None), None),
        "unit_targets": [row for row in progress if row["unit"] is not None],
        "pipeline": pipeline(agency),
        "to_review": list(to_review(agency)[:10]) if coach else [],
        "my_actions": list(actions_due_for(membership)[:10]),
        "checkins_late": list(
            checkins_due(agency, interval_days=settings.CHECKIN_INTERVAL_DAYS)[:10]
        )
        if coach
        else [],
    }


def own_innovations(user) -> QuerySet[Innovation]:
    """The innovations a person authors or co-authors, in any of their agencies (to say what
    a coaching session is about, also at another agency's open clinic)."""
    with scopes_disabled():
        # Two indexed look-ups instead of one OR over every agency's innovations.
        ids = set(Innovation.objects.filter(author=user.pk).values_list("pk", flat=True))
        ids |= set(TeamMember.objects.filter(user=user.pk).values_list("innovation", flat=True))
        return (
            Innovation.objects.filter(pk__in=ids)
            .exclude(status__in=[Status.WITHDRAWN, Status.DISCONTINUED, Status.ARCHIVED])
            .select_related("agency")
            .only("id", "name", "brand_name", "agency__id", "agency__name")
            .order_by("name")
        )


def in_coaching(agency: Agency) -> QuerySet[Innovation]:
    return (
        Innovation.objects.filter(agency=agency, status=Status.COACHING)
        .only("id", "name", "brand_name", "phase")
        .order_by("name")
    )


def team_of(innovation: Innovation) -> list:
    """The author and the co-authors of an innovation."""
    members = [
        m.user for m in TeamMember.objects.filter(innovation=innovation).select_related("user")
    ]
    return [innovation.author, *members]


def origin_chain(innovation: Innovation) -> set[int]:
    """The ids of an innovation and all its origins, up the lineage (across agencies)."""
    chain = set()
    with scopes_disabled():
        current = innovation
        while current is not None and current.pk not in chain and len(chain) < 100:
            chain.add(current.pk)
            current = (
                Innovation.objects.only("id", "origin_id").filter(pk=current.origin_id).first()
                if current.origin_id
                else None
            )
    return chain


def region_activity(region_id: int) -> list[dict]:
    """Per agency and year of the region: ideas created, replications started and
    regulations (SK, Perkada, Perda) filed: the region's evidence of creating, developing
    and institutionalising innovation (a named cross-agency channel for its coordinator)."""
    with scopes_disabled():
        innovations = (
            Innovation.objects.filter(agency__region=region_id)
            .annotate(year=ExtractYear("created_at"))
            .order_by()
            .values("year", "agency__name")
            .annotate(
                created=Count("pk"),
                replications=Count("pk", filter=Q(origin__isnull=False)),
            )
        )
        regulations = (
            Evidence.objects.filter(agency__region=region_id, kind="regulation")
            .annotate(year=ExtractYear("created_at"))
            .order_by()
            .values("year", "agency__name")
            .annotate(regulations=Count("pk"))
        )
        rows: dict[tuple, dict] = {}
        for row in [*innovations, *regulations]:
            key = (row["year"], row["agency__name"])
            rows.setdefault(key, {"year": key[0], "agency__name": key[1]}).update(
                {k: v for k, v in row.items() if k not in {"year", "agency__name"}}
            )
    return list(rows.values())


# --- The region's register: the channel of the region's coordinators --------------------


def _in_the_register() -> Q:
    """What the register shows: every innovation from its submission on. Never a draft,
    nor a draft withdrawn before it was ever submitted."""
    return ~Q(status=Status.DRAFT) & ~Q(status=Status.WITHDRAWN, submitted_at__isnull=True)


def region_register(coordinator: Membership, *, filters: dict | None = None) -> QuerySet:
    """Every agency's innovations in the coordinator's region, from "submitted" on, with the
    registry's filters (and ``agency``), search and sort. For the region's coordinators
    only (the view asks ``rules.can_view_register``); read-only. The register's XLSX
    export reads this same list."""
    with scopes_disabled():
        items = Innovation.objects.filter(
            _in_the_register(), agency__region=coordinator.agency.region_id
        )
        return _filtered(items, filters or {}).select_related("agency", "unit", "author")


def region_innovation_get(coordinator: Membership, pk: int) -> Innovation | None:
    """An innovation of the register, for a coordinator of its region; ``None`` for anyone
    else, for a draft and for another region's (the view answers 404)."""
    if not coordinator.is_coordinator:
        return None
    with scopes_disabled():
        return (
            Innovation.objects.filter(
                _in_the_register(), agency__region=coordinator.agency.region_id, pk=pk
            )
            .select_related("agency", "unit", "author", "origin", "origin__agency")
            .first()
        )


def region_innovation_parts(innovation: Innovation) -> dict:
    """What the register's read-only page shows of an innovation, read in its own agency's
    scope (the page is the coordinator's)."""
    with scope(agency=innovation.agency):
        parts = innovation_detail_parts(innovation)
        parts["timeline"] = list(parts["timeline"][:100])
        parts["team"] = team_of(innovation)
    return parts


def region_board(region_id: int, year: int) -> list[dict]:
    """The region's "one agency, three innovations" board: per agency, the target its
    coordinators set for ``year`` and that year's new innovations (from "submitted" on),
    how many are in trial (uji coba) and implemented (penerapan); in three queries."""
    with scopes_disabled():
        counts = {
            row["agency"]: row
            for row in Innovation.objects.filter(
                _in_the_register(), agency__region=region_id, created_at__year=year
            )
            .exclude(status=Status.WITHDRAWN)
            .order_by()
            .values("agency")
            .annotate(
                submitted=Count("pk"),
                trial=Count("pk", filter=Q(maturity=Maturity.TRIAL)),
                implemented=Count("pk", filter=Q(maturity=Maturity.IMPLEMENTED)),
            )
        }
        targets = dict(
            RegionalTarget.objects.filter(agency__region=region_id, year=year).values_list(
                "agency", "count"
            )
        )
    rows = []
    for agency in region_agencies(region_id):
        done = counts.get(agency.pk, {})
        rows.append(
            {
                "agency": agency,
                "target": targets.get(agency.pk),
                "submitted": done.get("submitted", 0),
                "trial": done.get("trial", 0),
                "implemented": done.get("implemented", 0),
            }
        )
    return rows


def regional_target(agency: Agency, year: int):
    """The target the region's coordinators set for the agency this year, if any."""
    return RegionalTarget.objects.filter(agency=agency, year=year).first()


def region_choices(region_id: int) -> QuerySet[Innovation]:
    """The register's innovations that may still take part (not withdrawn nor archived),
    to pick in the coordinators' forms and to shortlist."""
    with scopes_disabled():
        return (
            Innovation.objects.filter(_in_the_register(), agency__region=region_id)
            .exclude(status__in=[Status.WITHDRAWN, Status.ARCHIVED])
            .select_related("agency")
            .order_by("agency__name", "name")
        )


@dataclass
class RegionPembinaan:
    """What the region's registry shows of its coordinator's pembinaan up to a day (the
    Instansi Pembina entry's figures count it)."""

    innovations: list  # from submission on, created by then, with agency and author
    team: list  # their co-authors (TeamMember, with user)
    partner_links: list  # their partners (InnovationPartner, with partner)
    media: list  # media coverage in their evidence lockers
    visits: list  # monitoring visits done
    checkins: list  # sustainability check-ins
    replicated_elsewhere: list  # innovations of other regions replicating one of them
    targets: list  # the targets the coordinators set the agencies for the year


def region_pembinaan(region_id: int, until) -> RegionPembinaan:
    """The region's registry as its coordinator reports it for ``until``'s year, in eight
    queries (a named cross-agency channel for the coordinator)."""
    live = [Status.DRAFT, Status.WITHDRAWN]
    with scopes_disabled():
        innovations = list(
            Innovation.objects.filter(agency__region=region_id, created_at__date__lte=until)
            .exclude(status__in=live)
            .select_related("agency", "author", "origin__agency__region")
            .order_by("agency__name", "name", "pk")
        )
        ids = [innovation.pk for innovation in innovations]
        return RegionPembinaan(
            innovations=innovations,
            team=list(TeamMember.objects.filter(innovation__in=ids).select_related("user")),
            partner_links=list(
                InnovationPartner.objects.filter(innovation__in=ids).select_related(
                    "partner", "innovation__agency"
                )
            ),
            media=list(
                Evidence.objects.filter(innovation__in=ids, kind=EvidenceKind.MEDIA)
                .filter(Q(dated__lte=until) | Q(dated__isnull=True, created_at__date__lte=until))
                .select_related("innovation__agency")
            ),
            visits=list(
                MonitoringVisit.objects.filter(innovation__in=ids, done_on__lte=until)
                .select_related("innovation__agency")
                .order_by("done_on")
            ),
            checkins=list(
                SustainabilityCheckIn.objects.filter(innovation__in=ids, checked_on__lte=until)
                .select_related("innovation__agency")
                .order_by("checked_on")
            ),
            replicated_elsewhere=list(
                Innovation.objects.filter(origin__in=ids, created_at__date__lte=until)
                .exclude(agency__region=region_id)
                .exclude(status__in=live)
                .select_related("agency__region", "origin")
            ),
            targets=list(
                RegionalTarget.objects.filter(
                    agency__region=region_id, year=until.year
                ).select_related("agency")
            ),
        )


# --- Imports: an agency's own, and for the region's coordinators every agency's ---------


def import_subject(batch: ImportBatch) -> str:
    return f"import:{batch.pk}"


def _batches_for(membership: Membership) -> QuerySet:
    if membership.is_coordinator:
        return ImportBatch.objects.filter(agency__region=membership.agency.region_id)
    return ImportBatch.objects.filter(agency=membership.agency_id)


def import_batches(membership: Membership) -> QuerySet:
    """The spreadsheets uploaded for the member's agency or, for a coordinator, for any
    agency of its region (named channel), newest first."""
    with scopes_disabled():
        return _batches_for(membership).select_related("agency", "requested_by", "requested_from")


def import_batch_get(membership: Membership, pk: int):
    with scopes_disabled():
        return (
            _batches_for(membership)
            .select_related("agency", "requested_by", "requested_from")
            .filter(pk=pk)
            .first()
        )


def import_rows(batch, *, outcome: str = "") -> QuerySet:
    """The batch's rows in its own agency's scope (read on a coordinator's page too)."""
    rows = ImportRow.objects.with_scope(agency=batch.agency_id).filter(batch=batch)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.order_by("number")


def import_job(batch, kind: str, *, ready: bool = False):
    """The batch's latest check or import job (read with its agency named)."""
    return job_selectors.latest(batch.agency_id, kind, import_subject(batch), ready=ready)


# --- Register exports (jobs of the kind EXPORT_JOB) -----------------------------------------


def export_subject(membership: Membership, *, region: bool = False) -> str:
    """An export is its requester's own: what it holds depends on what they see. The
    agency's list and the region's register (for its coordinators) are exported apart."""
    return f"user:{membership.user_id}" + (":region" if region else "")


def latest_export(membership: Membership, *, region: bool = False) -> Job | None:
    subject = export_subject(membership, region=region)
    return job_selectors.latest(membership.agency_id, EXPORT_JOB, subject)


def export_get(membership: Membership, pk: int) -> Job | None:
    """One of the member's own exports in their agency, of the list or of the register
    (None for anyone else's)."""
    return Job.objects.filter(
        pk=pk,
        agency=membership.agency_id,
        kind=EXPORT_JOB,
        subject__in=[export_subject(membership), export_subject(membership, region=True)],
    ).first()
