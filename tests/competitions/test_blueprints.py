"""The shipped competition templates speak the language of the admin who uses them."""

from django.utils import translation

from competitions import services
from competitions.blueprints import BLUEPRINTS


def _texts(spec):
    yield spec["description"]
    for category in spec["categories"]:
        yield from (section[4] for section in category["sections"])


def test_every_description_and_guidance_has_an_indonesian_translation():
    for key, spec in BLUEPRINTS.items():
        for text in _texts(spec):
            with translation.override("en"):
                english = str(text)
            with translation.override("id"):
                assert str(text) != english, (key, english)


def test_a_competition_from_a_blueprint_is_in_the_portals_language(as_coordinator):
    """Dossiers are submitted in Indonesian: the copy's texts are Indonesian, whatever the
    language of the admin who makes it (here English, the suite's default)."""
    kipp = services.competition_from_blueprint(actor=as_coordinator, key="kipp-2023")
    summary = kipp.categories.get().sections.get(title="Ringkasan")
    assert summary.guidance == "Apa inovasinya, untuk siapa, dan apa hasilnya."
    assert "perkiraan" in kipp.description
    pkri = services.competition_from_blueprint(actor=as_coordinator, key="pkri-2024")
    pembina = pkri.categories.get(name="Instansi Pembina Inovasi").sections.get(title="Penciptaan")
    assert pembina.guidance.startswith("Penciptaan inovasi: pelibatan pegawai dan masyarakat")
    assert pembina.weight_estimated
    assert not kipp.categories.get().sections.filter(weight_estimated=True).exists()


def test_pkris_weights_read_as_estimates_and_kipps_as_published(
    client, settings, coordinator, coordinator_agency, kipp, pkri
):
    from django.urls import reverse

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(coordinator)

    def page(competition):
        url = reverse("competitions:detail", args=[coordinator_agency.slug, competition.pk])
        return client.get(url).content.decode()

    assert page(pkri).count(">perkiraan</abbr>") == 14  # every PKRI section
    assert "perkiraan</abbr>" not in page(kipp)
