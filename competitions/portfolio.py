"""The PDF portfolio of a dossier: its markup, rendered by the PDF engine of the jobs app
(``jobs.pdf``, which fetches nothing outside the portal) in a worker.

The logo and the photo thumbnails are read through the storage API and embedded; an image
that cannot be read fails the job with a reason that names it. Call inside the dossier's
agency scope.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from competitions import selectors
from innovations import selectors as innovation_selectors
from innovations.choices import EvidenceKind
from jobs import pdf
from jobs.runner import JobFailed

UNREADABLE_PHOTO = gettext_noop(
    "The image of the evidence “%(title)s” cannot be read. Upload it again, then render again."
)
UNREADABLE_LOGO = gettext_noop(
    "The clinic's logo cannot be read. Upload it again in the clinic settings, then render again."
)


def _thumbnail(field_file, reason: str, size=pdf.THUMBNAIL, **params) -> str:
    try:
        return pdf.image_data_uri(field_file, size)
    except pdf.UnreadableImage as exc:
        raise JobFailed(reason, detail=f"{exc}\n", **params) from exc


def context(dossier) -> dict:
    parts = selectors.dossier_parts(dossier)
    innovation = dossier.innovation
    extra = innovation_selectors.innovation_detail_parts(innovation) if innovation else {}
    evidence = extra.get("evidence", [])
    for item in evidence:
        item.thumbnail = (
            _thumbnail(item.file, UNREADABLE_PHOTO, title=item.title)
            if item.kind == EvidenceKind.PHOTO and item.file
            else ""
        )
    agency = dossier.agency
    return {
        "dossier": dossier,
        "competition": dossier.category.competition,
        "agency": agency,
        "logo": _thumbnail(agency.logo, UNREADABLE_LOGO, (400, 400)) if agency.logo else "",
        "innovation": innovation,
        "sections": parts["sections"],
        "requirements": parts["requirements"],
        "evidence": evidence,
        "indicators": extra.get("indicators", []),
        # The 60 latest events, oldest first, as a story reads.
        "timeline": list(reversed(extra["timeline"][:60])) if innovation else [],
        "family": extra.get("family"),
        "stylesheet": pdf.STATIC_PREFIX + "css/portfolio.css",
    }


def html(dossier, language: str = "id") -> str:
    with translation.override(language):
        return render_to_string("competitions/portfolio.html", context(dossier))


def fingerprint(markup: str) -> str:
    return hashlib.sha256(markup.encode()).hexdigest()
