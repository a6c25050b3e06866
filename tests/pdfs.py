"""PDFs read back by a program nobody here wrote (pypdf): the text of each page."""

import io
import re

import pypdf


def page_texts(content: bytes) -> list[str]:
    assert content.startswith(b"%PDF")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def job_pages(job) -> list[str]:
    """The text of each page of a finished job's PDF, read through the storage API."""
    with job.file.open("rb") as handle:
        return page_texts(handle.read())


def images_drawn(content: bytes) -> list[int]:
    """How many images each page draws (its content's ``Do`` operators: a page's resources
    may name every image of the document, and one image drawn twice is stored once)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [len(re.findall(rb"/\S+ Do\b", page.get_contents().get_data())) for page in reader.pages]
