"""The scoping net: tenant-owned rows cannot be read without naming an agency."""

import zoneinfo

import pytest
from django.urls import reverse
from django_scopes import ScopeError, scope

from clinics.models import ActivityLog, Invitation, Membership, Partner, Unit
from tests.clinics.factories import UnitFactory

TENANT_MODELS = [Unit, Membership, Partner, Invitation, ActivityLog]


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m.__name__)
def test_an_unscoped_query_of_a_tenant_model_fails_loudly(db, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())


@pytest.mark.parametrize("model", TENANT_MODELS, ids=lambda m: m.__name__)
def test_every_tenant_model_has_a_required_agency(model):
    field = model._meta.get_field("agency")
    assert not field.null


def test_a_scope_shows_only_its_agencys_rows(agency_a, agency_b):
    UnitFactory(agency=agency_a, name="Sinoa")
    UnitFactory(agency=agency_b, name="IGD")
    with scope(agency=agency_a):
        assert [u.name for u in Unit.objects.all()] == ["Sinoa"]


def test_pages_run_in_the_agencys_time_zone(client, agency_a, admin_a, unscoped):
    agency_a.time_zone = "Asia/Jayapura"
    agency_a.save()
    client.force_login(admin_a)
    response = client.get(reverse("clinics:home", args=[agency_a.slug]))
    assert response.status_code == 200
    assert response.context["TIME_ZONE"] == "Asia/Jayapura"
    assert agency_a.zoneinfo == zoneinfo.ZoneInfo("Asia/Jayapura")


def test_request_knows_its_agency_and_membership(client, agency_a, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("clinics:home", args=[agency_a.slug]))
    assert response.wsgi_request.agency == agency_a
    assert response.wsgi_request.membership.user == staff_a
