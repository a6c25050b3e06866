"""The competitions the portal ships as templates: a coordinating admin creates the
region's copy of one and edits it there. Weights are the official ones where published
(KIPP 2023); PKRI's were not published, so its categories mark them as estimates
(``weights_estimated``: the pages say "perkiraan"). Stage dates are those announced for
the year, approximate where the announcement gave only a month (noted in the description).

Descriptions and guidance are translatable and written into the region's copy in the
portal's language (Indonesian), the language its dossiers are submitted in, whoever makes
it. Section and document titles are the organisers' own Indonesian names.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from competitions.choices import CategoryRule, CompetitionKind, Prefill, StageKind
from innovations.choices import EvidenceKind

SUMMARY_GUIDANCE = _("What the innovation is, for whom, and its result.")
IMPACT_GUIDANCE = _("Impact with before/after data.")

KIPP_2023_SECTIONS = [
    # (title, weight %, word limit, pre-filled from, guidance)
    ("Ringkasan", 0, 200, Prefill.SUMMARY, SUMMARY_GUIDANCE),
    ("Latar belakang dan tujuan", 10, None, Prefill.PROBLEM, _("The problem, its data, the goal.")),
    ("Kebaruan", 15, None, Prefill.DESIGN, _("What is new compared with the service before.")),
    ("Implementasi", 5, None, Prefill.IMPLEMENTATION, _("How and since when it runs.")),
    ("Signifikansi", 30, None, Prefill.IMPACT, IMPACT_GUIDANCE),
    ("Adaptabilitas", 20, None, Prefill.REPLICATION, _("Where it has been or can be replicated.")),
    ("Sumber daya", 5, None, Prefill.RESOURCES, _("People, budget, facilities, partners.")),
    ("Strategi keberlanjutan", 15, None, Prefill.SUSTAINABILITY, _("Regulation, budget, people.")),
]

# The three aspects of PKRI's Instansi Pembina Inovasi and the indicators the seed lists
# for each (shared/seeds, "Faktor Kunci Prestasi Inovasi Bantaeng").
CREATION_GUIDANCE = _(
    "Creating innovations: how staff and the public are involved in creating them, the "
    "internal innovation competitions held, the capacity building of public service units "
    "(UPP), the entries in the public service innovation competitions facilitated, and what "
    "came of them. Start from the figures of the Instansi Pembina workspace."
)
DEVELOPMENT_GUIDANCE = _(
    "Developing innovations: the institutional support for spreading them, the monitoring "
    "and evaluation of their replication, and the replications by and from other government "
    "agencies. Start from the figures of the Instansi Pembina workspace."
)
INSTITUTION_GUIDANCE = _(
    "Institutionalising innovation: the regulations, innovation in the appraisal of the "
    "agencies' performance, the budget for coaching innovation, the people who coach it, "
    "the mechanism for monitoring and evaluating the coaching, and the collaboration with "
    "partners. Start from the figures of the Instansi Pembina workspace."
)

COMMON_DOCUMENTS = [
    ("SK / regulasi inovasi", EvidenceKind.REGULATION, True),
    ("Data sebelum dan sesudah", EvidenceKind.DATA, False),
    ("Video inovasi", EvidenceKind.VIDEO, True),
    ("Foto pelaksanaan", EvidenceKind.PHOTO, False),
    ("Liputan media", EvidenceKind.MEDIA, False),
]


def _stages(year, *spans):
    kinds = [s.value for s in StageKind]
    return [
        (kind, date(year, *start), date(year, *end))
        for kind, (start, end) in zip(kinds, spans, strict=True)
    ]


BLUEPRINTS = {
    "kipp-2023": {
        "name": "KIPP",
        "kind": CompetitionKind.KIPP,
        "year": 2023,
        "organiser": "Kementerian PANRB",
        "group": "Kabupaten",
        "description": _(
            "Kompetisi Inovasi Pelayanan Publik (SINOVIK): Top 99, then Top 45. "
            "Stage dates approximate."
        ),
        "stages": _stages(
            2023,
            ((1, 16), (3, 31)),
            ((4, 1), (4, 15)),
            ((4, 17), (5, 31)),
            ((6, 12), (6, 30)),
            ((7, 3), (7, 28)),
            ((8, 7), (8, 11)),
        ),
        "categories": [
            {
                "name": "Umum",
                "rule": CategoryRule.GENERAL,
                "quota_per_agency": 10,
                "sections": KIPP_2023_SECTIONS,
                "documents": COMMON_DOCUMENTS,
            },
        ],
    },
    "pkri-2024": {
        "name": "PKRI",
        "kind": CompetitionKind.PKRI,
        "year": 2024,
        "organiser": "Kementerian PANRB",
        "group": "Kabupaten",
        "description": _(
            "Kompetisi Pemantauan, Keberlanjutan dan Replikasi Inovasi Pelayanan Publik; "
            "the 26 best Instansi Pembina announced 10 July 2024 (B/456/PP.00.05/2024), "
            "the Top 5 per group of Keberlanjutan and Replikasi 29 July 2024 "
            "(B/536/00.95/2024). Stage dates before the field verification are approximate; "
            "the weights were not published and are estimates."
        ),
        "stages": _stages(
            2024,
            ((3, 1), (4, 15)),
            ((4, 16), (5, 15)),
            ((5, 16), (6, 30)),
            ((7, 1), (7, 12)),
            ((7, 15), (7, 26)),
            ((7, 29), (7, 29)),
        ),
        "categories": [
            {
                "name": "Instansi Pembina Inovasi",
                "rule": CategoryRule.INSTITUTION,
                "quota_per_agency": 1,
                "requires_sdg": False,
                "weights_estimated": True,
                "sections": [
                    ("Penciptaan", 35, None, Prefill.NONE, CREATION_GUIDANCE),
                    ("Pengembangan", 30, None, Prefill.NONE, DEVELOPMENT_GUIDANCE),
                    ("Pelembagaan", 35, None, Prefill.NONE, INSTITUTION_GUIDANCE),
                ],
                "documents": [
                    ("Regulasi daerah tentang inovasi", EvidenceKind.REGULATION, True),
                    ("Laporan pembinaan inovasi", EvidenceKind.REPORT, True),
                ],
            },
            {
                "name": "Keberlanjutan",
                "rule": CategoryRule.SUSTAINABILITY,
                "quota_per_agency": 5,
                "weights_estimated": True,
                "sections": [
                    ("Ringkasan", 0, 200, Prefill.SUMMARY, SUMMARY_GUIDANCE),
                    (
                        "Status keberlanjutan",
                        25,
                        None,
                        Prefill.SUSTAINABILITY,
                        _("Whether it still runs since its award, where, and for how many."),
                    ),
                    (
                        "Strategi keberlanjutan",
                        25,
                        None,
                        Prefill.RESOURCES,
                        _("What keeps it running: regulation, budget, people, partners."),
                    ),
                    (
                        "Pengembangan inovasi",
                        15,
                        None,
                        Prefill.DESIGN,
                        _("What was improved or added since the award."),
                    ),
                    ("Dampak", 25, None, Prefill.IMPACT, IMPACT_GUIDANCE),
                    (
                        "Penyebarluasan",
                        10,
                        None,
                        Prefill.REPLICATION,
                        _("How it was shared, and who copied it."),
                    ),
                ],
                "documents": COMMON_DOCUMENTS,
            },
            {
                "name": "Replikasi",
                "rule": CategoryRule.REPLICATION,
                "quota_per_agency": 5,
                "weights_estimated": True,
                "sections": [
                    ("Ringkasan", 0, 200, Prefill.SUMMARY, SUMMARY_GUIDANCE),
                    (
                        "Progres replikasi",
                        30,
                        None,
                        Prefill.IMPLEMENTATION,
                        _("Since when it runs here, and how far the replication has come."),
                    ),
                    (
                        "Bentuk replikasi",
                        20,
                        None,
                        Prefill.REPLICATION,
                        _("Adoption, adaptation or modification of which winner, and why."),
                    ),
                    ("Dampak", 30, None, Prefill.IMPACT, IMPACT_GUIDANCE),
                    (
                        "Strategi keberlanjutan",
                        20,
                        None,
                        Prefill.SUSTAINABILITY,
                        _("What keeps it running: regulation, budget, people, partners."),
                    ),
                ],
                "documents": COMMON_DOCUMENTS,
            },
        ],
    },
}
