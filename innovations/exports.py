"""The filtered registry as CSV or XLSX, with every field an admin would need."""

import csv
import io

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_scopes import scope

from innovations.choices import SDGS, URUSAN
from innovations.forms import STEPS
from innovations.models import Innovation

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


def headers() -> list[str]:
    return ["ID" if f == "id" else str(Innovation._meta.get_field(f).verbose_name) for f in FIELDS]


class Rows:
    """Turns innovations into export rows. Every label (choices, urusan, SDGs, yes/no) is
    translated once per export, not once per cell: 2,000 rows × 40 columns stay fast."""

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
            elif hasattr(value, "tzinfo") and value is not None:
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            values.append("" if value is None else value if isinstance(value, int) else str(value))
        return values


class _Echo:
    def write(self, value):
        return value


def export_response(items, *, fmt: str, agency):
    items = items.select_related("unit", "author", "origin")
    name = f"{slugify(agency.name)}-innovations-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        writer = csv.writer(_Echo())
        lines = (writer.writerow(r) for r in _rows(items, agency))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Innovations"))
        for values in _rows(items, agency):
            sheet.append(values)
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404("Unknown format.")


def _rows(items, agency):
    """The rows, in the agency's scope and time zone: a streamed CSV is written after the
    view has returned, outside the request's own scope."""
    with scope(agency=agency), timezone.override(agency.zoneinfo):
        yield headers()
        row = Rows()
        for innovation in items.iterator(chunk_size=500):
            yield row(innovation)
