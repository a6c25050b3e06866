"""Checks on uploaded files: size, type by content rather than by name, and images that
can really be opened (a decompression bomb, a 48 KB PNG of 20000 × 20000 pixels, or a
damaged photo is refused here, before any page or PDF tries to draw it).

The limits are shown before upload (the fields' help text) and checked in the browser too
(``LimitedFileInput`` with ``static/js/upload-limit.js``), and always again here.
"""

import threading
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, UnidentifiedImageError

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def megapixels(pixels: int) -> str:
    return floatformat(pixels / 1_000_000, -1)


def _too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
    limit = megapixels(settings.IMAGE_MAX_PIXELS)
    if width is None:
        return ValidationError(
            _(
                "This image has far more pixels than the limit of %(limit)s megapixels. Save "
                "it smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _(
            "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the "
            "limit is %(limit)s megapixels. Save it smaller and upload it again."
        ),
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": megapixels(width * height),
            "limit": limit,
        },
    )


_STRICT = threading.Lock()


@contextmanager
def _whole_images_only():
    """Pillow accepts a truncated image when ``ImageFile.LOAD_TRUNCATED_IMAGES`` is set,
    and WeasyPrint sets it for the whole process when it is imported (a render shows what
    it can). An upload must be whole: the check decodes with it off, then puts it back."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _damaged() -> ValidationError:
    return ValidationError(
        _(
            "This image cannot be read: the file is damaged or incomplete. Save it again "
            "from the original and upload it again."
        ),
        code="undecodable",
    )


def check_image(upload, *, formats: set[str]) -> str:
    """An image Pillow can open, of one of ``formats``, with at most IMAGE_MAX_PIXELS
    pixels, that decodes to the end (a JPEG at an eighth of its size, which reads every
    byte but costs little memory). Returns Pillow's name for the format."""
    upload.seek(0)
    try:
        with Image.open(upload) as image, _whole_images_only():
            kind, (width, height) = image.format, image.size
            if kind in formats and width * height <= settings.IMAGE_MAX_PIXELS:
                image.draft("RGB", (max(width // 8, 1), max(height // 8, 1)))
                image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(_("This file is not an image."), code="not_image") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _damaged() from exc
    finally:
        upload.seek(0)
    if kind not in formats:
        raise ValidationError(
            _("This file is not an image of an accepted kind."), code="wrong_type"
        )
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)
    return kind


def _check_size(upload, max_bytes: int) -> None:
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )


def validate_logo(upload) -> None:
    """A logo (or a facilitator's photo) must be a real PNG, JPEG or WebP image no larger
    than LOGO_MAX_BYTES and IMAGE_MAX_PIXELS."""
    _check_size(upload, settings.LOGO_MAX_BYTES)
    try:
        check_image(upload, formats=LOGO_FORMATS)
    except ValidationError as exc:
        if exc.code == "not_image":
            raise ValidationError(
                _("This file is not an image. Upload a PNG, JPEG or WebP logo."), code="not_image"
            ) from exc
        if exc.code == "wrong_type":
            raise ValidationError(
                _("Upload the logo as PNG, JPEG or WebP."), code="wrong_type"
            ) from exc
        raise


# Evidence documents: the extension a file claims must match what its bytes are.
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
IMAGE_EXTENSIONS = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _content_matches(extension: str, head: bytes, upload) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"doc", "xls", "ppt"}:
        return head.startswith(_OLE2)
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension == "txt":
        return b"\x00" not in head and _is_text(head)
    if extension in _OOXML_PART or extension in {"odt", "ods", "odp"}:
        return _zip_matches(extension, upload)
    return False


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multi-byte character cut at the end is fine
        return exc.start >= len(head) - 3
    return True


