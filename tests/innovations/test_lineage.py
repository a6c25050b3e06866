"""Replication lineage: an origin shows its family tree across agencies and regions."""

from django.urls import reverse

from innovations.selectors import family_tree
from tests.innovations.factories import InnovationFactory


def _names(branch):
    if branch["hidden"]:
        return ["?", *[n for kid in branch["children"] for n in _names(kid)]]
    return [str(branch["node"]), *[n for kid in branch["children"] for n in _names(kid)]]


def test_the_saskia_family(client, agency_a, agency_c, staff_a, admin_c, unscoped):
    bendera = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        brand_name="Bendera SASKIA",
        status="sustained",
        is_published=True,
    )
    jedar = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        brand_name="JEDAR SASKIA",
        origin=bendera,
        replication_form="adaptasi",
        status="coaching",
    )
    puber = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        brand_name="SASKIA PUBER",
        origin=bendera,
        replication_form="modifikasi",
        status="coaching",
    )
    makassar = InnovationFactory(
        agency=agency_c,
        author=admin_c,
        brand_name="SASKIA Makassar",
        origin=jedar,
        replication_form="adopsi",
        status="coaching",
        is_published=True,
    )
    tree = family_tree(bendera, viewer_agency_id=agency_a.pk)
    assert _names(tree) == ["Bendera SASKIA", "JEDAR SASKIA", "SASKIA Makassar", "SASKIA PUBER"]
    # From a replication, the tree starts at the first origin.
    assert _names(family_tree(makassar, viewer_agency_id=agency_c.pk))[0] == "Bendera SASKIA"
    client.force_login(staff_a)
    page = client.get(reverse("innovations:detail", args=[agency_a.slug, bendera.pk]))
    assert "SASKIA PUBER" in page.content.decode()
    assert "Adaptation (adaptasi)" in page.content.decode()
    assert puber.origin == bendera


def test_another_agencys_unpublished_innovations_stay_nameless(
    agency_a, agency_c, staff_a, admin_c, unscoped
):
    bendera = InnovationFactory(
        agency=agency_a,
        author=staff_a,
        brand_name="Bendera SASKIA",
        status="sustained",
        is_published=True,
    )
    InnovationFactory(
        agency=agency_a,
        author=staff_a,
        brand_name="Secret SASKIA",
        origin=bendera,
        status="coaching",
    )
    tree = family_tree(bendera, viewer_agency_id=agency_c.pk)
    assert _names(tree) == ["Bendera SASKIA"]
