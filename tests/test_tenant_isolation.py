"""Every URL under ``/<agency_slug>/``, asked for by someone of another agency, is a 404.

``TENANT_URLS`` says, for each tenant URL name, how to point it at agency A's objects.
A new tenant URL that is not listed here fails ``test_every_tenant_url_is_covered``, so
nothing reaches production without being walked by this suite.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clinics.models import Invitation, Membership
from tests.clinics.factories import MembershipFactory, PartnerFactory, UnitFactory


def _tenant_url_names() -> set[str]:
    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                yield from walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{namespace}:{entry.name}".lstrip(":")

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and "agency_slug" in str(entry.pattern):
            return set(walk(entry.url_patterns, ""))
    raise AssertionError("No tenant URL prefix found in the root URLconf.")


@pytest.fixture
def objects_a(agency_a, admin_a, unscoped):
    """One object of each kind in agency A, for URLs that take a primary key."""
    return {
        "membership": Membership.objects.get(user=admin_a, agency=agency_a),
        "unit": UnitFactory(agency=agency_a),
        "partner": PartnerFactory(agency=agency_a),
        "invitation": Invitation.objects.create(
            agency=agency_a,
            email="new@a.test",
            token_hash="x" * 64,
            expires_at="2099-01-01T00:00Z",
        ),
    }


# URL name → the kind of A's object its ``pk`` names (None: the URL takes no object).
TENANT_URLS = {
    "clinics:home": None,
    "clinics:logo": None,
    "clinics:settings": None,
    "clinics:members": None,
    "clinics:member_invite": None,
    "clinics:member_edit": "membership",
    "clinics:invitation_resend": "invitation",
    "clinics:invitation_revoke": "invitation",
    "clinics:units": None,
    "clinics:unit_add": None,
    "clinics:unit_edit": "unit",
    "clinics:partners": None,
    "clinics:partner_add": None,
    "clinics:partner_edit": "partner",
}
OBJECT_URLS = sorted(name for name, kind in TENANT_URLS.items() if kind)


def _url(name, agency, objects):
    kind = TENANT_URLS[name]
    extra = {"pk": objects[kind].pk} if kind else {}
    return reverse(name, kwargs={"agency_slug": agency.slug, **extra})


def test_every_tenant_url_is_covered():
    assert _tenant_url_names() == set(TENANT_URLS), (
        "Add every new tenant URL to TENANT_URLS (and remove deleted ones)."
    )


@pytest.mark.parametrize("name", sorted(TENANT_URLS))
@pytest.mark.parametrize("outsider", ["admin_b", "admin_c", "coordinator"])
def test_member_of_another_agency_gets_404(client, request, agency_a, objects_a, name, outsider):
    client.force_login(request.getfixturevalue(outsider))
    url = _url(name, agency_a, objects_a)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x", "email": "x@x.test"}).status_code == 404


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_another_agencys_object_under_ones_own_address_is_404(
    client, agency_a, agency_b, admin_a, admin_b, name, unscoped
):
    """An admin of A asking A's pages for B's object ids learns nothing about B."""
    objects_b = {
        "membership": Membership.objects.get(user=admin_b),
        "unit": UnitFactory(agency=agency_b),
        "partner": PartnerFactory(agency=agency_b),
        "invitation": Invitation.objects.create(
            agency=agency_b,
            email="new@b.test",
            token_hash="y" * 64,
            expires_at="2099-01-01T00:00Z",
        ),
    }
    client.force_login(admin_a)
    url = _url(name, agency_a, objects_b)
    assert client.post(url, {"name": "x"}).status_code == 404
    if not name.startswith("clinics:invitation_"):  # POST-only actions answer GET with 405
        assert client.get(url).status_code == 404


def test_inactive_membership_is_no_membership(client, agency_a, unscoped):
    person = MembershipFactory(agency=agency_a, is_active=False).user
    client.force_login(person)
    assert client.get(reverse("clinics:home", args=[agency_a.slug])).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(client, agency_a):
    response = client.get(reverse("clinics:members", args=[agency_a.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_unknown_agency_is_the_portals_404_page(client, admin_a):
    client.force_login(admin_a)
    response = client.get("/no-such-agency/members/")
    assert response.status_code == 404
    assert "404" in response.content.decode()
    assert "portal.css" in response.content.decode()