def _zip_matches(extension: str, upload) -> bool:
    """An OOXML file holds ``[Content_Types].xml`` and its part folder; an OpenDocument file
    starts with a small ``mimetype`` member naming its type. Reading is bounded, and any
    damage (corrupt, encrypted, unknown compression) simply means "not that kind"."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension in _OOXML_PART:
                return "[Content_Types].xml" in names and any(
                    n.startswith(_OOXML_PART[extension]) for n in names
                )
            info = archive.getinfo("mimetype")
            if info.file_size > 100:
                return False
            with archive.open(info) as member:
                declared = member.read(100).decode("ascii", "replace").strip()
            return declared == DOCUMENT_TYPES[extension]
    except Exception:  # noqa: BLE001 - whatever is wrong with the archive, it is refused
        return False
    finally:
        upload.seek(0)


def validate_document(upload, *, max_bytes: int) -> str:
    """Check an evidence file: allowed extension, size, and bytes that really are that kind
    of file (a program renamed to .pdf is refused). Returns the content type to store."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _(
                "Files of this type are not accepted. Upload PDF, Word, Excel, PowerPoint, "
                "OpenDocument, RTF, text, JPG or PNG."
            ),
            code="wrong_type",
        )
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not _content_matches(extension, head, upload):
        raise ValidationError(
            _(
                "The file's content is not a real .%(extension)s file. Save it again in that "
                "format, or give it the right extension."
            ),
            code="content_mismatch",
            params={"extension": extension},
        )
    if extension in IMAGE_EXTENSIONS:
        try:
            check_image(upload, formats={IMAGE_EXTENSIONS[extension]})
        except ValidationError as exc:
            # Its first bytes said it is that kind of image: then it is a damaged one.
            if exc.code in {"not_image", "wrong_type"}:
                raise _damaged() from exc
            raise
    return DOCUMENT_TYPES[extension]


def _limits(max_bytes: int) -> str:
    return _("Up to %(size)s; images up to %(megapixels)s megapixels.") % {
        "size": filesizeformat(max_bytes),
        "megapixels": megapixels(settings.IMAGE_MAX_PIXELS),
    }


def _document_help() -> str:
    return (
        _("PDF, Word, Excel, PowerPoint, OpenDocument, RTF, text, JPG or PNG.")
        + " "
        + _limits(settings.EVIDENCE_MAX_BYTES)
    )


def _image_help() -> str:
    return _("PNG, JPEG or WebP.") + " " + _limits(settings.LOGO_MAX_BYTES)


