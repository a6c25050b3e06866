"""The season report for the head of region: one competition's season as the region lived
it (its entries by agency, each entry's stage results, the awards) and what to prepare for
next year, rendered to PDF by the jobs app's engine (nothing outside the portal fetched).

What to prepare next year: this season's winners (later seasons' Keberlanjutan invites
former winners), the shortlisted candidates that did not enter, the innovations that will
have run long enough within a year, and for the region's own entry the figures that
stayed at zero.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from competitions import pembina, selectors
from competitions.choices import ASSESSED_STAGES, WINNING_RESULTS, CategoryRule
from competitions.eligibility import is_replication, months_between
from jobs import pdf as engine

MONTHS_AHEAD = 12


@dataclass
class Soon:
    """An innovation that becomes old enough for a category within a year."""

    innovation: object
    category: str
    months: int  # until it has run long enough


def _soon(competition, region_id, today) -> list[Soon]:
    found = []
    for category in competition.category_list:
        if category.rule == CategoryRule.INSTITUTION:
            continue
        for row in selectors.shortlist(category, region_id):
            innovation = row.innovation
            if row.dossier or innovation.implementation_start is None:
                continue
            needed = (
                category.min_age_months_replication
                if is_replication(innovation)
                else category.min_age_months
            )
            months = needed - months_between(innovation.implementation_start, today)
            if 0 < months <= MONTHS_AHEAD:
                found.append(Soon(innovation, category.name, months))
    return sorted(found, key=lambda s: (s.months, str(s.innovation)))


def context(competition) -> dict:
    region = competition.agency.region
    dossiers = selectors.season_dossiers(competition)
    entered = [d for d in dossiers if d.status != "withdrawn"]
    by_agency: dict[str, list] = {}
    for dossier in entered:
        by_agency.setdefault(dossier.agency.name, []).append(dossier)
    stages = [s for s in competition.stage_list if s.kind in ASSESSED_STAGES]
    for dossier in entered:
        passed = {o.stage_id: o.passed for o in dossier.outcome_list}
        dossier.stage_results = [passed.get(stage.pk) for stage in stages]
    own = next((d for d in entered if d.innovation_id is None), None)
    weak = [f for f in pembina.figures(own, competition.agency.slug) if not f.value] if own else []
    shortlisted = [
        row
        for category in competition.category_list
        if category.rule != CategoryRule.INSTITUTION
        for row in selectors.shortlist(category, region.pk)
        if row.shortlisted and row.dossier is None
    ]
    return {
        "competition": competition,
        "region": region,
        "keeper": competition.agency,
        "by_agency": sorted(by_agency.items()),
        "dossiers": entered,
        "stages": stages,
        "awards": [d for d in entered if d.result in WINNING_RESULTS],
        "withdrawn": len(dossiers) - len(entered),
        "shortlisted": shortlisted,
        "soon": _soon(competition, region.pk, timezone.localdate()),
        "weak": weak,
        "made_at": timezone.localtime(timezone.now(), competition.agency.zoneinfo),
        "stylesheet": engine.STATIC_PREFIX + "css/portfolio.css",
    }


def html(competition) -> str:
    with translation.override("id"):
        return render_to_string("competitions/season_report.html", context(competition))


def pdf(competition) -> bytes:
    return engine.render(html(competition))
