"""Reads of competitions and dossiers.

Named cross-tenant channels (django-scopes disabled here, and only here):
- a region's competitions are kept by its coordinating agencies (together) and read by all
  its agencies;
- the coordinators read every dossier of their region;
- whether an innovation (or the origin it replicates, perhaps elsewhere) was ever a winner.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics import selectors as clinic_selectors
from clinics.models import ActivityLog, Agency, Membership
from competitions.checklist import checklist
from competitions.choices import (
    PORTFOLIO_JOB,
    REGION_ZIP_JOB,
    SEASON_REPORT_JOB,
    WINNING_RESULTS,
    CategoryRule,
    CompetitionKind,
    DossierStatus,
    StageKind,
)
from competitions.eligibility import Facts, reasons
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
from innovations import selectors as innovation_selectors
from innovations.models import Innovation, TeamMember
from jobs import selectors as job_selectors
from jobs.models import Job


def competitions_for(agency: Agency) -> QuerySet[Competition]:
    """The competitions the agency's region keeps (empty without a coordinator)."""
    with scopes_disabled():
        return (
            Competition.objects.filter(
                agency__region=agency.region_id, agency__coordinates_region=True
            )
            .select_related("agency")
            .order_by("-year", "name", "pk")
        )


def kept_competition(agency: Agency, pk: int) -> Competition | None:
    """A competition of the region, for one of the coordinating agencies that keep the
    region's competitions together (``None`` for any other agency)."""
    if not agency.coordinates_region:
        return None
    return competitions_for(agency).filter(pk=pk).first()


def with_stages(competitions) -> list[Competition]:
    """Attach each competition's stages (``stage_list``) and next deadline, in one query."""
    competitions = list(competitions)
    with scopes_disabled():
        stages = list(
            Stage.objects.filter(competition__in=[c.pk for c in competitions]).order_by("starts_on")
        )
    today = timezone.localdate()
    for competition in competitions:
        competition.stage_list = [s for s in stages if s.competition_id == competition.pk]
        competition.next_stage = next(
            (s for s in competition.stage_list if s.ends_on >= today), None
        )
    return competitions


def deadlines_ahead(agency: Agency, *, limit: int = 5) -> list[Stage]:
    """The next stage ends of the competitions the agency's region keeps (a home page's
    "deadlines"), soonest first, each with its ``competition`` and ``days_left``."""
    today = timezone.localdate()
    with scopes_disabled():
        stages = list(
            Stage.objects.filter(
                competition__agency__region=agency.region_id,
                competition__agency__coordinates_region=True,
                ends_on__gte=today,
            )
            .select_related("competition")
            .order_by("ends_on", "pk")[:limit]
        )
    for stage in stages:
        stage.days_left = (stage.ends_on - today).days
    return stages


def competition_get(agency: Agency, pk: int) -> Competition | None:
    """A competition of the agency's region with its stages, categories, sections and
    documents loaded (``stage_list``, ``category_list``, each ``section_list`` and
    ``document_list``)."""
    competition = competitions_for(agency).filter(pk=pk).first()
    if competition is None:
        return None
    with scopes_disabled():
        categories = list(Category.objects.filter(competition=competition))
        sections = list(Section.objects.filter(category__competition=competition))
        documents = list(RequiredDocument.objects.filter(category__competition=competition))
    for category in categories:
        category.section_list = [s for s in sections if s.category_id == category.pk]
        category.document_list = [d for d in documents if d.category_id == category.pk]
    competition.category_list = categories
    return with_stages([competition])[0]


def category_get(agency: Agency, pk: int) -> Category | None:
    with scopes_disabled():
        return (
            Category.objects.filter(
                pk=pk,
                competition__agency__region=agency.region_id,
                competition__agency__coordinates_region=True,
            )
            .select_related("competition")
            .first()
        )


def kept_category(agency: Agency, pk: int) -> Category | None:
    """A category of the region's competitions, for one of its coordinating agencies."""
    return category_get(agency, pk) if agency.coordinates_region else None


def _with_region(queryset):
    return queryset.select_related(
        "category__competition", "innovation", "agency", "stage"
    ).annotate(region_id=F("agency__region_id"))


def _load_team(dossiers):
    ids = {d.innovation_id for d in dossiers if d.innovation_id}
    team: dict[int, set[int]] = {}
    with scopes_disabled():
        for innovation_id, user_id in TeamMember.objects.filter(innovation_id__in=ids).values_list(
            "innovation_id", "user_id"
        ):
            team.setdefault(innovation_id, set()).add(user_id)
    for dossier in dossiers:
        innovation = dossier.innovation
        members = team.get(dossier.innovation_id, set())
        dossier.team_user_ids = members | ({innovation.author_id} if innovation else set())
    return dossiers


