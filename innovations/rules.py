"""Who may do what with an innovation: pure predicates over a membership and a loaded row.

Authors and their team (co-authors) have the same rights. Facilitators and admins coach;
admins also archive and publish. A draft is private to its team until it is submitted.
The innovation's ``team_user_ids`` must be loaded by the selector (no query here).
"""

from clinics.models import Membership
from clinics.rules import can_coordinate_region, can_view_clinic
from innovations.choices import Status

CLOSED = {Status.WITHDRAWN, Status.DISCONTINUED, Status.ARCHIVED}


def is_author(membership: Membership | None, innovation) -> bool:
    if not can_view_clinic(membership) or innovation is None:
        return False
    return membership.user_id == innovation.author_id or (
        membership.user_id in innovation.team_user_ids
    )


def _coaches(membership: Membership | None) -> bool:
    return can_view_clinic(membership) and (membership.is_facilitator or membership.is_admin)


def can_submit_idea(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership)


def can_view_innovation(membership: Membership | None, innovation=None) -> bool:
    if innovation is None or not can_view_clinic(membership):
        return False
    return innovation.status != Status.DRAFT or is_author(membership, innovation)


def can_edit_innovation(membership: Membership | None, innovation=None) -> bool:
    if innovation is None or innovation.status in CLOSED:
        return False
    if is_author(membership, innovation):
        return True
    return _coaches(membership) and innovation.status != Status.DRAFT


def can_submit_innovation(membership, innovation=None) -> bool:
    return is_author(membership, innovation) and innovation.status in {
        Status.DRAFT,
        Status.RETURNED,
    }


def can_withdraw_innovation(membership, innovation=None) -> bool:
    return is_author(membership, innovation) and innovation.status not in CLOSED | {
        Status.SUSTAINED
    }


def can_review_innovation(membership, innovation=None) -> bool:
    """Accept into coaching, or return with comments."""
    return (
        _coaches(membership) and innovation is not None and (innovation.status == Status.SUBMITTED)
    )


def can_coach_innovation(membership, innovation=None) -> bool:
    """Move the 5D phase and maturity, mark sustained or discontinued."""
    return (
        _coaches(membership)
        and innovation is not None
        and innovation.status in {Status.COACHING, Status.SUSTAINED}
    )


def can_archive_innovation(membership, innovation=None) -> bool:
    return (
        can_view_clinic(membership)
        and membership.is_admin
        and innovation is not None
        and innovation.status in {Status.WITHDRAWN, Status.DISCONTINUED, Status.SUSTAINED}
    )


def can_publish_innovation(membership, innovation=None) -> bool:
    return (
        can_view_clinic(membership)
        and membership.is_admin
        and innovation is not None
        and innovation.status in {Status.COACHING, Status.SUSTAINED}
    )


def can_add_evidence(membership, innovation=None) -> bool:
    return can_edit_innovation(membership, innovation) or (
        _coaches(membership) and innovation is not None and innovation.status not in CLOSED
    )


def can_change_evidence(membership, evidence=None) -> bool:
    """Replace or withdraw a piece of evidence: whoever sees its innovation and may add
    evidence to it, while the piece is in the locker (``evidence.innovation`` loaded with
    its team)."""
    if evidence is None or evidence.withdrawn_at is not None:
        return False
    innovation = evidence.innovation
    return can_view_innovation(membership, innovation) and can_add_evidence(membership, innovation)


def can_monitor_innovation(membership, innovation=None) -> bool:
    """Plan M&E visits, follow-up actions and sustainability check-ins."""
    return (
        _coaches(membership)
        and innovation is not None
        and innovation.status not in {Status.DRAFT, Status.ARCHIVED}
    )


def can_record_measurement(membership, innovation=None) -> bool:
    return can_monitor_innovation(membership, innovation) or (
        is_author(membership, innovation) and innovation.status not in CLOSED
    )


def can_manage_targets(membership, obj=None) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def can_export_innovations(membership, obj=None) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def can_view_register(membership, obj=None) -> bool:
    """The region's register (every agency's innovations from "submitted" on, read-only)
    and its targets board: for the region's coordinators."""
    return can_coordinate_region(membership)


def can_set_regional_targets(membership, obj=None) -> bool:
    """Each agency's yearly target on the region's board: the coordinators' admins only."""
    return can_coordinate_region(membership)


def can_import_innovations(membership, obj=None) -> bool:
    """Upload a spreadsheet of innovations: an agency's admin for the agency, a coordinator
    for any agency of the region."""
    return can_view_clinic(membership) and membership.is_admin
