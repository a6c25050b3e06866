"""The clinics rule matrix: each role × each rule, and non-members."""

import pytest

from clinics import rules
from clinics.models import Membership, Role

ALLOWED = {
    # rule: roles allowed
    rules.can_view_clinic: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_view_units: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_view_partners: {Role.STAFF, Role.FACILITATOR, Role.ADMIN},
    rules.can_manage_members: {Role.ADMIN},
    rules.can_manage_units: {Role.ADMIN},
    rules.can_manage_partners: {Role.ADMIN},
    rules.can_edit_clinic: {Role.ADMIN},
}


@pytest.mark.parametrize("rule", list(ALLOWED), ids=lambda r: r.__name__)
@pytest.mark.parametrize("role", list(Role))
def test_rule_matrix(rule, role):
    membership = Membership(role=role, is_active=True)
    assert rule(membership) is (role in ALLOWED[rule])


@pytest.mark.parametrize("rule", list(ALLOWED), ids=lambda r: r.__name__)
def test_non_members_and_inactive_members_may_do_nothing(rule):
    assert rule(None) is False
    assert rule(Membership(role=Role.ADMIN, is_active=False)) is False


def test_every_rule_is_in_the_matrix():
    defined = {getattr(rules, n) for n in dir(rules) if n.startswith("can_")}
    assert defined == set(ALLOWED)
