"""The PDF portfolio of a dossier, rendered by WeasyPrint in a worker.

Rendering fetches nothing outside the portal: the stylesheet is read from the static
files, the logo and photo thumbnails from the storage API (as data URIs), and every other
URL is refused by the fetcher. Call inside the dossier's agency scope.
"""

import base64
import hashlib
import io

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image

from competitions import selectors
from innovations import selectors as innovation_selectors
from innovations.choices import EvidenceKind

STATIC_PREFIX = "portal-static:"
THUMBNAIL = (480, 360)


def _local_fetcher():
    """WeasyPrint's URL fetcher, limited to data URIs and the portal's own static files;
    any other URL (http, file, ...) is refused."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(STATIC_PREFIX):
                name = url[len(STATIC_PREFIX) :]
                path = finders.find(name)
                with open(path, "rb") if path else staticfiles_storage.open(name) as handle:
                    body = handle.read()
                return URLFetcherResponse(url, body, {"Content-Type": "text/css"})
            raise ValueError(f"Portfolio rendering refuses to fetch {url!r}.")

    return LocalFetcher()


def _data_uri(field_file, size=THUMBNAIL) -> str:
    """A small JPEG thumbnail of an image in the storage, as a data URI ('' if unreadable)."""
    try:
        with field_file.open("rb") as handle, Image.open(handle) as image:
            image = image.convert("RGB")
            image.thumbnail(size)
            out = io.BytesIO()
            image.save(out, "JPEG", quality=80)
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def context(dossier) -> dict:
    parts = selectors.dossier_parts(dossier)
    innovation = dossier.innovation
    extra = innovation_selectors.innovation_detail_parts(innovation) if innovation else {}
    evidence = extra.get("evidence", [])
    for item in evidence:
        item.thumbnail = (
            _data_uri(item.file) if item.kind == EvidenceKind.PHOTO and item.file else ""
        )
    agency = dossier.agency
    return {
        "dossier": dossier,
        "competition": dossier.category.competition,
        "agency": agency,
        "logo": _data_uri(agency.logo, (400, 400)) if agency.logo else "",
        "innovation": innovation,
        "sections": parts["sections"],
        "evidence": evidence,
        "indicators": extra.get("indicators", []),
        # The 60 latest events, oldest first, as a story reads.
        "timeline": list(reversed(extra["timeline"][:60])) if innovation else [],
        "family": extra.get("family"),
        "stylesheet": STATIC_PREFIX + "css/portfolio.css",
    }


def html(dossier, language: str = "id") -> str:
    with translation.override(language):
        return render_to_string("competitions/portfolio.html", context(dossier))


def fingerprint(markup: str) -> str:
    return hashlib.sha256(markup.encode()).hexdigest()


def pdf(markup: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=markup, url_fetcher=_local_fetcher()).write_pdf()
