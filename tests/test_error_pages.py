"""The portal's own 403, 404 and 500 pages."""

from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse


def test_403_is_the_portals_page(client, agency_a, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("clinics:members", args=[agency_a.slug]))
    assert response.status_code == 403
    assert "Your role does not allow this" in response.content.decode()
    assert "portal.css" in response.content.decode()


def test_500_renders_without_a_request_or_database():
    page = render_to_string("500.html")
    assert "500" in page and "portal.css" in page


def test_an_unhandled_error_shows_the_500_page(db, settings):
    settings.ROOT_URLCONF = "tests.urls_failing"
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
