"""A competition's registration window: an entry after its registration stage has ended
is refused with the date it closed (in the reader's language), nothing saved; before the
end, or without a registration stage, entries are taken."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from competitions import services
from competitions.models import Dossier


def _close_registration(competition, on):
    competition.stages.filter(kind="registration").update(
        starts_on=on - timedelta(days=40), ends_on=on
    )


def test_an_entry_after_the_window_is_refused_with_the_date(kipp, as_admin_a, innovation_a):
    _close_registration(kipp, date(2023, 3, 31))
    with pytest.raises(ValidationError) as refused:
        services.dossier_create(
            actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
        )
    assert "Registration for KIPP 2023 closed on 31 March 2023." in " ".join(refused.value.messages)
    assert not Dossier.objects.exists()


def test_the_coordinators_own_entry_is_refused_too(pkri, as_coordinator):
    _close_registration(pkri, date(2024, 4, 15))
    category = pkri.categories.get(rule="institution")
    with pytest.raises(ValidationError, match="closed on 15 April 2024"):
        services.dossier_create(actor=as_coordinator, category=category)


def test_the_last_day_of_the_window_still_takes_entries(kipp, as_admin_a, innovation_a):
    _close_registration(kipp, timezone.localdate())
    dossier = services.dossier_create(
        actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
    )
    assert dossier.status == "draft"


def test_without_a_registration_stage_entries_are_taken(kipp, as_admin_a, innovation_a):
    kipp.stages.filter(kind="registration").delete()
    assert services.dossier_create(
        actor=as_admin_a, category=kipp.categories.get(), innovation=innovation_a
    )


def test_the_page_says_when_registration_closed_in_indonesian(
    client, settings, agency_a, admin_a, kipp, innovation_a
):
    _close_registration(kipp, date(2023, 3, 31))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(admin_a)
    category = kipp.categories.get()
    with translation.override("id"):
        response = client.post(
            reverse("competitions:enter", args=[agency_a.slug, kipp.pk, category.pk]),
            {f"c{category.pk}-innovation": innovation_a.pk},
        )
    assert response.status_code == 400
    assert "Pendaftaran KIPP 2023 ditutup pada 31 Maret 2023." in response.content.decode()
    assert not Dossier.objects.exists()
