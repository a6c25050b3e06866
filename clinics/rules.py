"""Who may do what in an agency's clinic: pure predicates over an active membership.

Each rule takes the acting membership (``None`` for someone who is not a member) and,
where it matters, the object. Rules never query; views and templates ask them through
``clinics.tenancy.rule_required`` and the ``{% can %}`` tag.
"""

from clinics.models import Membership


def can_view_clinic(membership: Membership | None, obj=None) -> bool:
    return membership is not None and membership.is_active


def can_coordinate_region(membership: Membership | None, obj=None) -> bool:
    """An admin of one of the region's coordinating agencies acts for the whole region."""
    return can_view_clinic(membership) and membership.is_coordinator


def _is_admin(membership: Membership | None) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def can_manage_members(membership: Membership | None, obj=None) -> bool:
    return _is_admin(membership)


def can_manage_units(membership: Membership | None, obj=None) -> bool:
    return _is_admin(membership)


def can_manage_partners(membership: Membership | None, obj=None) -> bool:
    return _is_admin(membership)


def can_edit_clinic(membership: Membership | None, obj=None) -> bool:
    return _is_admin(membership)


def can_view_units(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership)


def can_view_partners(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership)
