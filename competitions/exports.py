"""The XLSX summary that goes into a regional ZIP (``ringkasan.xlsx``): one row per
dossier, with the PDF that holds it or why it was skipped, written by the portal's one
table writer (``klikbaik.tabular``)."""

from django.utils.translation import gettext as _

from klikbaik import tabular


def region_xlsx(dossiers, *, names: dict[int, str], skipped: dict[int, str]) -> bytes:
    """``names`` maps a dossier's id to its entry in the ZIP, ``skipped`` to the reason it
    is not there."""
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
        _("File in the ZIP"),
        _("Skipped because"),
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
            None if dossier.pk in skipped else names.get(dossier.pk),
            skipped.get(dossier.pk),
        ]
        for dossier in dossiers
    )
    return tabular.xlsx([tabular.Sheet(_("Dossiers"), header, rows)])
