"""A region's assessment put together: every indicator's level with where it comes from,
the score in both views, the mandatory gaps and what would raise the strict score most.

A level is *claimed* from, strongest first: Bappeda's verification, the agency's
confirmation, the registry's proposal. It is *backed* when a piece of evidence is attached
(the confirmation's, or the document the proposal was read from), of a kind the
indicator takes and, where the indicator says which years its evidence must come from,
dated inside them (an undated document does not prove its year); the strict view counts
only backed levels, as the national verifiers do.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indexes import scoring, selectors
from indexes.choices import Aspect, Source
from indexes.derivation import Proposal, propose
from indexes.models import Assessment, Edition, Indicator

TOP_SUGGESTIONS = 10


@dataclass
class Row:
    indicator: Indicator
    level: int = 0
    source: str = Source.NONE
    proposal: Proposal | None = None
    answer: object = None  # PemdaAnswer or InnovationAnswer
    evidence: object = None  # what backs the level: Evidence, RegionEvidence or EvidenceFact
    season: int | None = None

    @property
    def wording(self) -> str:
        return self.indicator.wording(self.level)

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    @property
    def evidence_problem(self) -> str:
        """Why the attached evidence does not back the level: "kind" (an innovation's
        document of a kind the indicator does not take), "undated" or "outside" (not dated
        in the years the indicator accepts), or "" when it does."""
        if self.evidence is None:
            return ""
        kind = getattr(self.evidence, "kind", None)
        if kind and self.indicator.evidence_kinds and kind not in self.indicator.evidence_kinds:
            return "kind"
        years = self.indicator.evidence_years(self.season) if self.season else None
        if not years:
            return ""
        dated = getattr(self.evidence, "dated", None)
        if dated is None:
            return "undated"
        return "" if dated.year in years else "outside"

    @property
    def backed(self) -> bool:
        return self.level > 0 and self.evidence is not None and not self.evidence_problem

    @property
    def strict_level(self) -> int:
        return self.level if self.backed else 0

    def item(self, strict: bool) -> scoring.Item:
        return scoring.Item(
            self.indicator.number,
            self.indicator.variable,
            self.indicator.weight,
            self.strict_level if strict else self.level,
        )


@dataclass
class Sheet:
    """One innovation's per-innovation indicators."""

    innovation: object
    rows: list[Row]
    counted: bool = True

    def entry(self, strict: bool) -> scoring.Entry:
        urusan = {self.innovation.urusan, *self.innovation.other_urusan} - {""}
        return scoring.Entry(
            self.innovation.pk,
            self.innovation.agency_id,
            frozenset(urusan),
            tuple(row.item(strict) for row in self.rows),
        )

    def points(self, strict: bool) -> Decimal:
        return self.entry(strict).points


@dataclass
class Suggestion:
    label: str
    gain: Decimal  # IID points
    indicator: Indicator
    innovation: object = None  # None for a pemda indicator


@dataclass
class Workbench:
    assessment: Assessment
    pemda: list[Row]
    sheets: list[Sheet]
    claimed: scoring.Score
    strict: scoring.Score
    ceiling: Decimal = Decimal(100)  # the highest IID the edition allows
    suggestions: list[Suggestion] = field(default_factory=list)
    # Every open item's gain by (indicator id, innovation id or None for a pemda one): the
    # pages where its evidence is added say what it is worth.
    gains: dict[tuple[int, int | None], Decimal] = field(default_factory=dict)
    gaps: list[tuple[Indicator, object]] = field(default_factory=list)

    @property
    def counted(self) -> list[Sheet]:
        return [sheet for sheet in self.sheets if sheet.counted]


def rules_of(edition: Edition) -> scoring.Rules:
    return scoring.Rules(
        divisor_floor=edition.divisor_floor,
        max_total=edition.max_total,
        count_points_each=edition.count_points_each,
        count_cap=edition.count_cap,
        count_urusan=frozenset(edition.count_urusan),
        count_urusan_min=edition.count_urusan_min,
        bands=tuple((band.minimum, band.name) for band in edition.bands.all()),
    )


def _innovation_row(indicator, proposal, answer, season) -> Row:
    if answer is not None:
        source = Source.VERIFIED if answer.verified_at else Source.CONFIRMED
        return Row(indicator, answer.level, source, proposal, answer, answer.evidence, season)
    if proposal is not None:
        return Row(
            indicator, proposal.level, Source.PROPOSED, proposal, None, proposal.evidence, season
        )
    return Row(indicator, season=season)


def sheets_for(assessment: Assessment, innovations, indicators) -> list[Sheet]:
    facts = selectors.facts_for(innovations, assessment.year)
    answers = {
        (a.innovation_id, a.indicator_id): a
        for a in selectors.innovation_answers(assessment, facts.keys())
    }
    return [
        Sheet(
            innovation,
            [
                _innovation_row(
                    indicator,
                    propose(indicator, facts[innovation.pk]),
                    answers.get((innovation.pk, indicator.pk)),
                    assessment.year,
                )
                for indicator in indicators
            ],
            counted=selectors.in_window(assessment.edition, innovation),
        )
        for innovation in innovations
    ]


