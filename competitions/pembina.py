"""The Instansi Pembina entry's figures: what the portal already knows of the region's
pembinaan, counted for the three aspects PKRI assesses (shared/seeds, "Faktor Kunci
Prestasi Inovasi Bantaeng"), each figure with the records it counts.

Penciptaan: staff and the public involved in creating innovations, what was created and
implemented, internal competitions held, capacity building of public service units (UPP),
competition entries facilitated and their results. Pengembangan: support for spreading
innovations (the catalogue, media coverage), monitoring of replications, replications
inside the region, by other regions and from elsewhere. Pelembagaan: regulations, the
agencies' yearly innovation targets (innovation in performance appraisal), the budget for
coaching and for innovations, the people who coach, monitoring and evaluation, partners.

Everything is counted up to 31 December of the competition's year (budgets: that year;
competition entries and results: the years before, this season's entries having none yet).
The coordinator checks each figure, corrects it where the portal does not know everything
(``PembinaWorksheet``), then freezes them into the three sections as Indonesian text
(``aspect_texts``).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clinics import selectors as clinic_selectors
from clinics.models import Partner
from competitions import selectors
from competitions.choices import WINNING_RESULTS
from consultations import selectors as consultation_selectors
from consultations.choices import SessionKind
from innovations import selectors as innovation_selectors
from innovations.choices import Initiator, Maturity
from pelembagaan import selectors as pelembagaan
from pelembagaan.choices import BudgetSource, RegulationKind

# The three aspects, as the organiser names the category's sections.
ASPECTS = [
    ("penciptaan", "Penciptaan"),
    ("pengembangan", "Pengembangan"),
    ("pelembagaan", "Pelembagaan"),
]
CAPACITY_KINDS = (SessionKind.TRAINING, SessionKind.WORKSHOP, SessionKind.COACHING_CLINIC)
RECORDS_IN_TEXT = 5


@dataclass
class Record:
    text: str
    detail: str = ""
    url: str = ""


@dataclass
class Figure:
    key: str
    aspect: str
    label: str
    unit: str
    value: Decimal
    records: list[Record] = field(default_factory=list)
    money: bool = False


def until_of(dossier) -> date:
    return date(dossier.category.competition.year, 12, 31)


def _innovation_record(innovation, detail="") -> Record:
    return Record(str(innovation), detail or innovation.agency.name)


def _count(key, aspect, label, unit, records) -> Figure:
    return Figure(key, aspect, str(label), str(unit), Decimal(len(records)), records)


# Labels and units, in English in the code and Indonesian on the page and in the dossier.
LABELS = {
    "staff": (gettext_lazy("Staff (ASN) involved in creating innovations"), gettext_lazy("people")),
    "public": (
        gettext_lazy("The public and partners outside government involved"),
        gettext_lazy("parties"),
    ),
    "created": (gettext_lazy("Innovations created"), gettext_lazy("innovations")),
    "implemented": (
        gettext_lazy("Of which implemented (penerapan)"),
        gettext_lazy("innovations"),
    ),
    "internal": (gettext_lazy("Internal innovation competitions held"), gettext_lazy("times")),
    "capacity": (
        gettext_lazy(
            "Capacity building of public service units (bimtek, workshops, coaching clinics)"
        ),
        gettext_lazy("sessions"),
    ),
    "entries": (
        gettext_lazy("Competition entries facilitated (in earlier years)"),
        gettext_lazy("entries"),
    ),
    "wins": (gettext_lazy("Their results: Top 99 or better"), gettext_lazy("awards")),
    "published": (
        gettext_lazy("Innovations shared in the catalogue (ruang inspirasi)"),
        gettext_lazy("innovations"),
    ),
    "coverage": (gettext_lazy("Media coverage of the innovations"), gettext_lazy("items")),
    "replication_monitoring": (
        gettext_lazy("Monitoring of replications (visits and check-ins)"),
        gettext_lazy("times"),
    ),
    "replicated_inside": (
        gettext_lazy("Replications of the region's innovations inside the region"),
        gettext_lazy("innovations"),
    ),
    "replicated_by_others": (
        gettext_lazy("Replications of the region's innovations by other regions"),
        gettext_lazy("innovations"),
    ),
    "replicated_from_others": (
        gettext_lazy("Innovations replicated from elsewhere"),
        gettext_lazy("innovations"),
    ),
    "regulations": (
        gettext_lazy("Regulations on innovation in force"),
        gettext_lazy("regulations"),
    ),
    "teams": (gettext_lazy("Decrees appointing innovation teams"), gettext_lazy("decrees")),
    "performance": (
        gettext_lazy("Agencies with a yearly innovation target (performance appraisal)"),
        gettext_lazy("agencies"),
    ),
    "budget_coaching": (gettext_lazy("APBD for coaching innovation in the year"), "Rp"),
    "budget_innovation": (
        gettext_lazy("Budget for innovations in the year (APBD and other sources)"),
        "Rp",
    ),
    "people": (gettext_lazy("Facilitators coaching innovation"), gettext_lazy("people")),
    "monitoring": (
        gettext_lazy("Monitoring and evaluation of the innovations (visits and check-ins)"),
        gettext_lazy("times"),
    ),
    "partners": (gettext_lazy("Partners collaborating (pentahelix)"), gettext_lazy("partners")),
}


def figures(dossier, viewer_slug: str) -> list[Figure]:
    """Every figure of the entry, in aspect order; records link to the pages the
    coordinator (whose agency's address is ``viewer_slug``) may open."""
    region, until = dossier.agency.region_id, until_of(dossier)
    registry = innovation_selectors.region_pembinaan(region, until)

    def made(key, records, aspect):
        label, unit = LABELS[key]
        return _count(key, aspect, label, unit, records)

    return [
        *_creation(region, until, registry, viewer_slug, made),
        *_development(region, registry, made),
        *_institution(region, until, registry, viewer_slug, made),
    ]


def _creation(region, until, registry, slug, made) -> list[Figure]:
    people: dict[int, tuple[str, set]] = {}
    for innovation in registry.innovations:
        people.setdefault(innovation.author_id, (str(innovation.author), set()))[1].add(
            innovation.agency.name
        )
    for member in registry.team:
        people.setdefault(member.user_id, (str(member.user), set()))[1].add(
            next(i.agency.name for i in registry.innovations if i.pk == member.innovation_id)
        )
    public = [
        _innovation_record(i, _("initiated by the public"))
        for i in registry.innovations
        if i.initiator == Initiator.PUBLIC
    ] + [
        Record(str(link.partner), f"{link.partner.get_kind_display()} · {link.innovation}")
        for link in {
            link.partner_id: link
            for link in registry.partner_links
            if link.partner.kind != Partner.Kind.GOVERNMENT
        }.values()
    ]
    # Entries and results of the competitions before this one's year: this season's own
    # entries have no result yet when the region enters.
    entries = selectors.region_entries(region, until.year - 1)
    return [
        made(
            "staff",
            [Record(name, ", ".join(sorted(agencies))) for name, agencies in people.values()],
            "penciptaan",
        ),
        made("public", public, "penciptaan"),
        made("created", [_innovation_record(i) for i in registry.innovations], "penciptaan"),
        made(
            "implemented",
            [
                _innovation_record(i)
                for i in registry.innovations
                if i.maturity == Maturity.IMPLEMENTED
            ],
            "penciptaan",
        ),
        made(
            "internal",
            [
                Record(
                    str(c),
                    _("%(n)s entries") % {"n": c.entries},
                    reverse("competitions:detail", args=[slug, c.pk]),
                )
                for c in selectors.internal_competitions(region, until.year)
            ],
            "penciptaan",
        ),
        made(
            "capacity",
            [
                Record(
                    f"{date_format(s.starts_at.date(), 'j F Y')} · {s.session_type}",
                    _("%(agency)s, %(n)s people") % {"agency": s.agency.name, "n": s.people},
                )
                for s in consultation_selectors.region_sessions_held(region, CAPACITY_KINDS, until)
            ],
            "penciptaan",
        ),
        made("entries", [_entry_record(d, slug) for d in entries], "penciptaan"),
        made(
            "wins",
            [_entry_record(d, slug) for d in entries if d.result in WINNING_RESULTS],
            "penciptaan",
        ),
    ]


def _entry_record(dossier, slug) -> Record:
    result = dossier.get_result_display() if dossier.result else dossier.get_status_display()
    return Record(
        f"{dossier.category.competition} · {dossier.category.name}: {dossier.title}",
        f"{dossier.agency.name} · {result}",
        reverse("competitions:dossier", args=[slug, dossier.pk]),
    )


def _is_replication(innovation) -> bool:
    return bool(innovation.origin_id or innovation.origin_external_name)


def _development(region, registry, made) -> list[Figure]:
    replications = {i.pk for i in registry.innovations if _is_replication(i)}
    from_elsewhere = [
        _innovation_record(
            i,
            _("from %(origin)s")
            % {"origin": i.origin_external_name or f"{i.origin} ({i.origin.agency})"},
        )
        for i in registry.innovations
        if i.origin_external_name or (i.origin_id and i.origin.agency.region_id != region)
    ]
    return [
        made(
            "published",
            [_innovation_record(i) for i in registry.innovations if i.is_published],
            "pengembangan",
        ),
        made(
            "coverage",
            [
                Record(e.title, f"{e.innovation} · {e.innovation.agency.name}")
                for e in registry.media
            ],
            "pengembangan",
        ),
        made(
            "replication_monitoring",
            [_visit_record(v) for v in registry.visits if v.innovation_id in replications]
            + [_checkin_record(c) for c in registry.checkins if c.innovation_id in replications],
            "pengembangan",
        ),
        made(
            "replicated_inside",
            [
                _innovation_record(i, _("from %(origin)s") % {"origin": i.origin})
                for i in registry.innovations
                if i.origin_id and i.origin.agency.region_id == region
            ],
            "pengembangan",
        ),
        made(
            "replicated_by_others",
            [
                Record(str(i), f"{i.agency.name}, {i.agency.region} · {i.origin}")
                for i in registry.replicated_elsewhere
            ],
            "pengembangan",
        ),
        made("replicated_from_others", from_elsewhere, "pengembangan"),
    ]


def _visit_record(visit) -> Record:
    return Record(
        f"{date_format(visit.done_on, 'j F Y')} · {visit.innovation}",
        f"{visit.instrument} · {visit.innovation.agency.name}",
    )


def _checkin_record(checkin) -> Record:
    return Record(
        f"{date_format(checkin.checked_on, 'j F Y')} · {checkin.innovation}",
        f"{checkin.get_status_display()} · {checkin.innovation.agency.name}",
    )


def _institution(region, until, registry, slug, made) -> list[Figure]:
    regulations = pelembagaan.regulations_in_force(region, until)
    lines = pelembagaan.budget_lines(region, [until.year])

    def regulation_record(regulation):
        return Record(
            f"{regulation.title} ({regulation.number})",
            f"{regulation.get_kind_display()} · {date_format(regulation.enacted_on, 'j F Y')}",
            reverse("pelembagaan:regulation", args=[slug, regulation.pk]),
        )

    def budget(key, sources):
        chosen = [line for line in lines if line.source in sources]
        label, unit = LABELS[key]
        return Figure(
            key,
            "pelembagaan",
            str(label),
            unit,
            sum((line.amount for line in chosen), Decimal(0)),
            [
                Record(
                    line.activity,
                    f"{line.holder.name} · {money(line.amount)}",
                    reverse("pelembagaan:budget_edit", args=[slug, line.pk]),
                )
                for line in chosen
            ],
            money=True,
        )

    return [
        made(
            "regulations",
            [regulation_record(r) for r in regulations if r.kind != RegulationKind.SK_TEAM],
            "pelembagaan",
        ),
        made(
            "teams",
            [regulation_record(r) for r in regulations if r.kind == RegulationKind.SK_TEAM],
            "pelembagaan",
        ),
        made(
            "performance",
            [
                Record(
                    t.agency.name,
                    _("%(n)s new innovations in %(year)s") % {"n": t.count, "year": t.year},
                )
                for t in registry.targets
            ],
            "pelembagaan",
        ),
        budget("budget_coaching", {BudgetSource.COACHING}),
        budget("budget_innovation", {BudgetSource.INNOVATION, BudgetSource.OTHER}),
        made(
            "people",
            [
                Record(str(m.user), m.agency.name)
                for m in clinic_selectors.region_facilitators(region)
            ],
            "pelembagaan",
        ),
        made(
            "monitoring",
            [_visit_record(v) for v in registry.visits]
            + [_checkin_record(c) for c in registry.checkins],
            "pelembagaan",
        ),
        made(
            "partners",
            [
                Record(
                    p.name,
                    " · ".join(
                        part
                        for part in (p.get_kind_display(), p.agency.name, p.mou_reference)
                        if part
                    ),
                )
                for p in clinic_selectors.region_partners(region)
            ],
            "pelembagaan",
        ),
    ]


def money(value) -> str:
    return "Rp " + number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def shown(figure: Figure, value) -> str:
    """A figure's value as the dossier writes it (Rp 25.000.000, 12 orang)."""
    if figure.money:
        return money(value)
    count = number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{count} {figure.unit}"


def _line(figure: Figure, value) -> str:
    """``- label: value (the first records counted; and n more).`` The records are named
    only while the value is the one the portal counted."""
    line = f"- {figure.label}: {shown(figure, value)}"
    named = [record.text for record in figure.records[:RECORDS_IN_TEXT]]
    if named and value == figure.value:
        more = len(figure.records) - len(named)
        tail = _(", and %(n)s more") % {"n": more} if more else ""
        line += f" ({'; '.join(named)}{tail})"
    return line + "."


def aspect_texts(dossier, viewer_slug: str, values: dict, notes: dict) -> dict[str, str]:
    """The text of each aspect's section: one line per figure with the value the
    coordinator checked, then the aspect's note; in the portal's language (the language
    the entry is submitted in), whoever freezes it."""
    with translation.override(settings.LANGUAGE_CODE):
        every = figures(dossier, viewer_slug)
        texts = {}
        for aspect, _title in ASPECTS:
            lines = [
                _line(figure, Decimal(str(values.get(figure.key, figure.value))))
                for figure in every
                if figure.aspect == aspect
            ]
            note = (notes.get(aspect) or "").strip()
            texts[aspect] = "\n".join(lines) + (f"\n\n{note}" if note else "")
    return texts
