"""The XLSX summary that goes into a regional ZIP: one row per dossier."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook


def region_xlsx(dossiers) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Dossiers"))
    sheet.append(
        [
            _("Competition"),
            _("Year"),
            _("Category"),
            _("Agency"),
            _("Dossier"),
            _("Innovation"),
            _("Status"),
            _("Result"),
            _("Announcement reference"),
        ]
    )
    for dossier in dossiers:
        competition = dossier.category.competition
        sheet.append(
            [
                competition.name,
                competition.year,
                dossier.category.name,
                dossier.agency.name,
                dossier.title,
                dossier.innovation.name if dossier.innovation else "",
                str(dossier.get_status_display()),
                str(dossier.get_result_display()) if dossier.result else "",
                dossier.announcement_ref,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
