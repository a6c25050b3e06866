"""Reading a spreadsheet of innovations and checking every row, before anything is saved.

The columns are those of the portal's template (``TEMPLATE``) and, as far as they are
known, those of the national innovation-index application (shared/IID.md §3, the 2023-era
profile form); docs/import.md gives the mapping and what is assumed. A header is matched
whatever its case, spacing and punctuation, in Indonesian or English; columns the portal
does not know are listed and ignored.

``read`` turns an XLSX workbook (its first sheet, through openpyxl in read-only mode, with
defusedxml) or a CSV file (UTF-8 with or without a byte-order mark, separated by commas or
semicolons) into a header and rows of plain values. ``Checker`` turns each row into the
values the registry stores and the problems found, each a ``Problem`` in words (English
source text, translated when shown). Nothing here writes to the database.
"""

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext_noop

from innovations.choices import URUSAN, Initiator, Maturity, Scope, Theme
from innovations.models import Innovation

MAX_ROWS = 5000

# The national application's own words for its choices (shared/IID.md §3), besides the
# portal's codes and its labels in both languages.
NATIONAL_TERMS = {
    "maturity": {
        Maturity.INITIATIVE: ["inisiatif", "inisiasi"],
        Maturity.TRIAL: ["uji coba", "ujicoba"],
        Maturity.IMPLEMENTED: ["penerapan", "diterapkan"],
    },
    "initiator": {
        Initiator.HEAD_OF_REGION: ["kepala daerah"],
        Initiator.DPRD: ["anggota dprd", "dprd"],
        Initiator.AGENCY: ["opd", "perangkat daerah", "opd perangkat daerah"],
        Initiator.ASN: ["asn"],
        Initiator.PUBLIC: ["masyarakat"],
    },
    "scope": {
        Scope.GOVERNANCE: ["inovasi tata kelola pemerintahan daerah", "tata kelola"],
        Scope.PUBLIC_SERVICE: ["inovasi pelayanan publik", "pelayanan publik"],
        Scope.OTHER: [
            "inovasi daerah lainnya sesuai urusan pemerintahan yang menjadi kewenangan daerah",
            "inovasi daerah lainnya",
            "lainnya",
        ],
    },
    "theme": {
        Theme.DIGITAL_SERVICES: ["digitalisasi layanan pemerintahan"],
        Theme.POVERTY: ["penanggulangan kemiskinan"],
        Theme.INVESTMENT: ["kemudahan investasi"],
        Theme.PRESIDENTIAL: ["prioritas aktual presiden"],
        Theme.NONE: ["non tematik", "tidak tematik", "-"],
    },
    "is_digital": {True: ["digital", "ya", "yes"], False: ["non digital", "tidak", "no"]},
}
# The 38 urusan as the 2023 national application names them, in URUSAN's order.
NATIONAL_URUSAN = [
    "pendidikan",
    "kesehatan",
    "pekerjaan umum dan penataan ruang",
    "perumahan rakyat dan kawasan permukiman",
    "ketenteraman, ketertiban umum dan perlindungan masyarakat",
    "sosial",
    "tenaga kerja",
    "pemberdayaan perempuan dan perlindungan anak",
    "pangan",
    "pertanahan",
    "lingkungan hidup",
    "administrasi kependudukan dan pencatatan sipil",
    "pemberdayaan masyarakat dan desa",
    "pengendalian penduduk dan keluarga berencana",
    "perhubungan",
    "komunikasi dan informatika",
    "koperasi, usaha kecil dan menengah",
    "penanaman modal",
    "kepemudaan dan olahraga",
    "statistik",
    "persandian",
    "kebudayaan",
    "perpustakaan",
    "kearsipan",
    "kelautan dan perikanan",
    "pariwisata",
    "pertanian",
    "kehutanan",
    "energi dan sumber daya mineral",
    "perdagangan",
    "perindustrian",
    "transmigrasi",
    "perencanaan",
    "keuangan",
    "kepegawaian",
    "pendidikan dan pelatihan",
    "penelitian dan pengembangan",
    "fungsi lain sesuai dengan ketentuan peraturan perundang-undangan",
]
NATIONAL_URUSAN_SHORT = {"pupr": "pupr", "ppa": "pppa", "pppa": "pppa", "adminduk": "adminduk"}

