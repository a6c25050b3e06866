"""Onboarding: the region's coordinators set up an agency of their region (units, time
zone inherited) and invite its first admin through the outbox; who may, and bad input
that leaves nothing behind."""

import pytest
from django.core import mail
from django.urls import reverse

from clinics.models import ActivityLog, Agency, Invitation, Membership, Role, TimeZone, Unit
from jobs.models import Message
from tests.clinics.factories import MembershipFactory
from tests.clinics.test_invitations import _sign_up


def url(name, agency, *args):
    return reverse(f"clinics:{name}", args=[agency.slug, *args])


GOOD = {
    "name": "Dinas Pendidikan",
    "kind": "opd",
    "slug": "",
    "clinic_name": "",
    "units": (
        "SMP Negeri 1 Bantaeng\n  Puskesmas   Sinoa \n\nUPTD Pendidikan Anak\nBidang Kurikulum\n"
    ),
    "admin_email": "Kadis@Disdik.test",
}


@pytest.fixture
def onboard(client, coordinator, coordinator_agency, django_capture_on_commit_callbacks):
    """Post the onboarding form as the coordinator; outbox messages are sent."""

    def post(data=GOOD, *, agency=coordinator_agency):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url("agency_onboard", agency), data)

    client.force_login(coordinator)
    return post


def test_the_coordinator_sets_up_an_agency_and_invites_its_first_admin(
    client, onboard, coordinator, coordinator_agency, unscoped
):
    coordinator_agency.time_zone = TimeZone.WIT  # not the default: inherited, not assumed
    coordinator_agency.save(update_fields=["time_zone"])
    assert client.get(url("agency_onboard", coordinator_agency)).status_code == 200
    response = onboard()
    assert response["Location"] == url("region_agencies", coordinator_agency)

    agency = Agency.objects.get(name="Dinas Pendidikan")
    assert (agency.slug, agency.clinic_name) == ("dinas-pendidikan", "Dinas Pendidikan")
    assert (agency.region, agency.time_zone) == (coordinator_agency.region, TimeZone.WIT)
    assert not agency.coordinates_region
    assert dict(Unit.objects.filter(agency=agency).values_list("name", "kind")) == {
        "SMP Negeri 1 Bantaeng": "other",
        "Puskesmas Sinoa": "puskesmas",
        "UPTD Pendidikan Anak": "uptd",
        "Bidang Kurikulum": "bidang",
    }
    invitation = Invitation.objects.get(agency=agency)
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "kadis@disdik.test",
        Role.ADMIN,
        coordinator,
    )
    # Through the outbox, to the address, linking to the portal's own address.
    assert Message.objects.get(agency=agency).done_at is not None
    sent = mail.outbox[-1]
    assert sent.to == ["kadis@disdik.test"] and "Dinas Pendidikan" in sent.body
    link = next(word for word in sent.body.split() if "/invitations/" in word)
    assert link.startswith("https://klikbaik.test/invitations/")
    assert (
        ActivityLog.objects.get(agency=agency, action="clinics.agency.created").actor == coordinator
    )

    listed = client.get(url("region_agencies", coordinator_agency))
    assert "Dinas Pendidikan" in listed.content.decode()
    row = next(a for a in listed.context["page"] if a.pk == agency.pk)
    assert (row.admin_count, row.invited_count) == (0, 1)

    # The invitee signs up straight into the new agency as its admin.
    client.logout()
    _sign_up(client, link.replace("https://klikbaik.test", ""), email="kadis@disdik.test")
    admin = Membership.objects.get(agency=agency, user__email="kadis@disdik.test")
    assert admin.role == Role.ADMIN and admin.is_active
    assert client.get(url("home", agency)).status_code == 200


