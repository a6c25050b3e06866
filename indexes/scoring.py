"""The index score: one pure function over plain data (no queries, no models).

Following the BSKDN formula (shared/IID.md §2.1):

    pemda part       = Σ weight × level over the pemda indicators
    innovation part  = [Σ over innovations Σ weight × level] / MAX(divisor floor, n)
    count part       = MIN(n, cap) × points each, or 0 when fewer than the required number
                       of basic-service affairs (urusan) are covered by the innovations
    total            = pemda part + innovation part + count part
    IID              = total / maximum total × 100, rounded to two decimals
    band             = the band with the highest minimum at or below the IID

The caller decides which level each item has: the self-assessed view passes the levels as
claimed, the strict view only those backed by evidence (see indexes.assessment).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rules:
    """An edition's arithmetic."""

    divisor_floor: int
    max_total: Decimal
    count_points_each: Decimal = Decimal(0)
    count_cap: int = 0
    count_urusan: frozenset[str] = frozenset()
    count_urusan_min: int = 0
    bands: tuple[tuple[Decimal, str], ...] = ()  # (minimum IID, name), any order


@dataclass(frozen=True)
class Item:
    """One indicator's level (0 when unmet or unanswered)."""

    indicator: str
    variable: str
    weight: Decimal
    level: int

    @property
    def points(self) -> Decimal:
        return self.weight * self.level


@dataclass(frozen=True)
class Entry:
    """One innovation counted in the index."""

    key: object
    agency: object
    urusan: frozenset[str]
    items: tuple[Item, ...]

    @cached_property
    def points(self) -> Decimal:
        return sum((item.points for item in self.items), Decimal(0))


@dataclass
class Score:
    pemda: Decimal
    innovations_sum: Decimal
    divisor: int
    innovation: Decimal
    count: Decimal
    urusan_covered: int
    total: Decimal
    iid: Decimal
    band: str
    total_max: Decimal
    # Contributions to the total, the per-innovation points already divided by the divisor.
    by_variable: dict[str, Decimal] = field(default_factory=dict)
    by_agency: dict[object, Decimal] = field(default_factory=dict)
    by_innovation: dict[object, Decimal] = field(default_factory=dict)

    def iid_of(self, points: Decimal) -> Decimal:
        """What ``points`` of the total are worth in IID (for ranking what raises it)."""
        return points / self.total_max * 100 if self.total_max else Decimal(0)


def band_for(iid: Decimal, bands) -> str:
    for minimum, name in sorted(bands, reverse=True):
        if iid >= minimum:
            return name
    return ""


def divisor(rules: Rules, n: int) -> int:
    return max(rules.divisor_floor, n, 1)


def count_part(rules: Rules, entries) -> tuple[Decimal, int]:
    covered = set()
    for entry in entries:
        covered |= entry.urusan & rules.count_urusan
    if len(covered) < rules.count_urusan_min:
        return Decimal(0), len(covered)
    return min(len(entries), rules.count_cap) * rules.count_points_each, len(covered)


def score(rules: Rules, pemda: list[Item], entries: list[Entry]) -> Score:
    entries = list(entries)
    by_variable: dict[str, Decimal] = defaultdict(Decimal)
    for item in pemda:
        by_variable[item.variable] += item.points
    pemda_points = sum((item.points for item in pemda), Decimal(0))

    div = divisor(rules, len(entries))
    by_agency: dict[object, Decimal] = defaultdict(Decimal)
    by_innovation: dict[object, Decimal] = {}
    for entry in entries:
        by_innovation[entry.key] = entry.points / div
        by_agency[entry.agency] += entry.points / div
        for item in entry.items:
            by_variable[item.variable] += item.points / div
    innovations_sum = sum((entry.points for entry in entries), Decimal(0))
    innovation_points = innovations_sum / div

    count, covered = count_part(rules, entries)
    total = pemda_points + innovation_points + count
    iid = (total / rules.max_total * 100).quantize(CENT, ROUND_HALF_UP)
    return Score(
        pemda=pemda_points,
        innovations_sum=innovations_sum,
        divisor=div,
        innovation=innovation_points,
        count=count,
        urusan_covered=covered,
        total=total,
        iid=iid,
        band=band_for(iid, rules.bands),
        total_max=rules.max_total,
        by_variable=dict(by_variable),
        by_agency=dict(by_agency),
        by_innovation=by_innovation,
    )


def iid_for(rules: Rules, pemda: Decimal, entries: list[Entry]) -> Decimal:
    """The IID with the pemda part as given and these innovations counted: a what-if of
    dropping or adding one (a weak innovation dropped can raise the IID, since the
    per-innovation sum is divided by MAX(floor, n))."""
    count, _ = count_part(rules, entries)
    points = sum((entry.points for entry in entries), Decimal(0))
    total = pemda + points / divisor(rules, len(entries)) + count
    return (total / rules.max_total * 100).quantize(CENT, ROUND_HALF_UP)


def ceiling(rules: Rules, pemda_weights, innovation_weights) -> Decimal:
    """The highest IID the edition allows: every indicator at level 3 and the count part
    at its cap. Below 100 when an edition lacks parts (the 2023 one has no pemda
    indicators and no count rule)."""
    top = 3 * (sum(pemda_weights, Decimal(0)) + sum(innovation_weights, Decimal(0)))
    total = top + rules.count_cap * rules.count_points_each
    return min(Decimal(100), (total / rules.max_total * 100).quantize(CENT, ROUND_HALF_UP))
