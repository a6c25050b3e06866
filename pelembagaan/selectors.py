"""Reads of the pelembagaan tracker.

Named cross-tenant channels (django-scopes disabled here, and only here): a region's
regulations and budget lines are kept by its coordinating agency and read by every admin
of the region; the innovation index reads the regulations in force that name an
innovation and the years its budget lines fund it; the Instansi Pembina entry reads the
region's totals.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django_scopes import scopes_disabled

from clinics.models import ActivityLog
from pelembagaan.choices import IN_FORCE, RANK
from pelembagaan.models import BudgetLine, CoveredInnovation, Regulation


def _kept_in(region_id: int) -> Q:
    """Rows kept by the region's coordinating agencies (one, or a shared role)."""
    return Q(agency__region=region_id, agency__coordinates_region=True)


def regulations_of(region_id: int) -> QuerySet[Regulation]:
    with scopes_disabled():
        return (
            Regulation.objects.filter(_kept_in(region_id))
            .annotate(innovation_count=Count("innovations", distinct=True))
            .order_by("-created_at", "-id")
        )


def regulation_get(region_id: int, pk: int) -> Regulation | None:
    """A regulation of the region with what it covers (``innovation_list``,
    ``agency_list``)."""
    with scopes_disabled():
        regulation = Regulation.objects.filter(_kept_in(region_id), pk=pk).first()
        if regulation is not None:
            regulation.innovation_list = list(
                regulation.innovations.select_related("agency").order_by("name")
            )
            regulation.agency_list = list(regulation.agencies.order_by("name"))
    return regulation


def budget_of(region_id: int) -> QuerySet[BudgetLine]:
    with scopes_disabled():
        return (
            BudgetLine.objects.filter(_kept_in(region_id))
            .select_related("holder", "innovation")
            .order_by("-year", "source", "activity", "pk")
        )


def budget_get(region_id: int, pk: int) -> BudgetLine | None:
    with scopes_disabled():
        return (
            BudgetLine.objects.filter(_kept_in(region_id), pk=pk)
            .select_related("holder", "innovation")
            .first()
        )


def budget_by_year(region_id: int) -> list[dict]:
    """Per year and source: the amount and what was spent, newest year first."""
    with scopes_disabled():
        rows = (
            BudgetLine.objects.filter(_kept_in(region_id))
            .order_by()
            .values("year", "source")
            .annotate(amount=Sum("amount"), realised=Sum("realised"), lines=Count("pk"))
        )
        return sorted(rows, key=lambda r: (-r["year"], r["source"]))


def history(target) -> list[ActivityLog]:
    """The audit trail of a regulation or budget line, newest first."""
    with scopes_disabled():
        return list(
            ActivityLog.objects.filter(
                agency=target.agency_id,
                target_type=target._meta.label_lower,
                target_id=target.pk,
            ).select_related("actor")[:100]
        )


# --- What the innovation index reads ------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A tracker document backing an index level: ``source`` says which table ``pk`` is
    in ("regulation" or "budget")."""

    source: str
    pk: int
    title: str
    dated: date | None
    file_name: str
    rank: int = 0  # a regulation's, see choices.RANK
    year: int | None = None  # a budget line's fiscal year


def regulations_naming(innovation_ids) -> dict[int, list[Document]]:
    """The regulations in force that name each innovation (those that rank: not a team
    decree), whoever in the region keeps them."""
    found = defaultdict(list)
    with scopes_disabled():
        rows = (
            CoveredInnovation.objects.filter(
                innovation__in=list(innovation_ids),
                regulation__status__in=IN_FORCE,
                regulation__kind__in=list(RANK),
            )
            .order_by()
            .values_list(
                "innovation_id",
                "regulation_id",
                "regulation__kind",
                "regulation__title",
                "regulation__number",
                "regulation__enacted_on",
                "regulation__original_name",
            )
        )
        for innovation_id, pk, kind, title, number, enacted_on, name in rows:
            label = f"{title} ({number})" if number else title
            found[innovation_id].append(
                Document("regulation", pk, label, enacted_on, name, rank=RANK[kind])
            )
    return found


def budget_naming(innovation_ids) -> dict[int, list[Document]]:
    """The budget lines that fund each innovation (any source), one per line."""
    found = defaultdict(list)
    with scopes_disabled():
        rows = (
            BudgetLine.objects.filter(innovation__in=list(innovation_ids))
            .order_by("year", "pk")
            .values_list("innovation_id", "pk", "year", "activity", "original_name")
        )
        for innovation_id, pk, year, activity, name in rows:
            found[innovation_id].append(
                Document("budget", pk, activity, date(year, 12, 31), name, year=year)
            )
    return found


class _Titled:
    """A budget line read as a document (its activity is its title)."""

    def __init__(self, line: BudgetLine):
        self.file, self.original_name, self.title = line.file, line.original_name, line.activity


def documents_by_pk(source: str, pks) -> dict:
    """Tracker documents by what ``Document`` names (``source`` and pk), each with its
    ``file``, ``original_name`` and ``title`` (for the index's hand-off pack)."""
    model = {"regulation": Regulation, "budget": BudgetLine}[source]
    with scopes_disabled():
        found = model.objects.filter(pk__in=list(pks))
        return {row.pk: row if source == "regulation" else _Titled(row) for row in found}


# --- What the Instansi Pembina entry reads ------------------------------------------------


def regulations_in_force(region_id: int, until: date | None = None) -> list[Regulation]:
    """The region's regulations in force (enacted on or before ``until``, when given)."""
    with scopes_disabled():
        regulations = Regulation.objects.filter(_kept_in(region_id), status__in=IN_FORCE)
        if until is not None:
            regulations = regulations.filter(enacted_on__lte=until)
        return list(regulations.order_by("enacted_on", "pk"))


def budget_lines(region_id: int, years) -> list[BudgetLine]:
    with scopes_disabled():
        return list(
            BudgetLine.objects.filter(_kept_in(region_id), year__in=list(years))
            .select_related("holder", "innovation")
            .order_by("year", "source", "pk")
        )
