from django.core.management import call_command

from innovations.models import Evidence, Innovation
from innovations.selectors import family_tree


def _names(branch):
    return [str(branch["node"]), *[n for kid in branch["children"] for n in _names(kid)]]


def test_the_demo_has_the_real_innovations_and_the_saskia_family(db, unscoped):
    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    brands = set(Innovation.objects.values_list("brand_name", flat=True))
    assert {
        "Bendera SASKIA",
        "JEDAR SASKIA",
        "SASKIA PUBER",
        "RAJA SMILE",
        "SASKIA Peduli Disabilitas",
        "SAMAWAKI",
        "BSB",
        "Terminal Darah",
    } <= brands
    bendera = Innovation.objects.get(brand_name="Bendera SASKIA")
    assert _names(family_tree(bendera, viewer_agency_id=bendera.agency_id)) == [
        "Bendera SASKIA",
        "JEDAR SASKIA",
        "SASKIA PUBER",
    ]
    statuses = set(Innovation.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "coaching", "sustained"} <= statuses
    assert Evidence.objects.filter(innovation=bendera).exclude(file="").count() >= 2
    with Evidence.objects.filter(innovation=bendera, kind="regulation").first().file.open() as f:
        assert f.read(5) == b"%PDF-"


def test_bappedas_board_in_the_demo_holds_its_three_innovations_targets(client, db, unscoped):
    from django.urls import reverse

    from clinics.models import User

    call_command("load_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client.force_login(User.objects.get(email="admin.bappeda@demo.klikbaik.id"))
    board = client.get(reverse("innovations:register_targets", args=["bappeda-bantaeng"]))
    targets = {row["agency"].slug: row["target"] for row in board.context["board"]}
    assert targets["dinkes-bantaeng"] == 3 and targets["bappeda-bantaeng"] is None
    assert "balitbangda-makassar" not in targets  # another region
    register = client.get(reverse("innovations:register", args=["bappeda-bantaeng"]))
    assert register.context["page"].paginator.count > 0
    assert "draft" not in {item.status for item in register.context["page"]}
