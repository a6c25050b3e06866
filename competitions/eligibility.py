"""Whether an innovation may enter a category, and if not, every reason why.

Pure: the caller (``selectors.eligibility_facts``) gathers the facts from the database, so
the rules are tested without one. The numbers (ages, quotas) come from the category row.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from competitions.choices import CategoryRule


@dataclass(frozen=True)
class Facts:
    today: date
    entries_of_agency: int  # the agency's dossiers already in the category
    already_entered: bool  # this innovation has a dossier in the category (not withdrawn)
    innovation_won: bool  # the innovation was once Top 99/45 (or better)
    origin_won: bool  # the innovation it replicates was once Top 99/45 (or better)
    registration_ends: date | None = None  # the last day of the registration stage
    invited: bool | None = None  # on the invitation list; None when no list is kept


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def is_replication(innovation) -> bool:
    return bool(innovation.origin_id or innovation.origin_external_name)


def reasons(category, innovation, facts: Facts) -> list[str]:
    """Why ``innovation`` cannot enter ``category``; empty when it can."""
    problems = []
    if facts.registration_ends is not None and facts.today > facts.registration_ends:
        problems.append(
            _("Registration for %(competition)s closed on %(date)s.")
            % {
                "competition": category.competition,
                "date": date_format(facts.registration_ends, "j F Y"),
            }
        )
    if facts.already_entered:
        return [*problems, _("This innovation is already entered in the category.")]
    if category.quota_per_agency is not None and facts.entries_of_agency >= (
        category.quota_per_agency
    ):
        problems.append(
            ngettext(
                "The agency has used its quota of %(n)d entry in this category.",
                "The agency has used its quota of %(n)d entries in this category.",
                category.quota_per_agency,
            )
            % {"n": category.quota_per_agency}
        )
    if category.rule == CategoryRule.INSTITUTION:
        if innovation is not None:
            problems.append(_("This category is entered by the coordinating government itself."))
        return problems
    if innovation is None:
        problems.append(_("Choose the innovation to enter."))
        return problems

    replication = is_replication(innovation)
    needed = category.min_age_months_replication if replication else category.min_age_months
    if innovation.implementation_start is None:
        problems.append(_("The innovation has no implementation date yet."))
    else:
        age = months_between(innovation.implementation_start, facts.today)
        if age < needed:
            problems.append(
                _(
                    "It must have run for %(needed)d months since implementation "
                    "(%(kind)s); it has run for %(age)d."
                )
                % {
                    "needed": needed,
                    "age": max(age, 0),
                    "kind": _("a replication") if replication else _("a new innovation"),
                }
            )
    if category.rule == CategoryRule.SUSTAINABILITY and not facts.innovation_won:
        problems.append(
            _("Only innovations that were once Top 99 or Top 45 may enter Keberlanjutan.")
        )
    if category.rule == CategoryRule.SUSTAINABILITY and facts.invited is False:
        problems.append(
            _("Keberlanjutan is by invitation: this innovation is not on the region's list.")
        )
    if category.rule == CategoryRule.REPLICATION:
        if not replication:
            problems.append(_("Only replications may enter Replikasi; this one names no origin."))
        elif not facts.origin_won:
            problems.append(
                _("Replikasi needs an origin that was Top 99 or Top 45; its origin never was.")
            )
    if category.requires_sdg and not innovation.sdgs:
        problems.append(_("Link the innovation to at least one SDG goal."))
    return problems
