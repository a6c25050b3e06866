"""The copy-ready page of a dossier, for the organiser's application (SINOVIK for KIPP,
the PKRI application): one standalone HTML file with each of the application's fields
(the category's sections, under the organiser's own names), its text ready to select and
copy, and its word count against the field's limit. Indonesian, like the applications.
Nothing in it is loaded from anywhere: its style is inline, it has no script."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from competitions import selectors


def fields(dossier) -> list[dict]:
    """Each national field: its name, text, word count, limit and whether it is over."""
    return [
        {
            "title": row.section.title,
            "text": row.text,
            "words": row.words,
            "limit": row.section.word_limit,
            "over": bool(row.section.word_limit and row.words > row.section.word_limit),
        }
        for row in selectors.dossier_parts(dossier)["sections"]
    ]


def html(dossier) -> str:
    with translation.override("id"):
        return render_to_string(
            "competitions/copy_page.html",
            {
                "dossier": dossier,
                "competition": dossier.category.competition,
                "fields": fields(dossier),
                "made_at": timezone.localtime(timezone.now(), dossier.agency.zoneinfo),
            },
        )
