"""The assessment as a workbook for the national index application: the innovations with
their profile fields in the application's order (shared/IID.md §3), each per-innovation
indicator's level and evidence file, the pemda indicators, and the predicted score."""

from django.utils.translation import gettext as _

from indexes import selectors
from indexes.assessment import Row, Workbench
from innovations.choices import URUSAN, Maturity
from klikbaik import tabular

URUSAN_NAMES = dict(URUSAN)

# The national application's innovation profile, in its order.
PROFILE = [
    ("Nama Pemda / OPD", lambda i: i.agency.name),
    ("Nama Inovasi", lambda i: i.name),
    ("Tahapan Inovasi", lambda i: Maturity(i.maturity).label),
    ("Inisiator Inovasi Daerah", lambda i: i.get_initiator_display()),
    ("Jenis Inovasi", lambda i: "Digital" if i.is_digital else "Non Digital"),
    ("Bentuk Inovasi Daerah", lambda i: i.get_scope_display()),
    ("Tematik", lambda i: i.get_theme_display()),
    ("Urusan Pemerintahan", lambda i: str(URUSAN_NAMES.get(i.urusan, ""))),
    ("Urusan lain", lambda i: ", ".join(str(URUSAN_NAMES.get(u, u)) for u in i.other_urusan)),
    ("Waktu Uji Coba Inovasi Daerah", lambda i: i.trial_start),
    ("Waktu Penerapan Inovasi Daerah", lambda i: i.implementation_start),
    ("Rancang Bangun", lambda i: i.design),
    ("Tujuan Inovasi Daerah", lambda i: i.goals),
    ("Manfaat yang diperoleh", lambda i: i.benefits),
    ("Hasil Inovasi", lambda i: i.results),
]


def evidence_name(row: Row) -> str:
    evidence = row.evidence
    if evidence is None:
        return ""
    return (
        getattr(evidence, "file_name", "")
        or getattr(evidence, "original_name", "")
        or getattr(evidence, "link", "")
        or evidence.title
    )


def workbook(workbench: Workbench) -> bytes:
    return tabular.xlsx([_innovations(workbench), _pemda(workbench), _score(workbench)])


def _innovations(workbench: Workbench) -> tabular.Sheet:
    indicators = [row.indicator for row in (workbench.sheets[0].rows if workbench.sheets else [])]
    header = [title for title, _value in PROFILE] + [
        title
        for indicator in indicators
        for title in (f"{indicator.number}. {indicator.name}", f"{indicator.number} bukti")
    ]
    counted = workbench.counted
    full = selectors.innovations_in_full([sheet.innovation.pk for sheet in counted])
    rows = (
        [value(innovation) for _title, value in PROFILE]
        + [cell for row in sheet.rows for cell in (row.level, evidence_name(row))]
        for sheet, innovation in zip(counted, full, strict=True)
    )
    return tabular.Sheet("Inovasi", header, rows)


def _pemda(workbench: Workbench) -> tabular.Sheet:
    header = ["No.", "Indikator", "Variabel", "Bobot", "Level", "Skor", "Bukti", "Catatan"]
    rows = (
        [
            row.indicator.number,
            row.indicator.name,
            row.indicator.variable,
            row.indicator.weight,
            row.level,
            row.indicator.weight * row.level,
            evidence_name(row),
            row.answer.note if row.answer else "",
        ]
        for row in workbench.pemda
    )
    return tabular.Sheet("Pemda", header, rows)


def _score(workbench: Workbench) -> tabular.Sheet:
    claimed, strict = workbench.claimed, workbench.strict
    rows = [
        [label, getattr(claimed, attr), getattr(strict, attr)]
        for label, attr in [
            (_("Pemda part"), "pemda"),
            (_("Per-innovation part"), "innovation"),
            (_("Count of innovations"), "count"),
            (_("Total"), "total"),
            ("IID", "iid"),
            (_("Rating"), "band"),
        ]
    ]
    rows.append([_("Innovations counted"), len(workbench.counted), len(workbench.counted)])
    return tabular.Sheet(_("Score"), ["", _("Self-assessed"), _("Strict (evidence only)")], rows)