def test_a_second_coordinating_agency_shares_the_role(
    client, onboard, coordinator_agency, unscoped
):
    onboard(GOOD | {"name": "Bagian Organisasi Setda", "kind": "setda", "coordinates_region": "on"})
    organisasi = Agency.objects.get(name="Bagian Organisasi Setda")
    assert organisasi.coordinates_region
    assert {a.pk for a in Agency.objects.filter(coordinates_region=True)} == {
        coordinator_agency.pk,
        organisasi.pk,
    }


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "This field is required."),
        ({"slug": "rsud"}, "slug", "already exists"),
        ({"name": "RSUD"}, "slug", "already exists"),  # the address made from the name
        ({"slug": "admin"}, "slug", "reserved by the portal"),
        ({"slug": "Dinas Pendidikan!"}, "slug", "Enter a valid"),
        ({"admin_email": "kadis@"}, "admin_email", "Enter a valid email address."),
        ({"admin_email": "admin@bappeda.test"}, None, None),  # not an error: see below
        ({"units": "Puskesmas Sinoa\npuskesmas  sinoa"}, "__all__", "listed twice"),
        ({"units": "x" * 161}, "units", "too long"),
        ({"kind": "kementerian"}, "kind", "Select a valid choice"),
    ],
)
def test_bad_input_is_named_and_nothing_is_kept(
    client, onboard, agency_b, coordinator_agency, changes, field, message, unscoped
):
    if field is None:
        # A person who already belongs elsewhere may be the new agency's first admin.
        assert onboard(GOOD | changes).status_code == 302
        return
    response = onboard(GOOD | changes)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert any(message in error for error in errors[field]), errors
    typed = (GOOD | changes)["name"]
    assert not typed or f'value="{typed}"' in response.content.decode()  # kept as typed
    assert not Agency.objects.filter(name__in=["Dinas Pendidikan", "RSUD"]).exclude(pk=agency_b.pk)
    assert not Invitation.objects.exists() and not Message.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("who", ["admin_a", "staff_a", "admin_c"])
def test_only_the_regions_coordinators_set_up_agencies(client, request, who, unscoped):
    person = request.getfixturevalue(who)
    agency = person.memberships.get().agency
    client.force_login(person)
    assert client.get(url("region_agencies", agency)).status_code == 403
    assert client.get(url("agency_onboard", agency)).status_code == 403
    assert client.post(url("agency_onboard", agency), GOOD).status_code == 403
    assert not Agency.objects.filter(name="Dinas Pendidikan").exists()


def test_the_coordinators_own_staff_cannot_either(client, coordinator_agency, unscoped):
    staff = MembershipFactory(agency=coordinator_agency, role=Role.STAFF).user
    client.force_login(staff)
    assert client.post(url("agency_onboard", coordinator_agency), GOOD).status_code == 403


def test_the_coordinator_invites_an_admin_to_an_agency_of_its_region_only(
    client,
    coordinator,
    coordinator_agency,
    agency_a,
    admin_a,
    agency_b,
    agency_c,
    unscoped,
    django_capture_on_commit_callbacks,
):
    client.force_login(coordinator)
    invite = url("region_agency_invite", coordinator_agency, agency_b.pk)
    assert client.get(invite).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite, {"email": "direktur@rsud.test"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(agency=agency_b)
    assert (invitation.role, invitation.email) == (Role.ADMIN, "direktur@rsud.test")
    assert mail.outbox[-1].to == ["direktur@rsud.test"]
    # An address already an active member of the agency is refused, with the reason.
    refused = client.post(
        url("region_agency_invite", coordinator_agency, agency_a.pk), {"email": "admin@a.test"}
    )
    assert refused.status_code == 400
    assert "already a member" in refused.content.decode()
    # Another region's agency is not there.
    elsewhere = url("region_agency_invite", coordinator_agency, agency_c.pk)
    assert client.get(elsewhere).status_code == 404
    assert client.post(elsewhere, {"email": "x@c.test"}).status_code == 404
    client.force_login(admin_a)
    assert client.get(url("region_agency_invite", agency_a, agency_b.pk)).status_code == 404
    assert Invitation.objects.filter(agency=agency_c).count() == 0
