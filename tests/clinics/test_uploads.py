"""Images that cannot be drawn are refused at upload: decompression bombs, images over the
pixel limit, damaged files; the limits are said before upload and checked in the browser."""

import io

import lxml.html
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from clinics.models import Agency
from clinics.uploads import check_image, validate_document, validate_logo
from innovations.models import Evidence
from tests.images import BOMB, photo, png_of
from tests.innovations.factories import InnovationFactory


def _file(name, content):
    return SimpleUploadedFile(name, content)


def _code(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.code


def test_the_bomb_is_small_and_really_that_large():
    assert len(BOMB) < 60_000
    with Image.open(io.BytesIO(png_of(300, 200))) as small:
        small.load()
        assert small.size == (300, 200)


@pytest.mark.parametrize("check", ["document", "logo"])
def test_a_decompression_bomb_is_refused(check, settings):
    settings.LOGO_MAX_BYTES = settings.EVIDENCE_MAX_BYTES
    upload = _file("foto.png", BOMB)
    if check == "document":
        assert _code(lambda: validate_document(upload, max_bytes=10**8)) == "too_many_pixels"
    else:
        assert _code(lambda: validate_logo(upload)) == "too_many_pixels"


def test_an_image_over_the_configured_limit_says_its_size_and_the_limit(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ValidationError) as caught:
        validate_document(_file("denah.png", png_of(1200, 1000)), max_bytes=10**8)
    message = caught.value.messages[0]
    assert "1200 × 1000 pixels (1.2 megapixels)" in message
    assert "the limit is 1 megapixels" in message
    validate_document(_file("denah.png", png_of(1000, 1000)), max_bytes=10**8)  # at the limit


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("foto.jpg", photo()[: len(photo()) // 2]),  # cut off mid-way
        ("foto.png", png_of(400, 300)[:-40]),  # IDAT cut short, no IEND
        ("foto.png", png_of(400, 300)[:30] + b"\x00" * 60),  # header, then rubbish
    ],
)
def test_a_damaged_image_is_refused(name, content):
    import weasyprint  # noqa: F401 - it makes Pillow accept truncated images process-wide
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    assert _code(lambda: validate_document(_file(name, content), max_bytes=10**8)) == "undecodable"
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as it was


def test_real_photos_pass():
    assert validate_document(_file("foto.jpg", photo()), max_bytes=10**8) == "image/jpeg"
    assert validate_document(_file("foto.png", photo("PNG")), max_bytes=10**8) == "image/png"
    assert check_image(_file("logo.webp", photo("WEBP")), formats={"WEBP"}) == "WEBP"
    upload = _file("foto.jpg", photo())
    validate_document(upload, max_bytes=10**8)
    assert upload.tell() == 0  # ready to be stored


def test_evidence_upload_refuses_the_bomb_and_keeps_what_was_typed(
    client, agency_a, staff_a, unscoped
):
    idea = InnovationFactory(agency=agency_a, author=staff_a, status="coaching")
    client.force_login(staff_a)
    response = client.post(
        reverse("innovations:evidence_add", args=[agency_a.slug, idea.pk]),
        {"title": "Foto kegiatan posyandu", "kind": "photo", "upload": _file("foto.png", BOMB)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "far more pixels than the limit of 40 megapixels" in page
    assert 'value="Foto kegiatan posyandu"' in page
    assert not Evidence.objects.exists()


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_logo_bomb_is_refused(client, agency_a, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("clinics:settings", args=[agency_a.slug]),
        {
            "clinic_name": "KLIK Baik",
            "time_zone": "Asia/Makassar",
            "logo": _file("logo.png", png_of(13000, 13000)),
        },
    )
    assert response.status_code == 200
    assert "13000 × 13000 pixels (169 megapixels)" in response.content.decode()
    assert not Agency.objects.get(pk=agency_a.pk).logo


@pytest.mark.parametrize(
    ("url", "name", "limit"),
    [
        (lambda a, i: reverse("innovations:evidence_add", args=[a.slug, i.pk]), "upload", "24"),
        (lambda a, i: reverse("clinics:settings", args=[a.slug]), "logo", "2"),
    ],
)
def test_the_limits_are_said_and_checked_in_the_browser(
    client, agency_a, admin_a, unscoped, url, name, limit, settings
):
    idea = InnovationFactory(agency=agency_a, author=admin_a, status="coaching")
    client.force_login(admin_a)
    page = lxml.html.fromstring(client.get(url(agency_a, idea)).content)
    field = page.get_element_by_id(f"id_{name}")
    assert field.get("data-max-bytes") in {
        str(settings.EVIDENCE_MAX_BYTES),
        str(settings.LOGO_MAX_BYTES),
    }
    assert field.get("accept")
    assert "{size}" in field.get("data-too-large")
    help_text = page.text_content().replace("\xa0", " ")
    assert f"Up to {limit}.0 MB; images up to 40 megapixels." in help_text
    scripts = page.xpath("//script/@src")
    assert any(src.endswith("/static/js/upload-limit.js") for src in scripts)
    assert not [s for s in page.xpath("//script") if not s.get("src")]  # no inline script