def dossier_list(membership: Membership, *, competition: Competition | None = None):
    """The agency's dossiers the member may see."""
    dossiers = _with_region(Dossier.objects.filter(agency=membership.agency_id))
    if competition is not None:
        dossiers = dossiers.filter(category__competition=competition)
    if not (membership.is_admin or membership.is_facilitator):
        dossiers = dossiers.filter(
            Q(innovation__author=membership.user_id) | Q(innovation__team__user=membership.user_id)
        ).distinct()
    return dossiers.order_by("-created_at", "-id")


def dossier_get(membership: Membership, pk: int) -> Dossier | None:
    """A dossier of the member's agency or, for the region's coordinator, of any agency in
    the region; ``None`` otherwise (the view answers 404)."""
    if membership.is_coordinator:
        with scopes_disabled():
            dossier = (
                _with_region(Dossier.objects.filter(agency__region=membership.agency.region_id))
                .filter(pk=pk)
                .first()
            )
    else:
        dossier = _with_region(Dossier.objects.filter(agency=membership.agency_id, pk=pk)).first()
    return _load_team([dossier])[0] if dossier else None


def dossier_parts(dossier: Dossier) -> dict:
    """Sections, documents, comments, scores and the checklist, in a fixed number of
    queries; read inside the dossier's own agency scope."""
    with scopes_disabled():
        sections = list(
            DossierSection.objects.filter(dossier=dossier)
            .select_related("section", "updated_by")
            .order_by("section__order", "section_id")
        )
        requirements = list(RequiredDocument.objects.filter(category=dossier.category_id))
        documents = list(
            DossierDocument.objects.filter(dossier=dossier).select_related(
                "evidence", "region_evidence", "regulation"
            )
        )
        comments = list(SectionComment.objects.filter(dossier=dossier).select_related("author"))
        scores = list(MockScore.objects.filter(dossier=dossier))
        outcomes = list(dossier.outcomes.select_related("stage"))
        stages = list(Stage.objects.filter(competition=dossier.category.competition_id))
    attached = Counter(doc.requirement_id for doc in documents)
    open_comments = [c for c in comments if c.resolved_at is None]
    for row in sections:
        row.comments = [c for c in comments if c.section_id == row.section_id]
        row.scores = [s.score for s in scores if s.section_id == row.section_id]
    for requirement in requirements:
        requirement.picked = [d for d in documents if d.requirement_id == requirement.pk]
    return {
        "sections": sections,
        "requirements": requirements,
        "checklist": checklist(sections, requirements, attached, len(open_comments)),
        "mock_score": mock_score(sections),
        "outcomes": outcomes,
        "stages": stages,
    }


def mock_score(sections) -> float | None:
    """The weighted mock score (0–100) of DossierSection rows with their ``scores``."""
    return weighted_total((row.section.weight, row.scores) for row in sections)


def weighted_total(pairs) -> float | None:
    """Σ weight% × the criterion's average score, over (weight, [scores]) pairs; ``None``
    until some criterion is scored. Used for mock scores and the jury alike."""
    scored = [(float(weight), scores) for weight, scores in pairs if scores]
    if not scored:
        return None
    return round(sum(w * sum(s) / len(s) for w, s in scored) / 100, 1)


# --- Internal judging ---------------------------------------------------------------------


def jury_competition(agency: Agency, pk: int) -> Competition | None:
    """An internal competition the agency keeps, with ``juror_user_ids`` loaded."""
    competition = Competition.objects.filter(pk=pk, agency=agency, kind="internal").first()
    if competition is not None:
        competition.juror_list = list(competition.jurors.select_related("user"))
        competition.juror_user_ids = {j.user_id for j in competition.juror_list}
    return competition


