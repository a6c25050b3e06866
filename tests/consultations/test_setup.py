"""The clinic admin sets up rooms and session types; nobody else may."""

import pytest
from django.urls import reverse

from consultations.models import Room, SessionType


def _type_data(**overrides):
    return {
        "name": "Konsultasi",
        "kind": "consultation",
        "duration_minutes": 60,
        "capacity": 1,
        "min_notice_hours": 24,
        "max_days_ahead": 60,
        "buffer_minutes": 15,
        "cancel_cutoff_hours": 24,
        "max_per_day": 4,
        "max_per_week": 12,
        "is_active": "on",
        **overrides,
    }


def test_admin_adds_a_room_and_a_session_type_in_it(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    client.post(
        reverse("consultations:room_add", args=[agency_a.slug]), {"name": "Ruang Inspirasi"}
    )
    room = Room.objects.get()
    response = client.post(
        reverse("consultations:session_type_add", args=[agency_a.slug]),
        _type_data(room=room.pk, capacity=15, kind="coaching_clinic"),
    )
    assert response.status_code == 302
    assert SessionType.objects.get().room == room


def test_a_too_short_session_is_refused_and_the_form_kept(client, agency_a, admin_a, unscoped):
    client.force_login(admin_a)
    response = client.post(
        reverse("consultations:session_type_add", args=[agency_a.slug]),
        _type_data(name="Kilat", duration_minutes=5),
    )
    assert "at least 15 minutes" in response.content.decode()
    assert 'value="Kilat"' in response.content.decode()
    assert not SessionType.objects.exists()


def test_another_agencys_room_cannot_be_chosen(client, agency_a, agency_b, admin_a, unscoped):
    foreign = Room.objects.create(agency=agency_b, name="Ruang RSUD")
    client.force_login(admin_a)
    response = client.post(
        reverse("consultations:session_type_add", args=[agency_a.slug]), _type_data(room=foreign.pk)
    )
    assert response.status_code == 200
    assert not SessionType.objects.exists()


@pytest.mark.parametrize("person", ["staff_a", "facilitator_a"])
def test_set_up_is_for_admins(client, request, agency_a, person):
    client.force_login(request.getfixturevalue(person))
    assert (
        client.get(reverse("consultations:session_types", args=[agency_a.slug])).status_code == 403
    )
    assert client.get(reverse("consultations:room_add", args=[agency_a.slug])).status_code == 403


def test_a_facilitator_keeps_a_profile_with_a_real_photo(
    client, agency_a, facilitator_a, staff_a, admin_c, unscoped
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from consultations.models import FacilitatorProfile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    client.force_login(facilitator_a)
    url = reverse("consultations:profile", args=[agency_a.slug])
    response = client.post(
        url,
        {
            "expertise": ["design_thinking"],
            "bio": "Pendamping",
            "affiliation": "clinic",
            "is_active": "on",
            "photo": SimpleUploadedFile("x.png", b"not an image"),
        },
    )
    assert response.status_code == 200 and "Pendamping" in response.content.decode()
    client.post(
        url,
        {
            "expertise": ["design_thinking"],
            "bio": "Pendamping",
            "affiliation": "clinic",
            "is_active": "on",
            "photo": SimpleUploadedFile("x.png", buffer.getvalue()),
        },
    )
    profile = FacilitatorProfile.objects.get(user=facilitator_a)
    assert profile.expertise == ["design_thinking"] and profile.photo
    client.force_login(admin_c)  # agency_a is an open clinic: its facilitators' photos show
    photo = reverse("consultations:photo", args=[agency_a.slug, profile.pk])
    assert client.get(photo).status_code == 200
    client.force_login(staff_a)
    assert client.get(url).status_code == 403
