"""A dossier's first draft, written from what the registry already knows.

Each ``Prefill`` source turns the innovation (with its indicators, lineage and check-ins)
into plain text the team then edits in place. Texts are in Indonesian, the language the
dossiers are submitted in, with Indonesian numbers and dates ("58,00", "29 Juli 2022").
"""

from django.conf import settings
from django.utils import formats, translation

from innovations import selectors as innovation_selectors
from innovations.models import word_count


def _clip(text: str, limit: int | None) -> str:
    """Cut to ``limit`` words, so a pre-filled summary starts inside its limit."""
    if not limit or word_count(text) <= limit:
        return text
    return " ".join(text.split()[:limit])


def _paragraphs(*parts) -> str:
    return "\n\n".join(p.strip() for p in parts if p and str(p).strip())


def _number(value) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


def _impact(innovation, parts) -> str:
    lines = []
    for indicator in parts["indicators"]:
        latest = _number(indicator.latest.value) if indicator.latest else "–"
        lines.append(
            f"- {indicator.name}: nilai awal {_number(indicator.baseline)}, "
            f"target {_number(indicator.target)}, terakhir {latest} {indicator.unit}".rstrip()
        )
    return _paragraphs(innovation.results, innovation.benefits, "\n".join(lines))


def _lineage(innovation, parts) -> str:
    lines = []
    if innovation.origin_id:
        lines.append(
            f"Replikasi ({innovation.get_replication_form_display()}) dari "
            f"{innovation.origin} ({innovation.origin.agency})."
        )
    elif innovation.origin_external_name:
        lines.append(
            f"Replikasi dari {innovation.origin_external_name} "
            f"({innovation.origin_external_source})."
        )

    def walk(branch, depth=0):
        for child in branch["children"]:
            if not child["hidden"]:
                node = child["node"]
                lines.append(f"{'  ' * depth}- {node} ({node.agency}, {node.agency.region})")
            walk(child, depth + 1)

    if parts["family"]:
        walk(parts["family"])
    return "\n".join(lines)


def _sustainability(innovation, parts) -> str:
    checks = [
        f"- {_date(c.checked_on)}: {c.get_status_display()} {c.note}".rstrip()
        for c in parts["checkins"]
    ]
    return _paragraphs(innovation.resources_budget, innovation.resources_people, "\n".join(checks))


def texts(innovation, sections) -> dict[int, str]:
    """The first draft of every section, keyed by section id, in the portal's language
    (whatever the language of the person who starts the dossier)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _texts(innovation, sections)


def _texts(innovation, sections) -> dict[int, str]:
    if innovation is None:
        return {section.pk: "" for section in sections}
    parts = innovation_selectors.innovation_detail_parts(innovation)
    partners = ", ".join(str(p) for p in parts["partners"])
    sources = {
        "summary": lambda: _paragraphs(innovation.goals or innovation.problem),
        "problem": lambda: _paragraphs(innovation.problem, innovation.goals),
        "design": lambda: innovation.design,
        "implementation": lambda: _paragraphs(
            innovation.implementation_start
            and f"Diterapkan sejak {_date(innovation.implementation_start)}.",
            innovation.results,
        ),
        "impact": lambda: _impact(innovation, parts),
        "replication": lambda: _lineage(innovation, parts),
        "sustainability": lambda: _sustainability(innovation, parts),
        "collaboration": lambda: partners and f"Mitra: {partners}.",
        "resources": lambda: _paragraphs(
            innovation.resources_people,
            innovation.resources_budget,
            innovation.resources_facilities,
            partners and f"Mitra: {partners}.",
        ),
    }
    return {
        section.pk: _clip(str(sources[section.prefill]() or "").strip(), section.word_limit)
        if section.prefill
        else ""
        for section in sections
    }