MONTHS = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "february": 2, "feb": 2, "pebruari": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip


def normal(text) -> str:
    """Lower case letters and digits only, accents dropped: how headers, choices and names
    are compared ("Uji Coba", "uji_coba" and "UJI-COBA" are one)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def name_key(name: str) -> str:
    """The stable key of an innovation within its agency: its name, normalised. The same
    innovation is listed in every year's index list, so the year is not part of it."""
    return normal(name)


@dataclass(frozen=True)
class Problem:
    """What is wrong, in words: English source text (``gettext_noop``) with ``params``,
    translated where it is shown. ``column`` is the file's own header."""

    column: str
    text: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"column": self.column, "text": self.text, "params": self.params}


# Problems, once each (English source text).
MISSING = gettext_noop("Empty: this column is required.")
TOO_LONG = gettext_noop("%(length)s characters; at most %(limit)s fit.")
NOT_A_CHOICE = gettext_noop("“%(value)s” is not one of: %(choices)s.")
NOT_A_DATE = gettext_noop("“%(value)s” is not a date: write it as 2024-06-01 or 01/06/2024.")
NOT_A_YEAR = gettext_noop("“%(value)s” is not a year such as 2025.")
UNKNOWN_UNIT = gettext_noop(
    "“%(value)s” is not a unit of %(agency)s: add it on the Units page first, or leave the "
    "cell empty."
)
NEEDS_IMPLEMENTATION = gettext_noop(
    "An implemented innovation (penerapan) needs its implementation date in “%(column)s”."
)
TRIAL_AFTER_START = gettext_noop(
    "The trial (%(trial)s) cannot start after the implementation (%(implementation)s)."
)
NO_ROWS = gettext_noop("The file has no rows under its header row.")
TOO_MANY_ROWS = gettext_noop("The file has more than %(limit)s rows: split it into smaller files.")
MISSING_COLUMN = gettext_noop(
    "The column “%(column)s” is missing: the first row must name the columns, as the template does."
)
TWO_COLUMNS = gettext_noop("Two columns are both read as “%(column)s”: %(headers)s.")
UNREADABLE = gettext_noop(
    "The workbook could not be read: it is damaged. Open it in Excel or LibreOffice, save it "
    "again as .xlsx and upload it again."
)


@dataclass(frozen=True)
class Column:
    """A column the portal reads: the registry field it fills, its header in the template
    and the other headers that mean the same, and how a cell becomes a value."""

    field: str
    header: str
    aliases: tuple[str, ...]
    parse: str  # text, choice, date, digital, urusan, urusan_list, unit, year
    required: bool = False
    guide: str = ""  # what to write, for the template's instructions

    def headers(self) -> set[str]:
        names = {self.header, *self.aliases}
        if self.field in {f.name for f in Innovation._meta.fields}:
            verbose = Innovation._meta.get_field(self.field).verbose_name
            for language in ("id", "en"):
                with translation.override(language):
                    names.add(str(verbose))
        return {normal(name) for name in names}


