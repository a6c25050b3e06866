"""Checks on uploaded files: size, and type by content rather than by name."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(upload) -> None:
    """A logo (or a facilitator's photo) must be a real PNG, JPEG or WebP image no larger
    than LOGO_MAX_BYTES."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.LOGO_MAX_BYTES),
            },
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("This file is not an image. Upload a PNG, JPEG or WebP logo."), code="not_image"
        ) from exc
    finally:
        upload.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError(_("Upload the logo as PNG, JPEG or WebP."), code="wrong_type")


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
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )
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
    return DOCUMENT_TYPES[extension]


class DocumentField(forms.FileField):
    """An optional evidence document, checked by ``validate_document``; the cleaned upload
    carries the content type found (``sniffed_type``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, RTF, text, JPG or PNG."),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.sniffed_type = validate_document(upload, max_bytes=settings.EVIDENCE_MAX_BYTES)
        return upload
