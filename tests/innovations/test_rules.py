"""The lifecycle rule matrix: each role × each move, in the states where it applies."""

import pytest

from clinics.models import Membership, Role
from innovations import rules
from innovations.choices import Status
from innovations.models import Innovation

AUTHOR, CO_AUTHOR, OTHER_STAFF, FACILITATOR, ADMIN = (
    "author",
    "co_author",
    "other_staff",
    "facilitator",
    "admin",
)
ROLES = [AUTHOR, CO_AUTHOR, OTHER_STAFF, FACILITATOR, ADMIN]


def _membership(who):
    role = {FACILITATOR: Role.FACILITATOR, ADMIN: Role.ADMIN}.get(who, Role.STAFF)
    user_id = {AUTHOR: 1, CO_AUTHOR: 2, OTHER_STAFF: 3, FACILITATOR: 4, ADMIN: 5}[who]
    return Membership(user_id=user_id, role=role, is_active=True)


def _innovation(status):
    innovation = Innovation(author_id=1, status=status)
    innovation.team_user_ids = {2}
    return innovation


# (rule, status) → who may
MATRIX = {
    (rules.can_submit_innovation, Status.DRAFT): {AUTHOR, CO_AUTHOR},
    (rules.can_submit_innovation, Status.RETURNED): {AUTHOR, CO_AUTHOR},
    (rules.can_submit_innovation, Status.SUBMITTED): set(),
    (rules.can_withdraw_innovation, Status.SUBMITTED): {AUTHOR, CO_AUTHOR},
    (rules.can_withdraw_innovation, Status.COACHING): {AUTHOR, CO_AUTHOR},
    (rules.can_withdraw_innovation, Status.WITHDRAWN): set(),
    (rules.can_review_innovation, Status.SUBMITTED): {FACILITATOR, ADMIN},
    (rules.can_review_innovation, Status.DRAFT): set(),
    (rules.can_review_innovation, Status.COACHING): set(),
    (rules.can_coach_innovation, Status.COACHING): {FACILITATOR, ADMIN},
    (rules.can_coach_innovation, Status.SUSTAINED): {FACILITATOR, ADMIN},
    (rules.can_coach_innovation, Status.SUBMITTED): set(),
    (rules.can_archive_innovation, Status.WITHDRAWN): {ADMIN},
    (rules.can_archive_innovation, Status.SUSTAINED): {ADMIN},
    (rules.can_archive_innovation, Status.COACHING): set(),
    (rules.can_publish_innovation, Status.COACHING): {ADMIN},
    (rules.can_publish_innovation, Status.DRAFT): set(),
    (rules.can_view_innovation, Status.DRAFT): {AUTHOR, CO_AUTHOR},
    (rules.can_view_innovation, Status.SUBMITTED): set(ROLES),
    (rules.can_edit_innovation, Status.DRAFT): {AUTHOR, CO_AUTHOR},
    (rules.can_edit_innovation, Status.SUBMITTED): {AUTHOR, CO_AUTHOR, FACILITATOR, ADMIN},
    (rules.can_edit_innovation, Status.ARCHIVED): set(),
    (rules.can_add_evidence, Status.COACHING): {AUTHOR, CO_AUTHOR, FACILITATOR, ADMIN},
    (rules.can_add_evidence, Status.WITHDRAWN): set(),
    (rules.can_monitor_innovation, Status.COACHING): {FACILITATOR, ADMIN},
    (rules.can_monitor_innovation, Status.DRAFT): set(),
    (rules.can_record_measurement, Status.COACHING): {AUTHOR, CO_AUTHOR, FACILITATOR, ADMIN},
}


@pytest.mark.parametrize(
    ("rule", "status"), list(MATRIX), ids=lambda v: getattr(v, "__name__", str(v))
)
@pytest.mark.parametrize("who", ROLES)
def test_lifecycle_rule_matrix(rule, status, who):
    assert rule(_membership(who), _innovation(status)) is (who in MATRIX[(rule, status)])


@pytest.mark.parametrize("rule", [rules.can_manage_targets, rules.can_export_innovations])
@pytest.mark.parametrize("who", ROLES)
def test_agency_wide_registry_rules_are_for_admins(rule, who):
    assert rule(_membership(who)) is (who == ADMIN)


def test_nobody_outside_the_agency_may_do_anything():
    for rule, status in MATRIX:
        assert rule(None, _innovation(status)) is False


@pytest.mark.parametrize(
    ("status", "withdrawn", "allowed"),
    [
        (Status.DRAFT, False, {AUTHOR, CO_AUTHOR}),
        (Status.COACHING, False, {AUTHOR, CO_AUTHOR, FACILITATOR, ADMIN}),
        (Status.SUSTAINED, False, {AUTHOR, CO_AUTHOR, FACILITATOR, ADMIN}),
        (Status.WITHDRAWN, False, set()),
        (Status.ARCHIVED, False, set()),
        (Status.COACHING, True, set()),  # already withdrawn: kept as it was
    ],
)
@pytest.mark.parametrize("who", ROLES)
def test_who_may_replace_or_withdraw_evidence(status, withdrawn, allowed, who):
    from django.utils import timezone

    from innovations.models import Evidence

    evidence = Evidence(
        innovation=_innovation(status), withdrawn_at=timezone.now() if withdrawn else None
    )
    assert rules.can_change_evidence(_membership(who), evidence) is (who in allowed)
    assert rules.can_change_evidence(None, evidence) is False
    assert rules.can_change_evidence(_membership(who), None) is False
