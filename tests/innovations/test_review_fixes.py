"""Edge cases found in review: editing indicators, lineage privacy, broken archives,
circular lineages, invitations for people who are already members."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinics.models import Invitation, Membership
from innovations.models import ImpactIndicator
from innovations.selectors import family_tree
from tests.innovations.factories import InnovationFactory


def _names(branch):
    own = "?" if branch["hidden"] else str(branch["node"])
    return [own, *[n for kid in branch["children"] for n in _names(kid)]]


def test_an_existing_indicator_is_edited_and_keeps_its_row(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a)
    indicator = ImpactIndicator.objects.create(
        agency=agency_a, innovation=idea, name="Akta", baseline=1, target=2
    )
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, idea.pk, "impact"]),
        {
            "ind-TOTAL_FORMS": "1",
            "ind-INITIAL_FORMS": "1",
            "ind-0-id": indicator.pk,
            "ind-0-innovation": idea.pk,
            "ind-0-name": "Akta kelahiran",
            "ind-0-baseline": "1",
            "ind-0-target": "3",
            "save": "1",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target) == ("Akta kelahiran", 3)


def test_lineage_hides_other_agencies_unpublished_ancestors_and_colleagues_drafts(
    agency_a, agency_b, agency_c, staff_a, admin_b, admin_c, unscoped
):
    secret = InnovationFactory(
        agency=agency_b, author=admin_b, brand_name="SECRET-Z", status="coaching"
    )
    public = InnovationFactory(
        agency=agency_b,
        author=admin_b,
        brand_name="Y",
        origin=secret,
        status="coaching",
        is_published=True,
    )
    mine = InnovationFactory(
        agency=agency_c, author=admin_c, brand_name="X", origin=public, status="coaching"
    )
    InnovationFactory(
        agency=agency_c, author=admin_c, brand_name="DRAFT-D", origin=public, status="draft"
    )
    names = _names(family_tree(mine, viewer_agency_id=agency_c.pk))
    assert "SECRET-Z" not in names and "DRAFT-D" not in names
    assert {"Y", "X"} <= set(names)


def test_a_broken_opendocument_is_refused_not_a_crash(client, agency_a, staff_a, unscoped):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    damaged = bytearray(buffer.getvalue())
    damaged[40:60] = b"\x00" * 20  # corrupt the compressed member
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:evidence_add", args=[agency_a.slug, idea.pk]),
        {
            "title": "Laporan",
            "kind": "report",
            "upload": SimpleUploadedFile("laporan.odt", bytes(damaged)),
        },
    )
    assert response.status_code == 200
    assert "not a real .odt file" in response.content.decode()


def test_a_lineage_cannot_go_round_in_a_circle(client, agency_a, staff_a, unscoped):
    first = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    second = InnovationFactory(agency=agency_a, author=staff_a, status="coaching", origin=first)
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:edit", args=[agency_a.slug, first.pk, "origin"]),
        {"origin": second.pk, "replication_form": "adopsi"},
    )
    assert "cannot go round in a circle" in response.content.decode()
    first.refresh_from_db()
    assert first.origin is None


def test_an_invitation_does_not_change_an_active_members_role(agency_a, staff_a, unscoped):
    from clinics import services

    membership = Membership.objects.get(user=staff_a)
    invitation = Invitation.objects.create(
        agency=agency_a,
        email="staff@a.test",
        role="admin",
        token_hash="z" * 64,
        expires_at="2099-01-01T00:00Z",
    )
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_accept(invitation=invitation, user=staff_a)
    membership.refresh_from_db()
    assert membership.role == "staff"
