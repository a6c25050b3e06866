"""The PDF engine of the jobs app fetches nothing outside the portal, and reads files
through the storage API."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image

from jobs import pdf
from jobs.models import Job
from tests.images import photo, png_of


@pytest.mark.parametrize(
    "url", ["http://example.com/x.png", "https://cdn.example/x.css", "file:///etc/passwd"]
)
def test_rendering_fetches_nothing_outside_the_portal(url):
    with pytest.raises(ValueError, match="refuses to fetch"):
        pdf._fetcher().fetch(url)
    # A document naming such a URL still renders, without it.
    markup = f'<html><body><img src="{url}"><p>Isi</p></body></html>'
    assert pdf.render(markup).startswith(b"%PDF")


def test_the_stylesheet_comes_from_the_portals_static_files():
    response = pdf._fetcher().fetch(pdf.STATIC_PREFIX + "css/portfolio.css")
    assert b"@page" in response.read()


def test_media_is_read_through_the_storage_api():
    name = default_storage.save("probe/logo.svg", ContentFile(b"<svg></svg>"))
    assert pdf._fetcher().fetch(pdf.MEDIA_PREFIX + name).read() == b"<svg></svg>"


def test_an_unreadable_image_is_named():
    missing = FieldFile(Job(), Job._meta.get_field("file"), "nowhere/photo.png")
    with pytest.raises(pdf.UnreadableImage, match="nowhere/photo.png"):
        pdf.image_data_uri(missing)


@pytest.mark.parametrize("size", [(20000, 20000), (13000, 13000)])
def test_an_image_over_the_pixel_limit_is_refused_from_its_header(size):
    """A decompression bomb (past Pillow's own limit) and an image Pillow would only warn
    about (13000 × 13000, which once took a worker to 960 MB) are both refused by
    IMAGE_MAX_PIXELS, with their size, before any pixel is decoded."""
    name = default_storage.save("probe/big.png", ContentFile(png_of(*size)))
    field_file = FieldFile(Job(), Job._meta.get_field("file"), name)
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(pdf.UnreadableImage) as refused:
        pdf.image_data_uri(field_file)
    assert refused.value.size == size
    assert before == Image.MAX_IMAGE_PIXELS  # Pillow's limit is the renderer's only while it works


def test_the_renderer_refuses_an_image_over_the_pixel_limit_and_renders_the_rest(settings):
    big = default_storage.save("probe/large.jpg", ContentFile(photo(size=(400, 300))))
    settings.IMAGE_MAX_PIXELS = 100 * 100
    before = Image.MAX_IMAGE_PIXELS
    markup = f'<html><body><img src="{pdf.MEDIA_PREFIX}{big}"><p>Isi</p></body></html>'
    content = pdf.render(markup)
    assert content.startswith(b"%PDF") and b"/Subtype /Image" not in content
    assert before == Image.MAX_IMAGE_PIXELS
    settings.IMAGE_MAX_PIXELS = 400 * 300  # at the limit it is drawn
    assert b"/Subtype /Image" in pdf.render(markup)
    field_file = FieldFile(Job(), Job._meta.get_field("file"), big)
    assert pdf.image_data_uri(field_file).startswith("data:image/jpeg;base64,")
