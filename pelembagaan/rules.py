"""Who may do what with the pelembagaan tracker: pure predicates, no queries.

The region's coordinators (admins of its coordinating agencies: Bappeda, and Bagian
Organisasi Setda where it shares the role) keep the regulations and budget lines
together. Admins of the region's other agencies read them: the regulations and budget
lines that name their innovations raise those innovations' index levels.
"""

from clinics.models import Membership
from clinics.rules import can_coordinate_region, can_view_clinic


def can_view_tracker(membership: Membership | None, obj=None) -> bool:
    return can_view_clinic(membership) and membership.is_admin


def can_manage_tracker(membership: Membership | None, obj=None) -> bool:
    return can_coordinate_region(membership)
