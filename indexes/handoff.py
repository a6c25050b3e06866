"""The hand-off pack for the national index application: one ZIP with the evidence files
themselves, one folder per pemda indicator and per innovation and indicator, each file
named for its indicator so it is uploaded where the application asks for it, the index
workbook (``indexes.exports``) and a list of every file with what is wrong with it.

Layout (folder and file names readable, without the characters Windows refuses)::

    iid-<year>.xlsx                             the workbook, as exported
    daftar-berkas.xlsx                          every level, its file and its problems
    1 Pemda/<no> <indicator>/<no> <indicator> - <document>.<ext>
    2 Inovasi/<agency> - <innovation>/<no> <indicator>/<no> <indicator> - <document>.<ext>

A video is a link, not a file: it goes in as a text file holding the address. Files are
read through the storage API and written into a temporary file, not held in memory.
"""

import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from indexes import exports, selectors
from indexes.assessment import Row, Workbench
from klikbaik import tabular

FOLDER_LIMIT, FILE_LIMIT = 90, 120  # within Windows' 260 characters for a whole path
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')
PEMDA_FOLDER = "1 Pemda"
INNOVATION_FOLDER = "2 Inovasi"


def safe(name: str, limit: int = FOLDER_LIMIT) -> str:
    """A file or folder name every system accepts: no reserved characters, no trailing
    dot or space, at most ``limit`` characters."""
    cleaned = " ".join(FORBIDDEN.sub(" ", name).split()).strip(" .")
    return cleaned[:limit].rstrip(" .") or "_"


def indicator_folder(row: Row) -> str:
    return safe(f"{row.indicator.number} {row.indicator.name}")


@dataclass
class Entry:
    """One claimed level: where its file goes in the ZIP (``path``, empty when there is
    none) and what the verifiers would object to."""

    folder: str
    indicator: str
    innovation: str
    agency: str
    level: int
    document: str
    path: str = ""
    problem: str = ""


def _problem(row: Row) -> str:
    if row.evidence is None:
        return _("No evidence: the level counts 0 at verification.")
    window = {"window": row.indicator.year_window}
    return {
        "kind": _("Not a kind of evidence this indicator takes."),
        "outside": _("Dated outside %(window)s.") % window,
        "undated": _("Undated, but %(window)s is asked for.") % window,
    }.get(row.evidence_problem, "")


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _accepted(row: Row, extension: str) -> bool:
    """Whether the indicator's file types (e.g. "pdf", "jpg/png") take this file."""
    types = set(re.findall(r"[a-z0-9]+", row.indicator.file_types.lower()))
    if {"jpg", "jpeg"} & types:
        types |= {"jpg", "jpeg"}
    return not types or extension in types


def build(workbench: Workbench, archive: zipfile.ZipFile, progress=lambda percent: None):
    """Write the pack into ``archive`` and return its entries (the list of files)."""
    entries = []
    rows = [(PEMDA_FOLDER, None, row) for row in workbench.pemda if row.level] + [
        (
            f"{INNOVATION_FOLDER}/{safe(f'{sheet.innovation.agency.name} - {sheet.innovation}')}",
            sheet.innovation,
            row,
        )
        for sheet in workbench.counted
        for row in sheet.rows
        if row.level
    ]
    documents = selectors.pack_documents([row for _folder, _innovation, row in rows])
    for number, (parent, innovation, row) in enumerate(rows, start=1):
        folder = f"{parent}/{indicator_folder(row)}"
        entry = Entry(
            folder=folder,
            indicator=f"{row.indicator.number}. {row.indicator.name}",
            innovation=str(innovation or ""),
            agency=innovation.agency.name if innovation else workbench.assessment.agency.name,
            level=row.level,
            document=getattr(row.evidence, "title", ""),
            problem=_problem(row),
        )
        document = documents.get(id(row))
        if document is not None:
            entry.path, problem = _add(archive, folder, row, document)
            entry.problem = " ".join(p for p in (entry.problem, problem) if p)
        entries.append(entry)
        progress(number * 90 // max(len(rows), 1))
    year = workbench.assessment.year
    archive.writestr(f"iid-{year}.xlsx", exports.workbook(workbench))
    archive.writestr("daftar-berkas.xlsx", listing(entries))
    return entries


def _add(archive, folder: str, row: Row, document) -> tuple[str, str]:
    """Put the document's file (or a video's link) into the folder; returns its path in
    the ZIP and a problem with it, if any."""
    title = f"{row.indicator.number} {row.indicator.name} - {document.title}"
    if not document.file:
        link = getattr(document, "link", "")
        path = f"{folder}/{safe(f'{title} - tautan', FILE_LIMIT)}.txt"
        archive.writestr(path, f"{link}\n")
        return path, ""
    extension = _extension(document.original_name or document.file.name)
    path = f"{folder}/{safe(title, FILE_LIMIT)}.{extension}"
    with document.file.open("rb") as source, archive.open(path, "w") as target:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            target.write(chunk)
    if not _accepted(row, extension):
        return path, _("The application takes %(types)s for this indicator, not .%(ext)s.") % {
            "types": row.indicator.file_types,
            "ext": extension,
        }
    return path, ""


def listing(entries: list[Entry]) -> bytes:
    header = [
        _("Folder"),
        _("File"),
        _("Indicator"),
        _("Innovation"),
        _("Agency"),
        _("Level"),
        _("Evidence"),
        _("Problem"),
    ]
    rows = (
        [
            e.folder,
            e.path.rsplit("/", 1)[-1],
            e.indicator,
            e.innovation,
            e.agency,
            e.level,
            e.document,
            e.problem,
        ]
        for e in entries
    )
    return tabular.xlsx([tabular.Sheet(_("Files"), header, rows)])
