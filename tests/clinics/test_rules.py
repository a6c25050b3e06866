"""The clinics rule matrix: each role × each rule, and non-members."""

import pytest

from clinics import rules
from clinics.models import Agency, Membership, Role

ALLOWED = {
    # rule: roles allowed
    rules.can_view_clinic: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_view_units: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_view_partners: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_manage_members: {Role.ADMIN},
    rules.can_manage_units: {Role.ADMIN},
    rules.can_manage_partners: {Role.ADMIN},
    rules.can_edit_clinic: {Role.ADMIN},
    rules.can_coordinate_region: set(),  # in an agency that coordinates nothing
}
# In an agency that coordinates its region (Bappeda, Bagian Organisasi Setda).
COORDINATING = {**ALLOWED, rules.can_coordinate_region: {Role.ADMIN}}


@pytest.mark.parametrize("rule", list(ALLOWED), ids=lambda r: r.__name__)
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("coordinates", [False, True], ids=["agency", "coordinator"])
def test_rule_matrix(rule, role, coordinates):
    agency = Agency(coordinates_region=coordinates)
    membership = Membership(role=role, is_active=True, agency=agency)
    allowed = COORDINATING if coordinates else ALLOWED
    assert rule(membership) is (role in allowed[rule])


@pytest.mark.parametrize("rule", list(ALLOWED), ids=lambda r: r.__name__)
def test_non_members_and_inactive_members_may_do_nothing(rule):
    assert rule(None) is False
    inactive = Membership(role=Role.ADMIN, is_active=False, agency=Agency(coordinates_region=True))
    assert rule(inactive) is False


def test_every_rule_is_in_the_matrix():
    defined = {getattr(rules, n) for n in dir(rules) if n.startswith("can_")}
    assert defined == set(ALLOWED)
