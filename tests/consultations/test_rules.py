"""The booking's rule matrix: each role × each rule."""

import pytest

from clinics.models import Membership, Role
from consultations import rules
from consultations.models import Consultation, FacilitatorProfile

ROLES = [Role.STAFF, Role.FACILITATOR, Role.ADMIN]


def _member(role, user_id=1):
    return Membership(role=role, is_active=True, user_id=user_id)


def _session(facilitator_user_id=2):
    return Consultation(facilitator=FacilitatorProfile(user_id=facilitator_user_id))


@pytest.mark.parametrize("role", ROLES)
def test_agency_rules(role):
    member = _member(role)
    assert rules.can_book_session(member) is True
    assert rules.can_keep_calendar(member) is (role != Role.STAFF)
    assert rules.can_manage_setup(member) is (role == Role.ADMIN)


@pytest.mark.parametrize("role", ROLES)
def test_responding_is_for_the_sessions_facilitator_or_an_admin(role):
    assert rules.can_respond_session(_member(role, user_id=2), _session()) is True
    assert rules.can_respond_session(_member(role, user_id=1), _session()) is (role == Role.ADMIN)


def test_outsiders_and_former_members_may_do_nothing():
    former = Membership(role=Role.ADMIN, is_active=False, user_id=2)
    for rule in (rules.can_book_session, rules.can_keep_calendar, rules.can_manage_setup):
        assert rule(None) is False and rule(former) is False
    assert rules.can_respond_session(None, _session()) is False
    assert rules.can_respond_session(former, _session()) is False
