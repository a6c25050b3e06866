"""Deadline reminders a week and a day before; the demo's competitions."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clinics.models import ActivityLog
from competitions import tasks
from competitions.models import Competition, Dossier, Section, Stage
from tests.test_emails import BASE, TRICKY, links, parts


@pytest.mark.parametrize(("days", "sent"), [(7, True), (1, True), (3, False)])
def test_a_deadline_is_reminded_a_week_and_a_day_before(
    kipp_dossier,
    kipp,
    admin_a,
    innovation_a,
    facilitator_a,
    days,
    sent,
    unscoped,
    django_capture_on_commit_callbacks,
):
    from innovations.models import TeamMember

    TeamMember.objects.create(
        agency=innovation_a.agency, innovation=innovation_a, user=facilitator_a
    )
    Stage.objects.filter(competition=kipp, kind="submission").update(
        ends_on=timezone.localdate() + timedelta(days=days)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_deadlines_everywhere()
    assert bool(mail.outbox) is sent
    if sent:
        assert sorted(mail.outbox[0].to) == sorted(
            [admin_a.email, innovation_a.author.email, facilitator_a.email]
        )
        assert "Bendera SASKIA" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_deadlines_everywhere()  # once per stage and distance
    assert len(mail.outbox) == (1 if sent else 0)


def test_the_reminder_is_escaped_once_and_links_to_each_dossier(
    kipp_dossier, kipp, unscoped, django_capture_on_commit_callbacks
):
    """Both parts (text and HTML, built by klikbaik.mail) show the title as typed and link
    to the dossier on the portal's own address."""
    Dossier.objects.filter(pk=kipp_dossier.pk).update(title=TRICKY)
    Stage.objects.filter(competition=kipp, kind="submission").update(
        ends_on=timezone.localdate() + timedelta(days=7)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_deadlines_everywhere()
    text, page = parts(mail.outbox[0])
    assert TRICKY in text and "&amp;" not in text and "&#x27;" not in text
    assert TRICKY in page.text_content()
    link = f"{BASE}/{kipp_dossier.agency.slug}/competitions/dossiers/{kipp_dossier.pk}/"
    assert link in text and link in links(page)
    assert "berakhir" in text  # in the portal's language, whoever is reading


def test_a_decided_dossier_is_not_reminded(
    kipp_dossier, kipp, unscoped, django_capture_on_commit_callbacks
):
    Dossier.objects.filter(pk=kipp_dossier.pk).update(status="decided")
    Stage.objects.filter(competition=kipp, kind="submission").update(
        ends_on=timezone.localdate() + timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        tasks.remind_deadlines_everywhere()
    assert mail.outbox == []


def test_the_demo_has_bantaengs_real_results(db, unscoped):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115 (idempotent)
    results = {
        (d.category.competition.name, d.category.competition.year, str(d), d.result)
        for d in Dossier.objects.select_related("category__competition", "innovation")
    }
    assert {
        ("KIPP", 2020, "Bendera SASKIA", "top45"),
        ("KIPP", 2022, "RAJA SMILE", "top45"),
        ("KIPP", 2022, "SASKIA Peduli Disabilitas", "top99"),
        ("KIPP", 2023, "SAMAWAKI", "top99"),
        ("PKRI", 2024, "RAJA SMILE", "top5"),
        ("PKRI", 2024, "JEDAR SASKIA", "top5"),
        ("PKRI", 2024, "SASKIA PUBER", "top5"),
        ("PKRI", 2024, "Kabupaten Bantaeng – Instansi Pembina Inovasi", "winner"),
    } <= results
    raja = Dossier.objects.get(category__name="Keberlanjutan")
    assert [o.stage.kind for o in raja.outcomes.all()] == ["desk", "presentation", "field"]
    assert raja.announcement_ref == "B/536/00.95/2024"
    # One of the 26 best Instansi Pembina, announced on 10 July 2024 (the seed).
    pembina = Dossier.objects.get(category__name="Instansi Pembina Inovasi")
    assert pembina.announcement_ref == "B/456/PP.00.05/2024"
    result = ActivityLog.objects.get(target_id=pembina.pk, action="competitions.dossier.result")
    assert result.data["note"] == "Pengumuman 10 Juli 2024"
    # PKRI never published its weights: they are shown as estimates; KIPP 2023's are not.
    sections = Section.objects.filter(category__competition__name__in=["KIPP", "PKRI"])
    assert {(s.category.competition.name, s.weight_estimated) for s in sections} == {
        ("KIPP", False),
        ("PKRI", True),
    }
    internal = Competition.objects.get(kind="internal")
    assert set(
        Dossier.objects.filter(category__competition=internal).values_list("status", flat=True)
    ) == {"draft"}
    assert Competition.objects.count() == 5


def test_two_beats_at_the_same_moment_send_each_reminder_once(
    transactional_db, kipp_dossier, kipp, admin_a, unscoped
):
    from jobs.models import Message
    from tests.concurrency import at_once

    Stage.objects.filter(competition=kipp, kind="submission").update(
        ends_on=timezone.localdate() + timedelta(days=7)
    )
    assert sorted(at_once(tasks.remind_deadlines_everywhere)) == [0, 1]
    assert len(mail.outbox) == 1
    message = Message.objects.get(task="competitions.tasks.send_deadline_reminder")
    assert message.done_at is not None


def test_a_reminder_delivered_twice_at_the_same_moment_is_sent_once(
    transactional_db, kipp_dossier, kipp, admin_a, agency_a, unscoped
):
    from jobs.models import Message
    from tests.concurrency import at_once

    stage = Stage.objects.get(competition=kipp, kind="submission")
    today = timezone.localdate().isoformat()
    message = Message.objects.create(
        agency=agency_a,
        task="competitions.tasks.send_deadline_reminder",
        args=[stage.pk, today],
    )

    def deliver():
        return tasks.send_deadline_reminder.apply(
            args=[agency_a.pk, stage.pk, today], kwargs={"message": message.pk}
        ).get()

    assert sorted(at_once(deliver), key=str) == [1, None]
    assert len(mail.outbox) == 1
