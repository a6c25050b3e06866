"""The regional ZIP's summary (ringkasan.xlsx) as a spreadsheet program opens it."""

from competitions import exports
from competitions.models import Dossier
from tests.innovations.factories import InnovationFactory
from tests.spreadsheets import (
    INJECTIONS,
    VERTICAL_TAB,
    WITHOUT_VERTICAL_TAB,
    assert_only_data,
    workbook,
)


def test_the_summary_holds_data_only(kipp, agency_a, unscoped):
    category = kipp.categories.get()
    for text in INJECTIONS:
        Dossier.objects.create(
            agency=agency_a,
            category=category,
            innovation=InnovationFactory(agency=agency_a, name=text + VERTICAL_TAB),
            title=text,
            announcement_ref=VERTICAL_TAB,
        )
    dossiers = Dossier.objects.select_related("category__competition", "innovation", "agency")
    book = workbook(exports.region_xlsx(dossiers.order_by("pk"), names={}, skipped={}))
    assert_only_data(book)
    rows = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in rows] == INJECTIONS
    assert [row[5] for row in rows] == [text + WITHOUT_VERTICAL_TAB for text in INJECTIONS]
    assert {row[1] for row in rows} == {2023}  # the year is a number
    assert {row[8] for row in rows} == {WITHOUT_VERTICAL_TAB}
