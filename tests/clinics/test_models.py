from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from clinics.models import Agency, Invitation, Membership, User
from tests.clinics.factories import MembershipFactory, PartnerFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_user_signs_in_by_email_which_is_stored_lowercase():
    user = User.objects.create_user("Siti.Aminah@Example.TEST", "pw-123456789", full_name="Siti")
    assert user.email == "siti.aminah@example.test"
    assert User.USERNAME_FIELD == "email"
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="SITI.AMINAH@example.test", full_name="Twin")


def test_nip_must_have_18_digits():
    user = User(email="a@b.test", full_name="A", nip="12345")
    with pytest.raises(ValidationError) as exc:
        user.full_clean(exclude=["password"])
    assert "nip" in exc.value.message_dict
    user.nip = "198765432109876543"
    user.full_clean(exclude=["password"])


def test_reserved_slugs_are_refused(region):
    agency = Agency(name="X", slug="accounts", kind="opd", region=region, clinic_name="X")
    with pytest.raises(ValidationError) as exc:
        agency.full_clean()
    assert "slug" in exc.value.message_dict


def test_one_membership_per_person_and_agency(agency_a, staff_a, unscoped):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(agency=agency_a, user=staff_a)


def test_a_membership_unit_must_belong_to_the_same_agency(agency_a, agency_b, staff_a, unscoped):
    membership = Membership.objects.get(user=staff_a)
    membership.unit = UnitFactory(agency=agency_b)
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert "unit" in exc.value.message_dict


def test_coordinator_is_an_admin_of_the_coordinating_agency(coordinator, admin_a, unscoped):
    assert Membership.objects.get(user=coordinator).is_coordinator
    assert not Membership.objects.get(user=admin_a).is_coordinator


def test_partner_mou_cannot_end_before_it_starts(agency_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerFactory(agency=agency_a, mou_start=date(2025, 1, 1), mou_end=date(2024, 1, 1))
    partner = PartnerFactory.build(mou_start=date(2025, 1, 1), mou_end=None)
    assert partner.mou_active_on(date(2030, 1, 1))
    assert not partner.mou_active_on(date(2024, 12, 31))


def test_invitation_status_follows_its_dates(agency_a):
    now = timezone.now()
    invitation = Invitation(agency=agency_a, email="x@a.test", expires_at=now + timedelta(days=1))
    assert invitation.status == Invitation.Status.PENDING
    invitation.expires_at = now - timedelta(seconds=1)
    assert invitation.status == Invitation.Status.EXPIRED
    invitation.revoked_at = now
    assert invitation.status == Invitation.Status.REVOKED
    invitation.accepted_at = now
    assert invitation.status == Invitation.Status.ACCEPTED
