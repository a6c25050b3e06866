"""The PDF engine (WeasyPrint) every app's documents are rendered with, in a worker.

Rendering fetches nothing outside the portal: ``portal-static:<path>`` reads the portal's
own static files, ``portal-media:<name>`` reads a file through the storage API (never a
local path, so web and worker need not share a disk), ``data:`` URIs are read as such,
and every other URL (http, file, ...) is refused. Images are best embedded as small
thumbnails (``image_data_uri``), which also keeps the PDF small.
"""

import base64
import io

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from PIL import Image

STATIC_PREFIX = "portal-static:"
MEDIA_PREFIX = "portal-media:"
THUMBNAIL = (480, 360)


class UnreadableImage(ValueError):
    """An image in the storage is missing or cannot be decoded."""


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PortalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(STATIC_PREFIX):
                name = url[len(STATIC_PREFIX) :]
                path = finders.find(name)
                with open(path, "rb") if path else staticfiles_storage.open(name) as handle:
                    body = handle.read()
                return URLFetcherResponse(url, body, {"Content-Type": "text/css"})
            if url.startswith(MEDIA_PREFIX):
                with default_storage.open(url[len(MEDIA_PREFIX) :], "rb") as handle:
                    return URLFetcherResponse(url, handle.read(), {})
            raise ValueError(f"PDF rendering refuses to fetch {url!r}.")

    return PortalFetcher()


def image_data_uri(field_file, size=THUMBNAIL) -> str:
    """A JPEG thumbnail of an image read through the storage API, as a data URI. Raises
    UnreadableImage when the file is missing or is not an image."""
    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            image = image.convert("RGB")
            image.thumbnail(size)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableImage(f"{field_file.name}: {exc!r}") from exc
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def render(markup: str) -> bytes:
    """The PDF of ``markup`` (HTML that names its stylesheet as ``portal-static:...``)."""
    from weasyprint import HTML

    return HTML(string=markup, url_fetcher=_fetcher()).write_pdf()
