"""The PDF engine (WeasyPrint) every app's documents are rendered with, in a worker.

Rendering fetches nothing outside the portal: ``portal-static:<path>`` reads the portal's
own static files, ``portal-media:<name>`` reads a file through the storage API (never a
local path, so web and worker need not share a disk), ``data:`` URIs are read as such,
and every other URL (http, file, ...) is refused. Images are best embedded as small
thumbnails (``image_data_uri``), which also keeps the PDF small.

Pillow's limits follow IMAGE_MAX_PIXELS while a worker renders (``image_limits``): an image
with more pixels (a decompression bomb already in the storage, from before uploads were
checked) is refused before it is decoded, as uploads are, never drawn at full size.
"""

import base64
import io
import warnings
from contextlib import contextmanager

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.files.storage import default_storage
from PIL import Image

STATIC_PREFIX = "portal-static:"
MEDIA_PREFIX = "portal-media:"
THUMBNAIL = (480, 360)


class UnreadableImage(ValueError):
    """An image in the storage is missing, cannot be decoded, or has more pixels than
    IMAGE_MAX_PIXELS (then ``size`` is its width and height)."""

    def __init__(self, message: str, size: tuple[int, int] | None = None):
        super().__init__(message)
        self.size = size


@contextmanager
def _pillow_limit(pixels: int | None):
    before = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = before


def image_limits():
    """Pillow as strict as the upload check: past IMAGE_MAX_PIXELS an image is an error
    (Pillow's own default is twice as large, and only warns up to double that)."""
    return _pillow_limit(settings.IMAGE_MAX_PIXELS)


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
    UnreadableImage when the file is missing, is not an image, or has more pixels than
    IMAGE_MAX_PIXELS (read from its header, so that the reason can say how large it is:
    such an image is never decoded)."""
    try:
        with _pillow_limit(None), field_file.open("rb") as handle, Image.open(handle) as image:
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise UnreadableImage(
                    f"{field_file.name}: {width} × {height} pixels, over IMAGE_MAX_PIXELS",
                    (width, height),
                )
            image.draft("RGB", size)  # a JPEG is decoded at a fraction of its size
            image = image.convert("RGB")
            image.thumbnail(size)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
    except UnreadableImage:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise UnreadableImage(f"{field_file.name}: {exc!r}") from exc
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def render(markup: str) -> bytes:
    """The PDF of ``markup`` (HTML that names its stylesheet as ``portal-static:...``)."""
    from weasyprint import HTML

    with image_limits():
        return HTML(string=markup, url_fetcher=_fetcher()).write_pdf()
