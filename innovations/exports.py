"""The filtered registry as XLSX or CSV, with every field an admin would need, written by
the portal's one table writer (``klikbaik.tabular``) in a worker (the ``registry_export``
job, ``innovations.tasks.build_registry_export``)."""

from django.db import models
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


def write(out, items, *, fmt: str, agency, region: bool = False, progress=None) -> str:
    """Write the export into the binary file ``out`` and return the file's name: the XLSX
    workbook, or CSV in the dialect ``fmt`` names. With ``region`` (the coordinators'
    register) every row starts with its agency. ``progress(done, total)`` is called as
    rows go."""
    items = items.select_related("unit", "author", "origin", "agency")
    day = timezone.localdate(timezone=agency.zoneinfo)
    what = slugify(agency.region.name) if region else slugify(agency.name)
    name = f"{what}-innovations-{day:%Y%m%d}"
    columns = [str(_("Agency")), *headers()] if region else headers()
    rows = _rows(items, agency, progress)
    if region:
        rows = ([innovation.agency.name, *row] for innovation, row in rows)
    else:
        rows = (row for _innovation, row in rows)
    sheet = tabular.Sheet(_("Innovations"), columns, rows)
    if fmt == "xlsx":
        out.write(tabular.xlsx([sheet]))
        return name + ".xlsx"
    for line in tabular.csv_lines(sheet, dialect=FORMATS[fmt]):
        out.write(line.encode())
    return name + ".csv"


PROGRESS_EVERY = 500


def _rows(items, agency, progress=None):
    """Each innovation with its row, in the agency's scope and time zone (and progress
    reported every PROGRESS_EVERY rows)."""
    with scope(agency=agency), timezone.override(agency.zoneinfo):
        total = items.count() if progress else 0
        row = Rows()
        for number, innovation in enumerate(items.iterator(chunk_size=500), start=1):
            if progress and number % PROGRESS_EVERY == 0:
                progress(number, total)
            yield innovation, row(innovation)
