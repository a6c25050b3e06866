"""Checks on uploaded files: size, and type by content rather than by name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(upload) -> None:
    """A logo must be a real PNG, JPEG or WebP image no larger than LOGO_MAX_BYTES."""
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
