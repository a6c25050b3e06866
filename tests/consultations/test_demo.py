from django.core.management import call_command

from consultations.models import Consultation, FacilitatorProfile


def test_the_demo_has_facilitators_and_sessions(db, unscoped):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert FacilitatorProfile.objects.filter(agency__slug="dinkes-bantaeng").count() == 2
    assert FacilitatorProfile.objects.filter(affiliation="university").exists()
    statuses = set(Consultation.objects.values_list("status", flat=True))
    assert {"completed", "no_show", "confirmed", "requested"} <= statuses
    bappeda = Consultation.objects.get(requester_agency__slug="bappeda-bantaeng")
    assert (bappeda.agency.slug, bappeda.status) == ("dinkes-bantaeng", "requested")
    team = Consultation.objects.get(
        innovation__brand_name="JEDAR SASKIA",
        status="confirmed",
        requested_by__email__startswith="fasilitator",
    )
    assert team.participants.count() == 2


def test_in_the_demo_a_facilitator_schedules_a_follow_up_with_the_jedar_saskia_team(
    client, db, unscoped
):
    from django.urls import reverse

    from clinics.models import User

    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    session = Consultation.objects.get(
        innovation__brand_name="JEDAR SASKIA",
        status="confirmed",
        requested_by__email__startswith="fasilitator",
    )
    client.force_login(User.objects.get(email="fasilitator.klikbaik@demo.klikbaik.id"))
    response = client.post(reverse("consultations:follow_up", args=["dinkes-bantaeng", session.pk]))
    follow = Consultation.objects.get(follows=session)
    assert response["Location"].endswith(f"/consultations/{follow.pk}/")
    assert follow.participants.count() == 2