def jury_board(competition: Competition, juror=None) -> list[Dossier]:
    """Every dossier of the competition in the region with its jury total (``jury_total``)
    and how many jurors scored it (``juror_count``), best first; with ``juror``, that
    juror's own progress (``mine``) and conflicts of interest (``conflicted``)."""
    with scopes_disabled():
        dossiers = list(
            _with_region(
                Dossier.objects.filter(category__competition=competition).exclude(
                    status=DossierStatus.WITHDRAWN
                )
            )
        )
        jurors = Juror.objects.filter(competition=competition).values("user_id")
        scores = list(JuryScore.objects.filter(dossier__in=dossiers, juror__in=jurors))
        weights = dict(
            Section.objects.filter(category__competition=competition).values_list("pk", "weight")
        )
        own_agencies = (
            set(
                Membership.objects.filter(user=juror, is_active=True).values_list(
                    "agency_id", flat=True
                )
            )
            if juror
            else set()
        )
    for dossier in dossiers:
        mine = [s for s in scores if s.dossier_id == dossier.pk]
        per_section: dict[int, list[int]] = {}
        for score in mine:
            per_section.setdefault(score.section_id, []).append(score.score)
        dossier.jury_total = weighted_total(
            (weights.get(section, 0), values) for section, values in per_section.items()
        )
        dossier.juror_count = len({s.juror_id for s in mine})
        dossier.mine = juror is not None and any(s.juror_id == juror.pk for s in mine)
        dossier.conflicted = dossier.agency_id in own_agencies
    return sorted(dossiers, key=lambda d: (d.jury_total is None, -(d.jury_total or 0), d.title))


def jury_dossier(competition: Competition, pk: int) -> Dossier | None:
    with scopes_disabled():
        dossier = _with_region(
            Dossier.objects.filter(category__competition=competition, pk=pk).exclude(
                status=DossierStatus.WITHDRAWN
            )
        ).first()
    return _load_team([dossier])[0] if dossier else None


def is_member(user, agency_id: int) -> bool:
    """Whether the person belongs to the agency (a juror's conflict of interest)."""
    with scopes_disabled():
        return Membership.objects.filter(user=user, agency=agency_id, is_active=True).exists()


def published_jury_total(dossier: Dossier) -> float | None:
    """The dossier's jury total, once its internal competition's results are published."""
    competition = dossier.category.competition
    if competition.kind != "internal" or not competition.results_published:
        return None
    with scopes_disabled():
        return next((d.jury_total for d in jury_board(competition) if d.pk == dossier.pk), None)


def eligibility_facts(agency: Agency, category: Category, innovation) -> Facts:
    return eligibility_facts_many(category, [(agency.pk, innovation)])[0]


def eligibility_facts_many(category: Category, entries) -> list[Facts]:
    """The facts for each (agency id, innovation or None) of ``entries``, in a fixed number
    of queries: the shortlist runs the check across the whole region at once."""
    innovations = [innovation for _agency, innovation in entries if innovation is not None]
    ids = {i.pk for i in innovations} | {i.origin_id for i in innovations if i.origin_id}
    with scopes_disabled():
        open_entries = Dossier.objects.filter(category=category).exclude(
            status=DossierStatus.WITHDRAWN
        )
        per_agency = Counter(open_entries.values_list("agency_id", flat=True))
        entered = set(open_entries.values_list("innovation_id", flat=True))
        winners = set(
            Dossier.objects.filter(innovation__in=ids, result__in=WINNING_RESULTS).values_list(
                "innovation_id", flat=True
            )
        )
        invited = (
            set(category.invitations.values_list("innovation_id", flat=True))
            if category.rule == CategoryRule.SUSTAINABILITY
            else set()
        )
    today, ends = timezone.localdate(), registration_ends(category.competition_id)
    return [
        Facts(
            today=today,
            entries_of_agency=per_agency[agency_id],
            already_entered=innovation is not None and innovation.pk in entered,
            innovation_won=innovation is not None and innovation.pk in winners,
            origin_won=innovation is not None and innovation.origin_id in winners,
            registration_ends=ends,
            invited=(innovation.pk in invited) if invited and innovation is not None else None,
        )
        for agency_id, innovation in entries
    ]


def registration_ends(competition_id: int):
    """The last day of the competition's registration stage (None without one)."""
    with scopes_disabled():
        return (
            Stage.objects.filter(competition=competition_id, kind=StageKind.REGISTRATION)
            .values_list("ends_on", flat=True)
            .first()
        )


@dataclass
class Candidacy:
    """An innovation of the region seen from one category: why it may not enter (empty:
    eligible), its dossier there if entered, and whether it is shortlisted."""

    innovation: Innovation
    reasons: list[str]
    dossier: Dossier | None = None
    shortlisted: Candidate | None = None


