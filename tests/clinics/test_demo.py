import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from clinics.models import Agency, Membership, Unit


def _snapshot():
    """Every row of every model, as values: a second load must not change any of it."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models()
        if model._meta.label not in {"sessions.Session"}
    }


def test_the_demo_loads_the_regency_and_prints_logins(db, capsys, unscoped):
    call_command("load_demo", "--force")
    printed = capsys.readouterr().out
    assert "admin.klikbaik@demo.klikbaik.id" in printed
    assert "| Agency" in printed and "Password" in printed
    dinkes = Agency.objects.get(slug="dinkes-bantaeng")
    assert dinkes.clinic_name == "KLIK Baik" and dinkes.is_open
    assert Unit.objects.filter(agency=dinkes, kind="puskesmas").count() == 13
    assert Unit.objects.filter(agency=dinkes, kind="uptd").count() == 2
    assert Agency.objects.get(slug="bappeda-bantaeng").coordinates_region
    assert Agency.objects.get(slug="balitbangda-makassar").clinic_name == "Labinov Beken"
    for agency in Agency.objects.all():
        roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
        assert roles == {"staff", "facilitator", "admin"}, agency


def test_a_second_run_changes_nothing(db, unscoped):
    call_command("load_demo", "--force")
    before = _snapshot()
    call_command("load_demo", "--force")
    assert _snapshot() == before


@pytest.mark.parametrize(
    "email", ["admin.klikbaik@demo.klikbaik.id", "staf.bappeda@demo.klikbaik.id"]
)
def test_demo_logins_work(client, db, email):
    call_command("load_demo", "--force")
    response = client.post(reverse("account_login"), {"login": email, "password": "klikbaik-demo"})
    assert response.status_code == 302
    assert client.get(reverse("home"), follow=True).status_code == 200


def test_on_a_server_the_demo_refuses_without_force(db, settings, unscoped):
    from django.core.management.base import CommandError

    settings.LOCAL = False  # neither DEBUG nor DEMO: a server
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not Agency.objects.exists()


def test_on_a_server_even_force_creates_no_known_password_superuser(db, settings, unscoped):
    from clinics.models import User

    settings.LOCAL = False  # neither DEBUG nor DEMO: a server
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    operator = User.objects.get(email="operator@demo.klikbaik.id")
    assert operator.is_superuser and not operator.has_usable_password()
    assert not User.objects.filter(is_superuser=True, password__startswith="md5").exists()


def test_an_operator_left_with_the_demo_password_loses_it_on_a_forced_load(
    db, settings, capsys, unscoped
):
    from clinics.models import User

    settings.LOCAL = True  # DEBUG or DEMO (make run)
    call_command("load_demo")
    operator = User.objects.get(email="operator@demo.klikbaik.id")
    assert operator.check_password("klikbaik-demo")  # the local demo keeps it
    settings.LOCAL = False  # neither DEBUG nor DEMO: a server
    call_command("load_demo", "--force")
    operator.refresh_from_db()
    assert not operator.has_usable_password()
    assert "manage.py changepassword" in capsys.readouterr().out