TEMPLATE = [
    Column("name", "Nama Inovasi", ("nama inovasi daerah", "judul inovasi", "inovasi", "name"),
           "text", required=True, guide=gettext_noop("The innovation's full name.")),
    Column("brand_name", "Nama Singkat", ("singkatan", "akronim", "brand name"), "text",
           guide=gettext_noop("Its short brand name, e.g. JEDAR SASKIA.")),
    Column("unit", "Unit", ("unit kerja", "upt", "uptd"), "unit",
           guide=gettext_noop("A unit of the agency by its name in the portal, or empty.")),
    Column("maturity", "Tahapan Inovasi", ("tahapan", "tahap", "tahap inovasi", "stage"),
           "choice", required=True, guide=gettext_noop("inisiatif, uji coba or penerapan.")),
    Column("initiator", "Inisiator Inovasi Daerah", ("inisiator", "initiator"), "choice",
           guide=gettext_noop("Kepala Daerah, Anggota DPRD, OPD, ASN or Masyarakat.")),
    Column("is_digital", "Jenis Inovasi", ("jenis", "digital", "type"), "digital",
           guide=gettext_noop("Digital or Non Digital.")),
    Column("scope", "Bentuk Inovasi Daerah", ("bentuk inovasi", "bentuk"), "choice",
           guide=gettext_noop(
               "Inovasi tata kelola pemerintahan daerah, Inovasi pelayanan publik or Inovasi "
               "daerah lainnya."
           )),
    Column("theme", "Tematik", ("tema", "tematik inovasi"), "choice",
           guide=gettext_noop(
               "Digitalisasi layanan pemerintahan, Penanggulangan kemiskinan, Kemudahan "
               "investasi, Prioritas aktual presiden or Non tematik."
           )),
    Column("urusan", "Urusan Pemerintahan", ("urusan", "urusan utama"), "urusan",
           guide=gettext_noop("One government affair as the national application names it.")),
    Column("other_urusan", "Urusan Lain", ("urusan lainnya", "urusan pemerintahan lainnya"),
           "urusan_list", guide=gettext_noop("Other affairs, separated by semicolons.")),
    Column("trial_start", "Waktu Uji Coba Inovasi Daerah",
           ("waktu uji coba", "tanggal uji coba", "uji coba"), "date",
           guide=gettext_noop("A date, e.g. 2024-06-01 or 01/06/2024.")),
    Column("implementation_start", "Waktu Penerapan Inovasi Daerah",
           ("waktu penerapan", "tanggal penerapan", "penerapan"), "date",
           guide=gettext_noop("A date; required for an implemented innovation (penerapan).")),
    Column("last_developed_on", "Pengembangan Terbaru",
           ("tanggal pengembangan terbaru", "waktu pengembangan terbaru"), "date",
           guide=gettext_noop("The date of its latest development, if any.")),
    Column("problem", "Permasalahan", ("masalah", "latar belakang"), "text",
           guide=gettext_noop("The problem it answers.")),
    Column("design", "Rancang Bangun",
           ("rancang bangun dan pokok perubahan yang dilakukan", "rancang bangun inovasi"),
           "text", guide=gettext_noop("Its design and main changes (at least 300 words).")),
    Column("goals", "Tujuan Inovasi Daerah", ("tujuan inovasi", "tujuan"), "text",
           guide=gettext_noop("Its goals.")),
    Column("benefits", "Manfaat yang Diperoleh", ("manfaat", "manfaat inovasi"), "text",
           guide=gettext_noop("The benefits obtained.")),
    Column("results", "Hasil Inovasi", ("hasil",), "text",
           guide=gettext_noop("Its results.")),
    Column("year", "Tahun", ("tahun inovasi", "tahun data"), "year",
           guide=gettext_noop(
               "The year it counts in when it has no trial or implementation date; the "
               "upload's year if empty."
           )),
]  # fmt: skip
COLUMNS = {column.field: column for column in TEMPLATE}


# Reading


def _cell(value):
    """A cell as the checks take it: text stripped, dates as dates, numbers as they are."""
    if isinstance(value, str):
        return value.strip()
    return value


def _xlsx_rows(upload) -> Iterator[list]:
    from openpyxl import load_workbook

    upload.seek(0)
    book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in row]
    finally:
        book.close()


def _csv_rows(upload) -> Iterator[list]:
    upload.seek(0)
    text = upload.read().decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [_cell(value) for value in row]


class Unreadable(Exception):
    """The workbook passed the upload's checks but its content cannot be read."""


def read(upload, kind: str) -> tuple[list[str], list[tuple[int, list]]]:
    """The header (the first non-empty row) and the rows under it, each with its row number
    as a spreadsheet shows it; empty rows are skipped. At most MAX_ROWS + 1 rows are read."""
    rows = _xlsx_rows(upload) if kind == "xlsx" else _csv_rows(upload)
    header, body = None, []
    try:
        for number, values in enumerate(rows, start=1):
            if not any(value not in (None, "") for value in values):
                continue
            if header is None:
                header = ["" if value is None else str(value).strip() for value in values]
                continue
            body.append((number, values))
            if len(body) > MAX_ROWS:
                break
    except Exception as exc:  # noqa: BLE001 - whatever openpyxl meets, the file is damaged
        if kind != "xlsx":
            raise
        raise Unreadable from exc
    return header or [], body


# Checking