def shortlist(category: Category, region_id: int, *, agency_id=None) -> list[Candidacy]:
    """The eligibility check run across the region's innovations (from submission on) for
    ``category``, shortlisted ones first, then the eligible, then the rest."""
    innovations = list(innovation_selectors.region_choices(region_id))
    if agency_id:
        innovations = [i for i in innovations if i.agency_id == agency_id]
    facts = eligibility_facts_many(category, [(i.agency_id, i) for i in innovations])
    with scopes_disabled():
        dossiers = {
            d.innovation_id: d
            for d in Dossier.objects.filter(category=category).exclude(
                status=DossierStatus.WITHDRAWN
            )
        }
        shortlisted = {c.innovation_id: c for c in Candidate.objects.filter(category=category)}
    rows = [
        Candidacy(
            innovation,
            reasons(category, innovation, fact),
            dossiers.get(innovation.pk),
            shortlisted.get(innovation.pk),
        )
        for innovation, fact in zip(innovations, facts, strict=True)
    ]
    return sorted(rows, key=lambda r: (r.shortlisted is None, bool(r.reasons)))


def invitations_of(category: Category) -> list[CategoryInvitation]:
    with scopes_disabled():
        return list(category.invitations.select_related("innovation__agency"))


def shortlisted_of_agency(agency: Agency, competition: Competition) -> dict[int, list[str]]:
    """The agency's innovations the coordinator shortlisted, by category id (to show on the
    competition's page)."""
    found: dict[int, list[str]] = {}
    with scopes_disabled():
        for candidate in Candidate.objects.filter(
            category__competition=competition, innovation__agency=agency
        ).select_related("innovation"):
            found.setdefault(candidate.category_id, []).append(str(candidate.innovation))
    return found


def region_entries(region_id: int, until_year: int) -> list[Dossier]:
    """The entries of the region's agencies in competitions from outside the region (KIPP,
    PKRI, IGA, provincial) up to a year, once submitted: the participation its
    coordinator facilitated (the region's own Instansi Pembina entries aside)."""
    with scopes_disabled():
        return list(
            _with_region(
                Dossier.objects.filter(
                    agency__region=region_id,
                    category__competition__year__lte=until_year,
                    status__in=[DossierStatus.SUBMITTED, DossierStatus.DECIDED],
                )
                .exclude(category__competition__kind=CompetitionKind.INTERNAL)
                .exclude(category__rule=CategoryRule.INSTITUTION)
            ).order_by("category__competition__year", "agency__name", "title")
        )


def internal_competitions(region_id: int, until_year: int) -> list[Competition]:
    """The region's own innovation competitions up to a year, with their entries counted
    (``entries``)."""
    with scopes_disabled():
        competitions = list(
            Competition.objects.filter(
                agency__region=region_id,
                agency__coordinates_region=True,
                kind=CompetitionKind.INTERNAL,
                year__lte=until_year,
            ).order_by("year", "name")
        )
        entries = Counter(
            Dossier.objects.filter(category__competition__in=competitions)
            .exclude(status=DossierStatus.WITHDRAWN)
            .values_list("category__competition", flat=True)
        )
    for competition in competitions:
        competition.entries = entries[competition.pk]
    return competitions


def season_dossiers(competition: Competition) -> list[Dossier]:
    """Every dossier of the region in the competition, with its stage outcomes
    (``outcome_list``), by agency and title."""
    with scopes_disabled():
        dossiers = list(
            _with_region(Dossier.objects.filter(category__competition=competition)).order_by(
                "agency__name", "category__order", "title"
            )
        )
        outcomes = list(StageOutcome.objects.filter(dossier__in=dossiers))
    for dossier in dossiers:
        dossier.outcome_list = [o for o in outcomes if o.dossier_id == dossier.pk]
    return dossiers


def worksheet_of(dossier: Dossier):
    """The region's own entry's checked figures (None until first saved)."""
    with scopes_disabled():
        return PembinaWorksheet.objects.filter(dossier=dossier).first()


def has_dossiers(competition_id: int) -> bool:
    with scopes_disabled():
        return Dossier.objects.filter(category__competition=competition_id).exists()


def dossiers_missing_sections(category: Category) -> list[tuple[Dossier, Section]]:
    """(dossier, section) pairs of the category that have no text row yet (a section
    added after agencies entered), across the region."""
    with scopes_disabled():
        sections = list(Section.objects.filter(category=category))
        dossiers = list(Dossier.objects.filter(category=category))
        present = set(
            DossierSection.objects.filter(dossier__in=dossiers).values_list(
                "dossier_id", "section_id"
            )
        )
    return [(d, s) for d in dossiers for s in sections if (d.pk, s.pk) not in present]


def sections_of(category: Category) -> list[Section]:
    with scopes_disabled():
        return list(Section.objects.filter(category=category))


