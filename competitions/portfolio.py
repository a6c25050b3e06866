"""The PDF portfolio of a dossier: its markup, rendered by the PDF engine of the jobs app
(``jobs.pdf``, which fetches nothing outside the portal) in a worker.

What a jury receives: a cover, the contents, every section and annex numbered alike in the
contents and the body, the evidence listed with its kind, date and page, in Indonesian
(the language dossiers are submitted in, whoever renders it) and in the agency's time
zone. A dossier that is not final yet (an empty section, one over its word limit, an image
that cannot be shown) starts with a warning page that says what to fix.

The logo and the photo thumbnails are read through the storage API and embedded; an image
that cannot be read, or has more pixels than IMAGE_MAX_PIXELS, becomes a placeholder with a
note (and a line on the warning page), never a failed portfolio. Call inside the dossier's
agency scope.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clinics.uploads import megapixels
from competitions import selectors
from innovations import selectors as innovation_selectors
from innovations.choices import EvidenceKind
from jobs import pdf

logger = logging.getLogger(__name__)

LANGUAGE = settings.LANGUAGE_CODE
TIMELINE_EVENTS = 60


@dataclass(frozen=True)
class Heading:
    """A numbered heading, the same in the contents and in the body."""

    number: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Picture:
    """An image as the PDF shows it: a thumbnail, or a note saying why it is not shown."""

    uri: str = ""
    note: str = ""


def _picture(field_file) -> Picture:
    try:
        return Picture(uri=pdf.image_data_uri(field_file))
    except pdf.UnreadableImage as exc:
        logger.warning("Portfolio image left out: %s", exc)
        if exc.size:
            width, height = exc.size
            note = _(
                "This image is not shown: it is %(width)s × %(height)s pixels, more than the "
                "limit of %(limit)s megapixels. Upload a smaller copy, then render again."
            ) % {"width": width, "height": height, "limit": megapixels(settings.IMAGE_MAX_PIXELS)}
        else:
            note = _(
                "This image is not shown: its file is missing or damaged. Upload it again, "
                "then render again."
            )
        return Picture(note=note)


def _headings(sections, annexes) -> tuple[list[Heading], dict[str, Heading]]:
    """Number the sections, then the annexes that have something to show."""
    contents = []
    for row in sections:
        row.heading = Heading(len(contents) + 1, f"s{row.section_id}", row.section.title)
        contents.append(row.heading)
    shown = {}
    for anchor, title, present in annexes:
        if present:
            shown[anchor] = Heading(len(contents) + 1, anchor, title)
            contents.append(shown[anchor])
    return contents, shown


def context(dossier) -> dict:
    parts = selectors.dossier_parts(dossier)
    innovation = dossier.innovation
    extra = innovation_selectors.innovation_detail_parts(innovation) if innovation else {}
    sections, evidence = parts["sections"], extra.get("evidence", [])
    problems = {
        item.section_id: item.text for item in parts["checklist"] if item.section_id and not item.ok
    }
    for row in sections:
        row.problem = problems.get(row.section_id, "")
    warnings = [row.problem for row in sections if row.problem]

    agency = dossier.agency
    logo = _picture(agency.logo) if agency.logo else Picture()
    if logo.note:
        warnings.append(_("The clinic's logo: %(note)s") % {"note": logo.note})
    for item in evidence:
        item.anchor = f"e{item.pk}"
        has_photo = item.kind == EvidenceKind.PHOTO and item.file
        item.picture = _picture(item.file) if has_photo else Picture()
        if item.picture.note:
            warnings.append(f"{item.title}: {item.picture.note}")

    indicators = extra.get("indicators", [])
    family = extra.get("family")
    # The latest events, oldest first, as a story reads.
    timeline = list(reversed(extra["timeline"][:TIMELINE_EVENTS])) if innovation else []
    # The region's own entry (Instansi Pembina) has no innovation: its documents come
    # from the region's evidence locker and the pelembagaan tracker.
    requirements = [] if innovation else parts["requirements"]
    contents, annexes = _headings(
        sections,
        [
            ("documents", _("Documents"), requirements),
            ("evidence", _("Evidence"), evidence),
            ("impact", _("Impact indicators"), indicators),
            ("lineage", _("Replication lineage"), family),
            ("timeline", _("Coaching timeline"), timeline),
        ],
    )
    return {
        "dossier": dossier,
        "competition": dossier.category.competition,
        "agency": agency,
        "logo": logo,
        "innovation": innovation,
        "sections": sections,
        "contents": contents,
        "annexes": annexes,
        "warnings": warnings,
        "requirements": requirements,
        "evidence": evidence,
        "indicators": indicators,
        "timeline": timeline,
        "family": family,
        "stylesheet": pdf.STATIC_PREFIX + "css/portfolio.css",
    }


def html(dossier, language: str = LANGUAGE) -> str:
    """The portfolio's markup in ``language`` (Indonesian unless asked otherwise) and the
    dossier's agency's time zone, whatever the request or worker has active."""
    with translation.override(language), timezone.override(dossier.agency.zoneinfo):
        return render_to_string(
            "competitions/portfolio.html", {**context(dossier), "language": language}
        )


def fingerprint(markup: str) -> str:
    return hashlib.sha256(markup.encode()).hexdigest()
