"""The PDF engine of the jobs app fetches nothing outside the portal, and reads files
through the storage API."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from jobs import pdf


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
    from django.db.models.fields.files import FieldFile

    from jobs.models import Job

    missing = FieldFile(Job(), Job._meta.get_field("file"), "nowhere/photo.png")
    with pytest.raises(pdf.UnreadableImage, match="nowhere/photo.png"):
        pdf.image_data_uri(missing)