def region_dossiers(coordinator: Agency, filters: dict | None = None) -> QuerySet[Dossier]:
    """Every dossier of every agency in the coordinator's region (Bappeda's table)."""
    filters = filters or {}
    with scopes_disabled():
        dossiers = _with_region(Dossier.objects.filter(agency__region=coordinator.region_id))
        if filters.get("competition"):
            dossiers = dossiers.filter(category__competition=filters["competition"])
        if filters.get("agency"):
            dossiers = dossiers.filter(agency=filters["agency"])
        if filters.get("status"):
            dossiers = dossiers.filter(status=filters["status"])
        if filters.get("result"):
            dossiers = dossiers.filter(result=filters["result"])
        return dossiers.order_by("-category__competition__year", "agency__name", "title")


def region_agencies(coordinator: Agency) -> QuerySet[Agency]:
    return clinic_selectors.region_agencies(coordinator.region_id)


REGION_RESULTS_SECONDS = 600


def region_results(coordinator: Agency) -> list[dict]:
    """Per agency and year: ideas created, replications, regulations filed, competition
    entries and wins; the evidence for the Instansi Pembina aspects (creation, development,
    institutionalisation). Newest year first. Aggregates over the whole region's history,
    so shared through the cache for ten minutes (the page says so)."""
    return cache.get_or_set(
        f"competitions:region-results:{coordinator.region_id}",
        lambda: _region_results(coordinator),
        REGION_RESULTS_SECONDS,
    )


def _region_results(coordinator: Agency) -> list[dict]:
    with scopes_disabled():
        entries = (
            Dossier.objects.filter(agency__region=coordinator.region_id)
            .order_by()
            .values("agency__name", year=F("category__competition__year"))
            .annotate(
                entries=Count("pk"),
                wins=Count("pk", filter=Q(result__in=WINNING_RESULTS)),
            )
        )
        rows = {(r["year"], r["agency__name"]): r for r in entries}
    for row in innovation_selectors.region_activity(coordinator.region_id):
        rows.setdefault((row["year"], row["agency__name"]), {}).update(row)
    return sorted(rows.values(), key=lambda r: (-r["year"], r["agency__name"]))


def awards_of_agency(agency: Agency) -> QuerySet[Dossier]:
    """The agency's winning entries, for its achievements wall (results published)."""
    return _published(Dossier.objects.filter(agency=agency, result__in=WINNING_RESULTS)).order_by(
        "-category__competition__year"
    )


def awards_of_innovation(innovation) -> list[Dossier]:
    return list(
        _published(
            Dossier.objects.filter(innovation=innovation, result__in=WINNING_RESULTS)
        ).order_by("-category__competition__year")
    )


def _published(dossiers):
    """Internal competitions show results only once the keeper publishes them."""
    return dossiers.filter(
        Q(category__competition__results_published=True)
        | ~Q(category__competition__kind="internal")
    ).select_related("category__competition", "innovation")


def portfolio_subject(dossier: Dossier) -> str:
    return f"dossier:{dossier.pk}"


def latest_job(dossier: Dossier, kind=PORTFOLIO_JOB, *, ready: bool = False) -> Job | None:
    """The dossier's last job of ``kind`` (its portfolio, its copy-ready page), or its last
    finished one, in the dossier's agency (the coordinator's page shows an entrant's)."""
    return job_selectors.latest(dossier.agency_id, kind, portfolio_subject(dossier), ready=ready)


def season_subject(competition: Competition) -> str:
    return f"competition:{competition.pk}"


def season_report_job(competition: Competition, *, ready: bool = False) -> Job | None:
    return job_selectors.latest(
        competition.agency_id, SEASON_REPORT_JOB, season_subject(competition), ready=ready
    )


def region_jobs(coordinator: Agency) -> list[Job]:
    """The coordinator's regional exports still downloadable."""
    return list(
        Job.objects.filter(agency=coordinator, kind=REGION_ZIP_JOB)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .order_by("-created_at")[:10]
    )


def region_job(coordinator: Agency, pk) -> Job | None:
    return Job.objects.filter(pk=pk, agency=coordinator, kind=REGION_ZIP_JOB).first()


def dossier_timeline(dossier: Dossier) -> list[ActivityLog]:
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(
                agency=dossier.agency_id,
                target_type="competitions.dossier",
                target_id=dossier.pk,
            ).select_related("actor")[:100]
        )


def requirements_qs(dossier: Dossier) -> QuerySet[RequiredDocument]:
    """The category's required documents, as a queryset usable in the entrant's scope."""
    with scopes_disabled():
        return RequiredDocument.objects.filter(category=dossier.category_id)


def sections_qs(dossier: Dossier) -> QuerySet[Section]:
    with scopes_disabled():
        return Section.objects.filter(category=dossier.category_id)
