"""The XLSX summary that goes into a regional ZIP (``ringkasan.xlsx``): one row per
dossier, written by the portal's one table writer (``klikbaik.tabular``)."""

from django.utils.translation import gettext as _

from klikbaik import tabular


def region_xlsx(dossiers) -> bytes:
    header = [
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
    rows = (
        [
            dossier.category.competition.name,
            dossier.category.competition.year,
            dossier.category.name,
            dossier.agency.name,
            dossier.title,
            dossier.innovation.name if dossier.innovation else "",
            dossier.get_status_display(),
            dossier.get_result_display() if dossier.result else "",
            dossier.announcement_ref,
        ]
        for dossier in dossiers
    )
    return tabular.xlsx([tabular.Sheet(_("Dossiers"), header, rows)])
