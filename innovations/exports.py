"""The filtered registry as XLSX or CSV, with every field an admin would need, written by
the portal's one table writer (``klikbaik.tabular``)."""

from django.db import models
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from innovations.choices import SDGS, URUSAN
from innovations.forms import STEPS
from innovations.models import Innovation
from klikbaik import tabular

# Every field of the idea form, in its order, between the registry's own columns.
FIELDS = [
    "id",
    "author",
    "status",
    "phase",
    "maturity",
    *(field for _slug, _title, fields in STEPS for field in fields),
    "is_published",
    "created_at",
    "submitted_at",
]

# The formats an export comes in: the workbook, and CSV in both dialects (the first is
# the default, for Excel set to Indonesian).
FORMATS = {"xlsx": None, "csv": "semicolon", "csv-comma": "comma"}


def headers() -> list[str]:
    return ["ID" if f == "id" else str(Innovation._meta.get_field(f).verbose_name) for f in FIELDS]


class Rows:
    """Turns innovations into export rows of real values (numbers, dates and times stay
    what they are). Every label (choices, urusan, SDGs, yes/no) is translated once per
    export, not once per cell: 2,000 rows × 40 columns stay fast."""

    def __init__(self):
        self.labels = {}
        for field in FIELDS:
            if field != "id" and (choices := Innovation._meta.get_field(field).flatchoices):
                self.labels[field] = {value: str(label) for value, label in choices}
        self.labels["other_urusan"] = {code: str(label) for code, label in URUSAN}
        self.labels["sdgs"] = {goal: str(label) for goal, label in SDGS}
        self.yes, self.no = str(_("yes")), str(_("no"))

    def __call__(self, innovation: Innovation) -> list:
        values = []
        for field in FIELDS:
            value = getattr(innovation, field)
            labels = self.labels.get(field)
            if field in {"other_urusan", "sdgs"}:
                value = "; ".join(labels.get(code, code) for code in value)
            elif labels is not None:
                value = labels.get(value, value)
            elif isinstance(value, bool):
                value = self.yes if value else self.no
            elif isinstance(value, models.Model):
                value = str(value)
            values.append(value)
        return values


def table(items, agency) -> tabular.Sheet:
    return tabular.Sheet(_("Innovations"), headers(), _rows(items, agency))


def export_response(items, *, fmt: str, agency):
    if fmt not in FORMATS:
        raise Http404("Unknown format.")
    items = items.select_related("unit", "author", "origin")
    name = f"{slugify(agency.name)}-innovations-{timezone.localdate():%Y%m%d}"
    if fmt == "xlsx":
        response = HttpResponse(
            tabular.xlsx([table(items, agency)]), content_type=tabular.XLSX_CONTENT_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = StreamingHttpResponse(
        tabular.csv_lines(table(items, agency), dialect=FORMATS[fmt]),
        content_type=tabular.CSV_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _rows(items, agency):
    """The rows, in the agency's scope and time zone: a streamed CSV is written after the
    view has returned, outside the request's own scope."""
    with scope(agency=agency), timezone.override(agency.zoneinfo):
        row = Rows()
        for innovation in items.iterator(chunk_size=500):
            yield row(innovation)
