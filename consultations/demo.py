"""The demo's coaching: rooms, session types, facilitators with weekly hours, past sessions
with notes, and upcoming ones, including a Bappeda staff member's request at KLIK Baik
(an open clinic). Idempotent like the other demo modules."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics.models import Agency, Partner, User
from consultations.choices import Affiliation, ParticipantStatus, SessionKind, Status
from consultations.models import (
    Consultation,
    FacilitatorProfile,
    Participant,
    Room,
    SessionType,
    WeeklyHours,
)
from innovations.models import Innovation
from innovations.services import coaching_outcome_record

ROOMS = ["Ruang Inspirasi", "Ruang Konsultasi", "Ruang Implementasi"]
TYPES = [
    # name, kind, minutes, capacity, room
    ("Konsultasi inovasi", SessionKind.CONSULTATION, 60, 1, "Ruang Konsultasi"),
    ("Pendampingan kompetisi", SessionKind.COMPETITION, 90, 1, None),
    ("Coaching clinic", SessionKind.COACHING_CLINIC, 120, 15, "Ruang Inspirasi"),
    ("Bimtek inovasi", SessionKind.TRAINING, 180, 30, "Ruang Implementasi"),
    ("Lokakarya replikasi inovasi", SessionKind.WORKSHOP, 240, 25, "Ruang Implementasi"),
]
FACILITATORS = [
    (
        "dinkes-bantaeng",
        "fasilitator.klikbaik",
        Affiliation.CLINIC,
        None,
        ["design_thinking", "health_spm", "monitoring"],
    ),
    (
        "dinkes-bantaeng",
        "dosen.unhas",
        Affiliation.UNIVERSITY,
        "Universitas Hasanuddin",
        ["competition_writing", "design_thinking"],
    ),
    (
        "balitbangda-makassar",
        "fasilitator.labinov",
        Affiliation.CLINIC,
        None,
        ["digital_services", "design_thinking"],
    ),
    ("balitbangda-makassar", "dosen.unhas", Affiliation.UNIVERSITY, None, ["competition_writing"]),
]
HOURS = [(day, time(8), time(12)) for day in range(5)] + [
    (day, time(13), time(15)) for day in range(4)
]


def _user(local):
    return User.objects.get(email=f"{local}@demo.klikbaik.id")


def _at(day, hour, tz):
    return datetime.combine(day, time(hour), tzinfo=tz)


@transaction.atomic
def load() -> None:
    with scopes_disabled():
        for slug in ("dinkes-bantaeng", "balitbangda-makassar"):
            agency = Agency.objects.get(slug=slug)
            rooms = {
                name: Room.objects.get_or_create(agency=agency, name=name)[0] for name in ROOMS
            }
            for name, kind, minutes, capacity, room in TYPES:
                SessionType.objects.get_or_create(
                    agency=agency,
                    name=name,
                    defaults={
                        "kind": kind,
                        "duration_minutes": minutes,
                        "capacity": capacity,
                        "room": rooms.get(room),
                        "min_notice_hours": 12,
                    },
                )
        for slug, local, affiliation, partner, expertise in FACILITATORS:
            agency = Agency.objects.get(slug=slug)
            profile, created = FacilitatorProfile.objects.get_or_create(
                agency=agency,
                user=_user(local),
                defaults={
                    "affiliation": affiliation,
                    "expertise": expertise,
                    "partner": Partner.objects.filter(agency=agency, name=partner).first(),
                    "bio": "Pendamping inovasi pelayanan publik.",
                },
            )
            if created:
                WeeklyHours.objects.bulk_create(
                    WeeklyHours(agency=agency, facilitator=profile, weekday=d, start=s, end=e)
                    for d, s, e in HOURS
                )
        _sessions()


def _sessions() -> None:
    dinkes = Agency.objects.get(slug="dinkes-bantaeng")
    if Consultation.objects.filter(agency=dinkes).exists():
        return
    tz = dinkes.zoneinfo
    consult = SessionType.objects.get(agency=dinkes, name="Konsultasi inovasi")
    coach = FacilitatorProfile.objects.get(agency=dinkes, user__email__startswith="fasilitator.")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    rows = [
        # (day, hour, booker, requester agency, status, notes)
        (
            monday - timedelta(days=14),
            9,
            "staf.pabentengang",
            dinkes,
            Status.COMPLETED,
            "Sepakat melengkapi data awal JEDAR SASKIA dan menyusun SOP penjemputan.",
        ),
        (
            monday - timedelta(days=7),
            10,
            "staf.sinoa",
            dinkes,
            Status.COMPLETED,
            "Rancang bangun SASKIA PUBER diperluas menjadi 350 kata.",
        ),
        (monday - timedelta(days=7), 13, "staf.sinoa", dinkes, Status.NO_SHOW, ""),
        (monday + timedelta(days=8), 9, "staf.pabentengang", dinkes, Status.CONFIRMED, ""),
        (
            monday + timedelta(days=9),
            10,
            "staf.bappeda",
            Agency.objects.get(slug="bappeda-bantaeng"),
            Status.REQUESTED,
            "",
        ),
    ]
    jedar = Innovation.objects.filter(agency=dinkes, brand_name="JEDAR SASKIA").first()
    for day, hour, booker, requester, status, notes in rows:
        session = _create(
            dinkes,
            consult,
            coach,
            _at(day, hour, tz),
            status=status,
            requested_by=_user(booker),
            requester_agency=requester,
            notes=notes,
            need="Pendampingan penyusunan inovasi.",
            innovation=jedar if booker == "staf.pabentengang" else None,
        )
        if status == Status.COMPLETED and session.innovation:
            coaching_outcome_record(
                coach=coach.user,
                innovation=session.innovation,
                notes=notes,
                actions=[
                    {
                        "description": "Lengkapi data awal kunjungan antenatal",
                        "due_on": day + timedelta(days=14),
                    }
                ],
            )
    # This week's coaching with the JEDAR SASKIA team, ready for "same time in two weeks".
    session = _create(
        dinkes,
        consult,
        coach,
        _at(monday + timedelta(days=3), 13, tz),
        status=Status.CONFIRMED,
        requested_by=coach.user,
        requester_agency=dinkes,
        innovation=jedar,
        need="Evaluasi data kunjungan antenatal JEDAR SASKIA.",
    )
    for local in ("staf.pabentengang", "staf.sinoa"):
        Participant.objects.create(
            agency=dinkes,
            consultation=session,
            user=_user(local),
            status=ParticipantStatus.ACCEPTED,
        )


def _create(agency, session_type, coach, starts, **fields):
    ends, busy_until = session_type.span(starts)
    return Consultation.objects.create(
        agency=agency,
        session_type=session_type,
        facilitator=coach,
        room=session_type.room,
        starts_at=starts,
        ends_at=ends,
        busy_until=busy_until,
        **fields,
    )
