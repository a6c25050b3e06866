"""The assessment as a workbook for the national index application: the innovations with
their profile fields in the application's order (shared/IID.md §3), each per-innovation
indicator's level and evidence file, the pemda indicators, and the predicted score."""

import io

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from indexes import selectors
from indexes.assessment import Row, Workbench
from innovations.choices import URUSAN, Maturity

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


def _cell(value):
    """A value a workbook can hold: translated labels as plain strings, control characters
    (Word's line breaks pasted in) dropped."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _append(sheet, values) -> None:
    """Append a row; text starting with "=" stays text, never a formula."""
    sheet.append([_cell(value) for value in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _heading(sheet, titles) -> None:
    _append(sheet, titles)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def workbook(workbench: Workbench) -> bytes:
    book = Workbook()
    innovations = book.active
    innovations.title = "Inovasi"
    indicators = [row.indicator for row in (workbench.sheets[0].rows if workbench.sheets else [])]
    _heading(
        innovations,
        [title for title, _value in PROFILE]
        + [
            title
            for indicator in indicators
            for title in (f"{indicator.number}. {indicator.name}", f"{indicator.number} bukti")
        ],
    )
    counted = workbench.counted
    full = selectors.innovations_in_full([sheet.innovation.pk for sheet in counted])
    for sheet, innovation in zip(counted, full, strict=True):
        _append(
            innovations,
            [value(innovation) for _title, value in PROFILE]
            + [cell for row in sheet.rows for cell in (row.level, evidence_name(row))],
        )

    pemda = book.create_sheet("Pemda")
    _heading(pemda, ["No.", "Indikator", "Variabel", "Bobot", "Level", "Skor", "Bukti", "Catatan"])
    for row in workbench.pemda:
        _append(
            pemda,
            [
                row.indicator.number,
                row.indicator.name,
                row.indicator.variable,
                row.indicator.weight,
                row.level,
                row.indicator.weight * row.level,
                evidence_name(row),
                row.answer.note if row.answer else "",
            ],
        )

    score = book.create_sheet(_("Score"))
    _heading(score, ["", _("Self-assessed"), _("Strict (evidence only)")])
    claimed, strict = workbench.claimed, workbench.strict
    for label, attr in [
        (_("Pemda part"), "pemda"),
        (_("Per-innovation part"), "innovation"),
        (_("Count of innovations"), "count"),
        (_("Total"), "total"),
        ("IID", "iid"),
        (_("Rating"), "band"),
    ]:
        _append(score, [label, getattr(claimed, attr), getattr(strict, attr)])
    _append(score, [_("Innovations counted"), len(workbench.counted), len(workbench.counted)])

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
