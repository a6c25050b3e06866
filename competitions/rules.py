"""Who may do what with competitions and dossiers: pure predicates, no queries.

The region's coordinator (an admin of its coordinating agency) keeps the competitions and
reads every dossier of the region. Inside the entering agency, admins and facilitators work
on every dossier, the innovation's team on its own; facilitators review and mock-score.
A dossier's ``team_user_ids`` must be loaded by the selector.
"""

from clinics.models import Membership
from clinics.rules import can_coordinate_region, can_view_clinic
from competitions.choices import DossierStatus

EDITABLE = {DossierStatus.DRAFT, DossierStatus.REVIEW}


def _coaches(membership) -> bool:
    return can_view_clinic(membership) and (membership.is_admin or membership.is_facilitator)


def _is_admin(membership) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def is_coordinator(membership) -> bool:
    return can_coordinate_region(membership)


def can_view_competitions(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership)


def can_manage_competitions(membership: Membership | None, obj=None) -> bool:
    return is_coordinator(membership)


def can_enter(membership: Membership | None, obj=None) -> bool:
    """Start a dossier for one of the agency's innovations (or, for the coordinator, the
    coordinating government's own entry)."""
    return _coaches(membership)


def _on_team(membership, dossier) -> bool:
    return can_view_clinic(membership) and membership.user_id in dossier.team_user_ids


def can_view_dossier(membership: Membership | None, dossier=None) -> bool:
    if dossier is None or not can_view_clinic(membership):
        return False
    if membership.agency_id == dossier.agency_id:
        return _coaches(membership) or _on_team(membership, dossier)
    return is_coordinator(membership) and membership.agency.region_id == dossier.region_id


def can_edit_dossier(membership: Membership | None, dossier=None) -> bool:
    if dossier is None or dossier.status not in EDITABLE:
        return False
    if membership is None or membership.agency_id != dossier.agency_id:
        return False
    return _coaches(membership) or _on_team(membership, dossier)


def can_review_dossier(membership: Membership | None, dossier=None) -> bool:
    """Comment per section, resolve comments and mock-score."""
    return (
        dossier is not None
        and membership is not None
        and membership.agency_id == dossier.agency_id
        and _coaches(membership)
    )


def can_move_dossier(membership: Membership | None, dossier=None) -> bool:
    """Internal moves (review, ready, back to draft, submit, withdraw)."""
    return can_review_dossier(membership, dossier)


def can_record_outcome(membership: Membership | None, dossier=None) -> bool:
    """Record a stage's outcome or the result: for an external competition the agency's
    admin or the region's coordinator (who receives the announcements); for an internal
    one only the coordinator that runs it."""
    if dossier is None or not can_view_clinic(membership):
        return False
    keeper = is_coordinator(membership) and membership.agency.region_id == dossier.region_id
    if dossier.category.competition.kind == "internal":
        return keeper  # the region judges its own competition; entrants do not
    if membership.agency_id == dossier.agency_id:
        return membership.is_admin
    return keeper


def can_render_portfolio(membership: Membership | None, dossier=None) -> bool:
    return can_view_dossier(membership, dossier)


def can_view_region(membership: Membership | None, obj=None) -> bool:
    """The regional dossier table and its ZIP export."""
    return is_coordinator(membership)


def can_manage_jury(membership: Membership | None, competition=None) -> bool:
    """Appoint jurors and see the ranking: the coordinator keeping an internal competition."""
    return (
        is_coordinator(membership)
        and competition is not None
        and competition.agency_id == membership.agency_id
        and competition.kind == "internal"
    )


def can_judge(membership: Membership | None, competition=None) -> bool:
    """A juror of the competition (``juror_user_ids`` loaded by the selector) scores its
    dossiers until the results are published."""
    return (
        can_view_clinic(membership)
        and competition is not None
        and competition.agency_id == membership.agency_id
        and membership.user_id in competition.juror_user_ids
        and not competition.results_published
    )
