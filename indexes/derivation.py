"""Levels the registry can propose for per-innovation indicators, and from what.

Pure functions over ``Facts`` (gathered in bulk by indexes.assessment). Each rule returns a
``Proposal`` (level, the reason in words, and the evidence document that backs it, if
any) or ``None`` when the registry knows nothing useful. Thresholds come from the
indicator's ``cuts``; only the meaning of a registry fact lives here.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from indexes.choices import Derivation
from innovations.choices import EvidenceKind

# Who signed a regulation, read from its title (shared/IID.md §1.2, indicator 16), as a
# rank: 1 an agency head's decree, 2 the head of region's decree, 3 a head of region's
# regulation (Perkada), 4 a regional regulation (Perda). The edition's cuts turn the rank
# into a level (2023: SK KD is level 2, Perkada or Perda 3; 2026: Perkada 2, Perda 3).
REGIONAL_REGULATION = re.compile(r"\b(perda|peraturan daerah)\b", re.IGNORECASE)
HEAD_OF_REGION_REGULATION = re.compile(
    r"\b(perkada|perbup|perwali|pergub|peraturan (bupati|wali ?kota|gubernur|kepala daerah))\b",
    re.IGNORECASE,
)
HEAD_OF_REGION_DECREE = re.compile(r"\b(bupati|wali ?kota|gubernur|kepala daerah)\b", re.IGNORECASE)
SURVEY = re.compile(r"\b(survei|survey|skm|kepuasan|satisfaction)\b", re.IGNORECASE)
PEOPLE_UNITS = re.compile(
    r"\b(orang|jiwa|warga|pasien|peserta|pengguna|penerima|ibu|anak|balita|people|persons|"
    r"users|patients|residents|beneficiaries)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EvidenceFact:
    """A document that can back a level: a piece of the innovation's evidence, or (by
    ``source``) a regulation or budget line of the pelembagaan tracker that names it.
    A tracker regulation carries its ``rank`` (who signed it); a locker's is read from
    its title."""

    pk: int
    kind: str
    title: str
    dated: date | None
    file_name: str = ""
    source: str = "evidence"
    rank: int = 0


@dataclass(frozen=True)
class Indicator:
    """What a rule needs of an indicator (duck-typed by indexes.models.Indicator)."""

    derivation: str
    cuts: list = field(default_factory=list)
    lower_is_better: bool = False


@dataclass
class Facts:
    team_size: int = 1
    is_digital: bool = False
    partner_kinds: list[str] = field(default_factory=list)
    evidence: list[EvidenceFact] = field(default_factory=list)
    replications_elsewhere: int = 0  # other regions with a live replication
    idea_on: date | None = None
    trial_on: date | None = None
    beneficiaries: Decimal | None = None
    visits_done: list[str] = field(default_factory=list)  # their instruments
    budget: list[EvidenceFact] = field(default_factory=list)  # lines funding it, by year
    season: int | None = None  # T-0 of the assessment


@dataclass(frozen=True)
class Proposal:
    level: int
    reason: str
    evidence: EvidenceFact | None = None


def level_from_cuts(value, cuts, lower_is_better=False) -> int:
    """The highest level whose threshold ``value`` reaches (0 when none).

    ``cuts`` holds the thresholds of levels 1, 2 and 3: the value from which a level is
    reached or, when lower is better, up to which (``None`` for no bound)."""
    level = 0
    for number, cut in enumerate(cuts or [], start=1):
        if cut is None or (value <= cut if lower_is_better else value >= cut):
            level = number
        else:
            break
    return level


def _latest(facts: Facts, *kinds: str) -> EvidenceFact | None:
    found = [e for e in facts.evidence if e.kind in kinds]
    return max(found, key=lambda e: (e.dated or date.min, e.pk)) if found else None


def regulation_rank(title: str) -> int:
    if REGIONAL_REGULATION.search(title):
        return 4
    if HEAD_OF_REGION_REGULATION.search(title):
        return 3
    return 2 if HEAD_OF_REGION_DECREE.search(title) else 1


def _rank(evidence: EvidenceFact) -> int:
    return evidence.rank or regulation_rank(evidence.title)


def _regulation(indicator, facts):
    decrees = [e for e in facts.evidence if e.kind == EvidenceKind.REGULATION]
    if not decrees:
        return None
    best = max(decrees, key=lambda e: (_rank(e), e.dated or date.min, e.pk))
    where = (
        _("“%(title)s” in the pelembagaan tracker")
        if best.source == "regulation"
        else _("“%(title)s” in the evidence locker")
    )
    return _counted(indicator, _rank(best), where % {"title": best.title}, best)


def longest_run(years) -> int:
    """The most consecutive years among ``years``."""
    years, best = set(years), 0
    for year in years:
        if year - 1 not in years:
            length = 1
            while year + length in years:
                length += 1
            best = max(best, length)
    return best


def _budget(indicator, facts):
    """The years of T-2..T-0 a budget line funds the innovation: the longest run of
    consecutive ones reaches the levels (one year, two in a row, all three)."""
    if facts.season is None:
        return None
    window = range(facts.season - 2, facts.season + 1)
    lines = [line for line in facts.budget if line.dated and line.dated.year in window]
    if not lines:
        return None
    years = sorted({line.dated.year for line in lines})
    documented = [line for line in lines if line.file_name]
    return _counted(
        indicator,
        longest_run(years),
        _("Budget lines fund it in %(years)s (pelembagaan tracker)")
        % {"years": ", ".join(str(y) for y in years)},
        max(documented, key=lambda line: (line.dated, line.pk)) if documented else None,
    )


def _counted(indicator, value, reason, evidence=None):
    level = level_from_cuts(value, indicator.cuts, indicator.lower_is_better)
    return Proposal(level, reason, evidence)


def _staff(indicator, facts):
    return _counted(
        indicator,
        facts.team_size,
        _("%(n)s people on the innovation's team") % {"n": facts.team_size},
    )


def _digital(indicator, facts):
    photo = _latest(facts, EvidenceKind.PHOTO)
    if facts.is_digital:
        return Proposal(2, _("The registry marks it digital"), photo)
    return Proposal(1, _("The registry marks it non-digital"), photo)


def _actors(indicator, facts):
    kinds = set(facts.partner_kinds) | {"government"}
    return _counted(
        indicator,
        len(kinds),
        _("%(n)s kinds of actor: the implementer and its partners") % {"n": len(kinds)},
    )


def _agencies(indicator, facts):
    count = 1 + facts.partner_kinds.count("government")
    return _counted(indicator, count, _("%(n)s government agencies involved") % {"n": count})


def _dissemination(indicator, facts):
    media = _latest(facts, EvidenceKind.MEDIA)
    if media:
        return Proposal(3, _("Media coverage: “%(title)s”") % {"title": media.title}, media)
    photo = _latest(facts, EvidenceKind.PHOTO)
    if photo:
        return Proposal(1, _("A photo: “%(title)s”") % {"title": photo.title}, photo)
    return None


def _replication(indicator, facts):
    if not facts.replications_elsewhere:
        return None
    return _counted(
        indicator,
        facts.replications_elsewhere,
        _("Replicated in %(n)s other region(s) (lineage)") % {"n": facts.replications_elsewhere},
    )


def _speed(indicator, facts):
    if not (facts.idea_on and facts.trial_on) or facts.trial_on < facts.idea_on:
        return None
    months = (facts.trial_on.year - facts.idea_on.year) * 12 + (
        facts.trial_on.month - facts.idea_on.month
    )
    return _counted(
        indicator,
        months,
        _("%(n)s months from the idea to the trial") % {"n": months},
        _latest(facts, EvidenceKind.REPORT),
    )


def _beneficiaries(indicator, facts):
    if facts.beneficiaries is None:
        return None
    return _counted(
        indicator,
        facts.beneficiaries,
        _("%(n)s beneficiaries in the latest impact measurement")
        % {"n": f"{facts.beneficiaries:,.0f}"},
        _latest(facts, EvidenceKind.DATA),
    )


def _monitoring(indicator, facts):
    if not facts.visits_done:
        return None
    report = _latest(facts, EvidenceKind.REPORT)
    if any(SURVEY.search(instrument) for instrument in facts.visits_done):
        return Proposal(2, _("A satisfaction survey among the monitoring visits"), report)
    return Proposal(1, _("%(n)s monitoring visit(s) done") % {"n": len(facts.visits_done)}, report)


def _video(indicator, facts):
    video = _latest(facts, EvidenceKind.VIDEO)
    if video is None:
        return None
    return Proposal(
        1,
        _("A video is on file; how many of the five elements it covers needs a person"),
        video,
    )


RULES = {
    Derivation.REGULATION: _regulation,
    Derivation.BUDGET: _budget,
    Derivation.STAFF: _staff,
    Derivation.DIGITAL: _digital,
    Derivation.ACTORS: _actors,
    Derivation.AGENCIES: _agencies,
    Derivation.DISSEMINATION: _dissemination,
    Derivation.REPLICATION: _replication,
    Derivation.SPEED: _speed,
    Derivation.BENEFICIARIES: _beneficiaries,
    Derivation.MONITORING: _monitoring,
    Derivation.VIDEO: _video,
}


def propose(indicator, facts: Facts) -> Proposal | None:
    rule = RULES.get(indicator.derivation)
    proposal = rule(indicator, facts) if rule else None
    if proposal is None or proposal.level == 0:
        return None
    return proposal


def beneficiaries_from(latest_by_unit: list[tuple[str, Decimal]]) -> Decimal | None:
    """The largest latest measurement among impact indicators counted in people."""
    people = [value for unit, value in latest_by_unit if PEOPLE_UNITS.search(unit or "")]
    return max(people) if people else None
