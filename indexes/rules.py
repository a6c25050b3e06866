"""Who may do what in the index workbench: pure predicates, no queries.

The region's coordinators (admins of its coordinating agencies) keep the editions and the
assessment: it answers the pemda indicators and verifies innovations' levels. Admins of
the region's other agencies read the dashboard and confirm their own innovations' levels.
"""

from clinics.models import Membership
from clinics.rules import can_view_clinic
from competitions.rules import is_coordinator


def can_view_index(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def can_manage_index(membership: Membership | None, obj=None) -> bool:
    return is_coordinator(membership)


def can_confirm(membership: Membership | None, innovation=None) -> bool:
    """Confirm or override the levels of one of the agency's own innovations."""
    return (
        innovation is not None
        and can_view_index(membership)
        and membership.agency_id == innovation.agency_id
    )


def can_verify(membership: Membership | None, innovation=None) -> bool:
    return can_manage_index(membership) and (
        innovation is None or membership.agency.region_id == innovation.agency.region_id
    )


def can_edit_edition(membership: Membership | None, edition=None) -> bool:
    """Shipped editions are read-only; a copy is edited by the region's coordinators, who
    keep it together (``edition.agency`` loaded by the selector)."""
    return (
        edition is not None
        and edition.agency_id is not None
        and can_manage_index(membership)
        and edition.agency.region_id == membership.agency.region_id
    )
