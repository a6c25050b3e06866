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


def test_a_competition_from_a_blueprint_is_in_its_makers_language(as_coordinator):
    with translation.override("id"):
        kipp = services.competition_from_blueprint(actor=as_coordinator, key="kipp-2023")
    summary = kipp.categories.get().sections.get(title="Ringkasan")
    assert summary.guidance == "Apa inovasinya, untuk siapa, dan apa hasilnya."
    assert "perkiraan" in kipp.description
    pkri = services.competition_from_blueprint(actor=as_coordinator, key="pkri-2024")
    assert "approximate" in pkri.description  # the suite's default here is English
