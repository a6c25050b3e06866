"""Staff find coaching: the booking page opens on free times (never an error), and the
open clinics of their region and of others are listed with a link to book."""

import lxml.html
from django.urls import reverse

from consultations.models import SessionType


def _page(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_booking_page_opens_on_free_times_without_an_error(
    client, agency_a, staff_a, consult_a, coach_a, unscoped
):
    SessionType.objects.create(agency=agency_a, name="Bimtek", kind="training", capacity=30)
    client.force_login(staff_a)
    url = reverse("consultations:book", args=[agency_a.slug])
    for query in ({}, {"facilitator": coach_a.pk}):
        page = _page(client, url, **query)
        tree = lxml.html.fromstring(page)
        assert not tree.xpath('//*[contains(@class, "errorlist")]'), query
        assert 'data-testid="error-summary"' not in page
        assert tree.xpath('//fieldset[@data-testid="slots"]//input[@type="radio"]'), query
        # The one-to-one kind comes first, not the group session.
        chosen = tree.xpath('//select[@name="session_type"]/option[@selected]/text()')
        assert chosen == ["Konsultasi"]


def test_a_clinic_without_kinds_of_session_says_so(client, agency_a, staff_a):
    client.force_login(staff_a)
    page = _page(client, reverse("consultations:book", args=[agency_a.slug]))
    assert 'data-testid="no-session-types"' in page and "errorlist" not in page


def test_a_bad_week_is_an_error_the_person_can_see(client, agency_a, staff_a, consult_a):
    client.force_login(staff_a)
    page = _page(client, reverse("consultations:book", args=[agency_a.slug]), week="soon")
    assert 'data-testid="error-summary"' in page and 'aria-invalid="true"' in page


def test_other_agencies_staff_find_the_open_clinics_on_their_coaching_page(
    client, agency_a, agency_b, agency_c, admin_b, unscoped
):
    agency_c.is_open = True
    agency_c.save()
    client.force_login(admin_b)
    for url in (
        reverse("consultations:facilitators", args=[agency_b.slug]),
        reverse("my_sessions"),
    ):
        page = _page(client, url)
        section = lxml.html.fromstring(page).xpath('//*[@data-testid="open-clinics"]')[0]
        text = " ".join(section.text_content().split())
        # The region's open clinic first, then the other region's.
        assert text.index("KLIK Baik") < text.index("Labinov Beken")
        links = section.xpath(".//a/@href")
        assert reverse("consultations:book", args=[agency_a.slug]) in links
        assert reverse("consultations:book", args=[agency_c.slug]) in links
        assert reverse("consultations:book", args=[agency_b.slug]) not in links
    # The open clinic's own page lets them book.
    assert client.get(reverse("consultations:book", args=[agency_a.slug])).status_code == 200


def test_a_closed_clinic_is_not_listed(client, agency_a, agency_b, staff_a):
    client.force_login(staff_a)
    page = _page(client, reverse("consultations:facilitators", args=[agency_a.slug]))
    assert "Klinik RSUD" not in page
    assert 'data-testid="open-clinics"' not in page  # its own clinic is not "another"


def test_the_facilitator_sees_requests_waiting_on_the_coaching_page(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, unscoped
):
    client.force_login(staff_a)
    url = reverse("consultations:book", args=[agency_a.slug])
    client.post(
        url + f"?session_type={consult_a.pk}&facilitator={coach_a.pk}&week={slot.date()}",
        {"starts_at": slot.isoformat(), "need": "Bantu SOP"},
    )
    client.force_login(facilitator_a)
    page = _page(client, reverse("consultations:facilitators", args=[agency_a.slug]))
    waiting = lxml.html.fromstring(page).xpath('//*[@data-testid="waiting"]')[0]
    assert "Bantu SOP" in waiting.text_content()
    assert waiting.xpath(".//button[@type='submit']")


def test_the_session_page_puts_confirm_first_and_cancelling_in_its_own_fold(
    client, agency_a, staff_a, facilitator_a, consult_a, coach_a, slot, unscoped
):
    from consultations.models import Consultation

    client.force_login(staff_a)
    client.post(
        reverse("consultations:book", args=[agency_a.slug])
        + f"?session_type={consult_a.pk}&facilitator={coach_a.pk}&week={slot.date()}",
        {"starts_at": slot.isoformat(), "need": "Bantu SOP"},
    )
    session = Consultation.objects.get()
    client.force_login(facilitator_a)
    tree = lxml.html.fromstring(
        _page(client, reverse("consultations:detail", args=[agency_a.slug, session.pk]))
    )
    buttons = tree.xpath("//main//button")
    assert buttons[0].get("data-testid") == "confirm"
    cancel = tree.xpath('//button[@data-testid="cancel"]')[0]
    zone = cancel.xpath('ancestor::details[contains(@class, "danger-zone")]')[0]
    assert str(staff_a) in zone.text_content()  # who is told
    response = client.post(
        reverse("consultations:move", args=[agency_a.slug, session.pk, "confirm"]), follow=True
    )
    assert f"Confirmed. {staff_a} gets an e-mail" in response.content.decode()
