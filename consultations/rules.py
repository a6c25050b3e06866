"""Who may do what with coaching sessions: pure predicates.

Booking pages of an open clinic are reachable by signed-in staff of other agencies; for
them ``membership`` is None and ``can_book_session`` takes the agency's openness into
account through the view (clinics.tenancy.open_clinic_view).
"""

from clinics.models import Membership
from clinics.rules import can_view_clinic


def can_book_session(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership)


def can_keep_calendar(membership: Membership | None, obj=None) -> bool:
    """Facilitators keep their availability and see the week calendar; admins too."""
    return can_view_clinic(membership) and (membership.is_facilitator or membership.is_admin)


def is_session_facilitator(membership: Membership | None, session) -> bool:
    return (
        can_view_clinic(membership)
        and session is not None
        and session.facilitator.user_id == membership.user_id
    )


def can_respond_session(membership: Membership | None, session=None) -> bool:
    """Confirm, decline, complete: the session's facilitator, or an admin for them."""
    return is_session_facilitator(membership, session) or (
        can_view_clinic(membership) and membership.is_admin and session is not None
    )


def is_booker(user, session) -> bool:
    return session is not None and user.is_authenticated and session.requested_by_id == user.pk


def can_manage_setup(membership: Membership | None, obj=None) -> bool:
    """Rooms and session types of the clinic: its admins."""
    return can_view_clinic(membership) and membership.is_admin