@dataclass
class Header:
    """Which file column fills which registry field; what is ignored or missing."""

    positions: dict[str, int]
    ignored: list[str]
    problems: list[Problem]

    @property
    def read_columns(self) -> dict[str, str]:
        return {COLUMNS[f].header: f for f in self.positions}

    def raw(self, values: list, field_name: str) -> str:
        """A cell as the file holds it (to name a row that has problems)."""
        index = self.positions.get(field_name)
        value = values[index] if index is not None and index < len(values) else None
        return "" if value is None else str(value).strip()


def match_header(header: list[str]) -> Header:
    lookup = {name: column for column in TEMPLATE for name in column.headers()}
    positions, ignored, problems, seen = {}, [], [], {}
    for index, title in enumerate(header):
        column = lookup.get(normal(title)) if normal(title) else None
        if column is None:
            if title:
                ignored.append(title)
            continue
        if column.field in positions:
            headers = f"“{seen[column.field]}”, “{title}”"
            problems.append(
                Problem(title, TWO_COLUMNS, {"column": column.header, "headers": headers})
            )
            continue
        positions[column.field], seen[column.field] = index, title
    for column in TEMPLATE:
        if column.required and column.field not in positions:
            problems.append(Problem(column.header, MISSING_COLUMN, {"column": column.header}))
    return Header(positions, ignored, problems)


def _choices(field_name: str) -> dict[str, object]:
    """Every way of writing each choice of a field, normalised, to its stored value."""
    model_field = Innovation._meta.get_field(field_name)
    found = {}
    for value, label in model_field.flatchoices:
        found[normal(value)] = value
        for language in ("id", "en"):
            with translation.override(language):
                found[normal(label)] = value
    for value, words in NATIONAL_TERMS.get(field_name, {}).items():
        for word in words:
            found[normal(word)] = value
    return found


def _urusan_choices() -> dict[str, str]:
    found = _choices("urusan")
    for (code, _label), national in zip(URUSAN, NATIONAL_URUSAN, strict=True):
        found[normal(national)] = code
    found.update(NATIONAL_URUSAN_SHORT)
    return found


