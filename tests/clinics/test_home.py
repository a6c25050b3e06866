"""Each role's home starts with that person's next steps; each role has a help page; the
clinic's menu stays on pages outside a clinic."""

from datetime import date, timedelta

import lxml.html
from django.urls import reverse
from django.utils import timezone

from competitions.models import Competition, Stage
from consultations.models import Consultation, FacilitatorProfile, SessionType
from tests.innovations.factories import InnovationFactory


def _text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def _home(client, person, agency):
    client.force_login(person)
    response = client.get(reverse("clinics:home", args=[agency.slug]))
    assert response.status_code == 200
    return response


def test_a_staff_home_starts_with_submitting_an_idea_and_their_ideas_states(
    client, agency_a, staff_a, unscoped
):
    InnovationFactory(agency=agency_a, author=staff_a, name="Kelas Ibu", status="draft")
    InnovationFactory(
        agency=agency_a, author=staff_a, name="Jemput Bumil", status="submitted",
        submitted_at=timezone.now(),
    )  # fmt: skip
    page = _text(_home(client, staff_a, agency_a))
    assert page.index("Submit an idea") < page.index("Your ideas") < page.index("in numbers")
    assert "Kelas Ibu" in page and "only your team sees it" in page
    assert "Jemput Bumil" in page and "Sent for review on" in page
    # The statistics meant for admins are not a staff member's business.
    assert "See the units" not in page and "See the partners" not in page


def test_a_facilitators_home_lists_requests_to_confirm_with_a_confirm_button(
    client, agency_a, facilitator_a, staff_a, unscoped
):
    profile = FacilitatorProfile.objects.create(agency=agency_a, user=facilitator_a)
    kind = SessionType.objects.create(agency=agency_a, name="Konsultasi", kind="consultation")
    start = timezone.now() + timedelta(days=2)
    session = Consultation.objects.create(
        agency=agency_a, session_type=kind, facilitator=profile, starts_at=start,
        ends_at=start + timedelta(hours=1), busy_until=start + timedelta(hours=1),
        requested_by=staff_a, requester_agency=agency_a, need="Bantu menyusun SOP",
    )  # fmt: skip
    response = _home(client, facilitator_a, agency_a)
    page = _text(response)
    assert page.index("Waiting for your confirmation") < page.index("in numbers")
    assert "Bantu menyusun SOP" in page and str(staff_a) in page
    confirm = reverse("consultations:move", args=[agency_a.slug, session.pk, "confirm"])
    assert f'action="{confirm}"' in response.content.decode()


def test_an_admin_home_starts_with_reviews_and_bappeda_with_the_regions_deadlines(
    client, agency_a, admin_a, staff_a, coordinator, coordinator_agency, unscoped
):
    InnovationFactory(
        agency=agency_a, author=staff_a, name="Posyandu Remaja", status="submitted",
        submitted_at=timezone.now(),
    )  # fmt: skip
    page = _text(_home(client, admin_a, agency_a))
    assert page.index("Ideas to review") < page.index("Posyandu Remaja") < page.index("in numbers")
    assert "See the units" in page

    competition = Competition.objects.create(
        agency=coordinator_agency, name="Lomba Inovasi", year=date.today().year, kind="internal"
    )
    Stage.objects.create(
        agency=coordinator_agency, competition=competition, kind="proposal",
        starts_on=date.today() - timedelta(days=3), ends_on=date.today() + timedelta(days=6),
    )  # fmt: skip
    page = _text(_home(client, coordinator, coordinator_agency))
    assert "Your region's deadlines" in page
    assert "Lomba Inovasi" in page and "6 days left" in page
    # The agency's admin sees the region's deadlines too.
    assert "Lomba Inovasi" in _text(_home(client, admin_a, agency_a))


def test_each_role_has_a_help_page_linked_from_its_home(
    client, agency_a, staff_a, facilitator_a, admin_a, coordinator, coordinator_agency
):
    for person, agency, part in [
        (staff_a, agency_a, "help-staff"),
        (facilitator_a, agency_a, "help-facilitator"),
        (admin_a, agency_a, "help-admin"),
        (coordinator, coordinator_agency, "help-coordinator"),
    ]:
        home = _home(client, person, agency).content.decode()
        help_url = reverse("clinics:help", args=[agency.slug])
        assert f'href="{help_url}"' in home
        page = client.get(help_url)
        assert page.status_code == 200 and f'data-testid="{part}"' in page.content.decode()
    client.force_login(staff_a)
    staff_help = client.get(reverse("clinics:help", args=[agency_a.slug]))
    assert "admin@a.test" in staff_help.content.decode()  # who to ask


def test_the_help_page_is_in_indonesian_by_default(client, agency_a, staff_a):
    client.cookies["django_language"] = ""
    client.force_login(staff_a)
    page = client.get(reverse("clinics:help", args=[agency_a.slug]), HTTP_ACCEPT_LANGUAGE="en-US")
    assert "Tugas utama Anda: dari ide sampai pendampingan" in page.content.decode()


def test_the_clinics_menu_stays_outside_the_clinic(client, agency_a, staff_a):
    client.force_login(staff_a)
    for url in (reverse("my_sessions"), reverse("catalogue:catalogue")):
        page = client.get(url).content.decode()
        assert 'id="clinic-menu"' in page
        assert f'href="{reverse("innovations:list", args=[agency_a.slug])}"' in page
        assert f'href="{reverse("clinics:home", args=[agency_a.slug])}"' in page