def _score(rules, pemda, sheets, strict) -> scoring.Score:
    return scoring.score(
        rules,
        [row.item(strict) for row in pemda],
        [sheet.entry(strict) for sheet in sheets if sheet.counted],
    )


def _open_items(workbench: Workbench) -> list[Suggestion]:
    """Every open item, ranked by the strict IID one piece of evidence would add: a claimed
    level without evidence gains that level; an empty mandatory indicator gains its first
    level."""
    strict = workbench.strict
    found = []

    def gain(row: Row, divisor=1) -> Decimal:
        level = row.level or (1 if row.indicator.mandatory else 0)
        return strict.iid_of(row.indicator.weight * level / divisor) if not row.backed else 0

    for row in workbench.pemda:
        if value := gain(row):
            found.append(
                Suggestion(
                    _("Evidence for “%(indicator)s”") % {"indicator": row.indicator.name},
                    value,
                    row.indicator,
                )
            )
    for sheet in workbench.counted:
        for row in sheet.rows:
            if value := gain(row, strict.divisor):
                found.append(
                    Suggestion(
                        _("“%(indicator)s” for %(innovation)s")
                        % {"indicator": row.indicator.name, "innovation": sheet.innovation},
                        value,
                        row.indicator,
                        sheet.innovation,
                    )
                )
    found.sort(key=lambda s: (-s.gain, s.indicator.position))
    return found


def build(assessment: Assessment, *, dropped=(), added=()) -> Workbench:
    """The region's whole assessment. ``dropped`` and ``added`` are innovation ids whose
    counting is flipped for a what-if (the divisor makes weak innovations lower the
    average)."""
    edition = assessment.edition
    indicators = list(edition.indicators.all())
    answers = {a.indicator_id: a for a in selectors.pemda_answers(assessment)}
    pemda = []
    for indicator in indicators:
        if indicator.aspect != Aspect.PEMDA:
            continue
        answer = answers.get(indicator.pk)
        if answer is None:
            pemda.append(Row(indicator, season=assessment.year))
        else:
            pemda.append(
                Row(
                    indicator,
                    answer.level,
                    Source.CONFIRMED,
                    None,
                    answer,
                    answer.evidence,
                    assessment.year,
                )
            )
    per_innovation = [i for i in indicators if i.aspect == Aspect.INNOVATION]
    sheets = sheets_for(assessment, selectors.region_innovations(assessment), per_innovation)
    for sheet in sheets:
        if sheet.innovation.pk in dropped:
            sheet.counted = False
        elif sheet.innovation.pk in added:
            sheet.counted = True
    rules = rules_of(edition)
    workbench = Workbench(
        assessment,
        pemda,
        sheets,
        claimed=_score(rules, pemda, sheets, strict=False),
        strict=_score(rules, pemda, sheets, strict=True),
    )
    workbench.ceiling = scoring.ceiling(
        rules, [row.indicator.weight for row in pemda], [i.weight for i in per_innovation]
    )
    items = _open_items(workbench)
    workbench.suggestions = items[:TOP_SUGGESTIONS]
    workbench.gains = {
        (item.indicator.pk, item.innovation.pk if item.innovation else None): item.gain
        for item in items
    }
    workbench.gaps = [
        (row.indicator, None) for row in pemda if row.indicator.mandatory and not row.level
    ] + [
        (row.indicator, sheet.innovation)
        for sheet in workbench.counted
        for row in sheet.rows
        if row.indicator.mandatory and not row.level
    ]
    return workbench


def breakdown(workbench: Workbench, part: str, names=None) -> list[tuple]:
    """Rows of (name, self-assessed IID points, strict IID points) for ``part``
    ("by_agency" or "by_variable") of the score, largest first."""
    claimed, strict = getattr(workbench.claimed, part), getattr(workbench.strict, part)
    rows = [
        (
            names[key] if names else key,
            workbench.claimed.iid_of(points),
            workbench.strict.iid_of(strict.get(key, 0)),
        )
        for key, points in claimed.items()
    ]
    return sorted(rows, key=lambda row: -row[1])


def annotate_page(workbench: Workbench, sheets) -> None:
    """For the innovations shown: their share of the per-innovation part in both views, and
    the self-assessed IID if each one's counting were flipped (the what-if column)."""
    rules = rules_of(workbench.assessment.edition)
    entries = [sheet.entry(strict=False) for sheet in workbench.counted]
    for sheet in sheets:
        sheet.claimed_points = sheet.points(strict=False) / workbench.claimed.divisor
        sheet.strict_points = sheet.points(strict=True) / workbench.strict.divisor
        if sheet.counted:
            others = [e for e in entries if e.key != sheet.innovation.pk]
        else:
            others = [*entries, sheet.entry(strict=False)]
        sheet.iid_toggled = scoring.iid_for(rules, workbench.claimed.pemda, others)
