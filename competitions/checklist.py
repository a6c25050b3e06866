"""The completeness checklist that stands between a dossier and "ready"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Item:
    ok: bool
    text: str
    section_id: int | None = None


def checklist(sections, requirements, attached: dict[int, int], open_comments: int) -> list[Item]:
    """Every check, passed or not, in dossier order.

    ``sections`` are DossierSection rows with their ``section`` loaded; ``attached`` counts
    the documents picked per requirement id.
    """
    items = []
    for row in sections:
        title, limit, words = row.section.title, row.section.word_limit, row.words
        if not words:
            items.append(Item(False, _("“%(t)s” is empty.") % {"t": title}, row.section_id))
        elif limit and words > limit:
            items.append(
                Item(
                    False,
                    _("“%(t)s” has %(w)d words; the limit is %(l)d.")
                    % {"t": title, "w": words, "l": limit},
                    row.section_id,
                )
            )
        else:
            items.append(Item(True, _("“%(t)s” is written.") % {"t": title}, row.section_id))
    for requirement in requirements:
        if attached.get(requirement.pk):
            items.append(Item(True, _("“%(t)s” is attached.") % {"t": requirement.title}))
        elif requirement.mandatory:
            items.append(Item(False, _("“%(t)s” is missing.") % {"t": requirement.title}))
    if open_comments:
        items.append(
            Item(
                False,
                ngettext(
                    "%(n)d review comment is still open.",
                    "%(n)d review comments are still open.",
                    open_comments,
                )
                % {"n": open_comments},
            )
        )
    return items


def is_complete(items: list[Item]) -> bool:
    return all(item.ok for item in items)