class LimitedFileInput(forms.ClearableFileInput):
    """A file input that tells the browser what it takes and how large
    (``accept``, ``data-max-bytes``): ``static/js/upload-limit.js`` refuses a file over
    the limit before it is sent. The limit is read when the page is drawn."""

    def __init__(self, *, max_bytes_setting: str, accept: str, attrs=None):
        super().__init__(attrs)
        self.max_bytes_setting, self.accept = max_bytes_setting, accept

    class Media:
        js = [forms.Script("js/upload-limit.js", defer=True)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        max_bytes = getattr(settings, self.max_bytes_setting)
        context["widget"]["attrs"].update(
            {
                "accept": self.accept,
                "data-max-bytes": str(max_bytes),
                "data-too-large": _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": "{size}", "limit": filesizeformat(max_bytes)},
            }
        )
        return context


class DocumentField(forms.FileField):
    """An optional evidence document, checked by ``validate_document``; the cleaned upload
    carries the content type found (``sniffed_type``). Its help text says the limits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", lazy(_document_help, str)())
        kwargs.setdefault(
            "widget",
            LimitedFileInput(
                max_bytes_setting="EVIDENCE_MAX_BYTES",
                accept=",".join(f".{extension}" for extension in DOCUMENT_TYPES),
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sniffed_type = validate_document(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
        return upload


class ImageUploadField(forms.FileField):
    """A logo or a photo (``validate_logo``), optional and clearable."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs["help_text"] = kwargs.get("help_text") or lazy(_image_help, str)()
        kwargs.setdefault(
            "widget",
            LimitedFileInput(
                max_bytes_setting="LOGO_MAX_BYTES", accept="image/png,image/jpeg,image/webp"
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial:
            validate_logo(value)
        return value


# Spreadsheets to import: an XLSX workbook (no macros) or a CSV file in UTF-8.
SPREADSHEET_EXTENSIONS = {"xlsx", "csv"}
# What the workbook's parts may add up to once unpacked, and how many there may be: a
# spreadsheet of a few thousand rows unpacks to a few tens of megabytes; a ZIP bomb to
# gigabytes.
SPREADSHEET_MAX_UNPACKED = 200 * 1024 * 1024
SPREADSHEET_MAX_PARTS = 500
_MACRO_PARTS = ("xl/vbaProject.bin", "xl/macrosheets/", "xl/dialogsheets/")


def _check_workbook(upload) -> None:
    """A real XLSX workbook: a ZIP holding ``[Content_Types].xml`` and ``xl/workbook.xml``,
    without macros, that unpacks to a sensible size."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            _(
                "This file is not a readable .xlsx workbook: it is damaged, or another kind of "
                "file renamed. Open it in Excel or LibreOffice and save it again as .xlsx."
            ),
            code="broken",
        ) from exc
    finally:
        upload.seek(0)
    names = {part.filename for part in parts}
    if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
        raise ValidationError(
            _("This file is not an Excel workbook. Save it as .xlsx and upload it again."),
            code="not_workbook",
        )
    if any(name.startswith(_MACRO_PARTS) for name in names):
        raise ValidationError(
            _(
                "This workbook holds macros, which the portal does not accept. Save it as an "
                "ordinary .xlsx workbook (without macros) and upload it again."
            ),
            code="macros",
        )
    if (
        len(parts) > SPREADSHEET_MAX_PARTS
        or sum(part.file_size for part in parts) > SPREADSHEET_MAX_UNPACKED
    ):
        raise ValidationError(
            _("This workbook unpacks to far more than a list of innovations could hold."),
            code="too_large_unpacked",
        )


def _check_csv(upload) -> None:
    """Text in UTF-8 (a byte-order mark is fine), as Excel's "CSV UTF-8" saves it."""
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if b"\x00" in content:
        raise ValidationError(
            _("This file is not a CSV text file. Save it as “CSV UTF-8” and upload it again."),
            code="not_text",
        )
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "This CSV file is not in UTF-8 (row %(line)s holds a character in another "
                "encoding). In Excel choose “Save as” → “CSV UTF-8” and upload it again."
            )
            % {"line": content[: exc.start].count(b"\n") + 1},
            code="not_utf8",
        ) from exc


def validate_spreadsheet(upload, *, max_bytes: int) -> str:
    """Check a spreadsheet to import by its content: an .xlsx workbook without macros or a
    UTF-8 .csv file, within the size limit. Returns ``"xlsx"`` or ``"csv"``."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension in {"xlsm", "xltm", "xlsb"}:
        raise ValidationError(
            _(
                "Macro-enabled and binary workbooks (.%(extension)s) are not accepted. Save it "
                "as an ordinary .xlsx workbook and upload it again."
            )
            % {"extension": extension},
            code="macros",
        )
    if extension == "xls":
        raise ValidationError(
            _("This is the old Excel 97–2003 format. Save it as .xlsx and upload it again."),
            code="old_excel",
        )
    if extension not in SPREADSHEET_EXTENSIONS:
        raise ValidationError(
            _("Upload the list as an Excel workbook (.xlsx) or a CSV file (.csv)."), "wrong_type"
        )
    _check_size(upload, max_bytes)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "xlsx":
        if head.startswith(_OLE2):
            raise ValidationError(
                _(
                    "This workbook is protected with a password or saved in the old Excel "
                    "format. Remove the password, save it as .xlsx and upload it again."
                ),
                code="encrypted",
            )
        _check_workbook(upload)
    else:
        _check_csv(upload)
    return extension


def _spreadsheet_help() -> str:
    return _("An Excel workbook (.xlsx) or a CSV file (.csv, UTF-8), up to %(size)s.") % {
        "size": filesizeformat(settings.IMPORT_MAX_BYTES)
    }


class SpreadsheetField(forms.FileField):
    """A spreadsheet to import, checked by ``validate_spreadsheet``; the cleaned upload
    carries its kind (``sheet_kind``: ``"xlsx"`` or ``"csv"``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", lazy(_spreadsheet_help, str)())
        kwargs.setdefault(
            "widget",
            LimitedFileInput(max_bytes_setting="IMPORT_MAX_BYTES", accept=".xlsx,.csv"),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sheet_kind = validate_spreadsheet(upload, max_bytes=settings.IMPORT_MAX_BYTES)
        return upload