def parse_date(value) -> date | None:
    """A date from a date cell, or text as 2024-06-01, 01/06/2024, 1-6-2024, 01.06.2024 or
    1 Juni 2024 (Indonesian or English month names); ``None`` if it is none of those."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return date(*map(int, text.split("-")))
        match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if match:
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})", text)
        if match and match[2].lower() in MONTHS:
            return date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None
    return None


class Checker:
    """Checks rows of one file for one agency: ``check(values)`` gives the values to store
    (JSON: dates as ISO text, the unit as its id) and the problems found."""

    def __init__(self, header: Header, *, agency, units: dict[str, int], default_year: int):
        self.header, self.agency, self.units = header, agency, units
        self.default_year = default_year
        self.choices = {f: _choices(f) for f in ("maturity", "initiator", "scope", "theme")}
        self.choices["is_digital"] = {
            normal(word): value
            for value, words in NATIONAL_TERMS["is_digital"].items()
            for word in words
        }
        self.urusan = _urusan_choices()
        self.parsers: dict[str, Callable] = {
            "text": self._text,
            "choice": self._choice,
            "digital": self._choice,
            "date": self._date,
            "urusan": self._urusan,
            "urusan_list": self._urusan_list,
            "unit": self._unit,
            "year": self._year,
        }

    def check(self, values: list) -> tuple[dict, list[Problem]]:
        cleaned, problems = {}, []
        for field_name, index in self.header.positions.items():
            column = COLUMNS[field_name]
            value = values[index] if index < len(values) else None
            title = self._title(field_name)
            if value is None or value == "":
                if column.required:
                    problems.append(Problem(title, MISSING))
                continue
            try:
                cleaned[field_name] = self.parsers[column.parse](field_name, value)
            except _Refused as refused:
                problems.append(Problem(title, refused.text, refused.params))
        problems += self._across(cleaned)
        return cleaned, problems

    def _title(self, field_name: str) -> str:
        return COLUMNS[field_name].header

    def _across(self, cleaned: dict) -> list[Problem]:
        """Checks of one row that span columns."""
        problems = []
        if cleaned.get("maturity") == Maturity.IMPLEMENTED and not cleaned.get(
            "implementation_start"
        ):
            column = self._title("implementation_start")
            problems.append(Problem(column, NEEDS_IMPLEMENTATION, {"column": column}))
        trial, start = cleaned.get("trial_start"), cleaned.get("implementation_start")
        if trial and start and trial > start:
            problems.append(
                Problem(
                    self._title("trial_start"),
                    TRIAL_AFTER_START,
                    {"trial": trial, "implementation": start},
                )
            )
        return problems

    def _text(self, field_name, value):
        text = str(value).strip()
        limit = Innovation._meta.get_field(field_name).max_length
        if limit and len(text) > limit:
            raise _Refused(TOO_LONG, length=len(text), limit=limit)
        return text

    def _choice(self, field_name, value):
        found = self.choices[field_name].get(normal(value))
        if found is None:
            raise _Refused(NOT_A_CHOICE, value=str(value)[:60], choices=self._guide(field_name))
        return found

    def _guide(self, field_name: str) -> str:
        return COLUMNS[field_name].guide.rstrip(".")

    def _date(self, field_name, value):
        found = parse_date(value)
        if found is None:
            raise _Refused(NOT_A_DATE, value=str(value)[:40])
        return found.isoformat()

    def _urusan(self, field_name, value):
        found = self.urusan.get(normal(value))
        if found is None:
            raise _Refused(
                NOT_A_CHOICE, value=str(value)[:60], choices=", ".join(NATIONAL_URUSAN[:6]) + ", …"
            )
        return found

    def _urusan_list(self, field_name, value):
        """Affairs separated by semicolons, line breaks or commas (the national names hold
        commas too: pieces are joined until they name an affair)."""
        found, pending = [], ""
        for piece in re.split(r"[;\n,]", str(value)):
            pending = f"{pending},{piece}" if pending else piece
            code = self.urusan.get(normal(pending))
            if code is not None:
                found.append(code)
                pending = ""
        if pending.strip(" ,"):
            self._urusan(field_name, pending.strip(" ,"))  # refused, naming what is left
        return found

    def _unit(self, field_name, value):
        found = self.units.get(normal(value))
        if found is None:
            raise _Refused(UNKNOWN_UNIT, value=str(value)[:60], agency=self.agency.name)
        return found

    def _year(self, field_name, value):
        text = str(value).strip().removesuffix(".0")
        if not (text.isdigit() and 2000 <= int(text) <= 2100):
            raise _Refused(NOT_A_YEAR, value=str(value)[:20])
        return int(text)


class _Refused(Exception):
    def __init__(self, text: str, **params):
        super().__init__(text)
        self.text = text
        self.params = {key: str(value) for key, value in params.items()}


# What the check and the import tell, as a spreadsheet for the agency to fix its file by.


def problem_text(problem: dict, language: str) -> str:
    """A stored problem in words, in ``language``."""
    with translation.override(language):
        text = translation.gettext(problem["text"])
        try:
            return text % problem["params"] if problem["params"] else text
        except (KeyError, TypeError, ValueError):
            return text


def report(batch, rows, *, language: str) -> bytes:
    """The batch's rows with their outcome and every problem (one line each), in
    Indonesian and in English, headed in ``language``; the file's own problems first."""
    from klikbaik import tabular

    with translation.override(language):
        header = [
            translation.gettext("Row"),
            translation.gettext("Innovation"),
            translation.gettext("Outcome"),
            translation.gettext("Column"),
            "Masalah (Bahasa Indonesia)",
            "Problem (English)",
        ]
        outcomes = {value: str(label) for value, label in rows.model.Outcome.choices}

    def lines():
        for problem in batch.file_problems:
            yield [None, "", "", problem["column"], *_both(problem)]
        for row in rows.iterator(chunk_size=500):
            outcome = outcomes[row.outcome]
            if not row.problems:
                yield [row.number, row.name, outcome, "", "", ""]
            for problem in row.problems:
                yield [row.number, row.name, outcome, problem["column"], *_both(problem)]

    with translation.override(language):
        return tabular.xlsx([tabular.Sheet(translation.gettext("Check"), header, lines())])


def _both(problem: dict) -> list[str]:
    return [problem_text(problem, "id"), problem_text(problem, "en")]
