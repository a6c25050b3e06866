"""Files through Django's storage API, and what a failed write means to a person.

``STORAGES["default"]`` is the local disk (``FileSystemStorage`` below) unless the S3
variables are set (klikbaik/settings.py). A write that fails on the local disk (full,
read-only, gone) removes what it had written, so no partial file is left behind; S3 keeps
nothing of a failed upload. ``StorageErrorMiddleware`` turns such a failure during a request
into a clear page instead of a 500; the transaction of the request's service has already
been rolled back, so no half row is kept either.
"""

import errno
import logging
import os
from contextlib import suppress

from django.core.files import storage
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_noop

logger = logging.getLogger(__name__)

# What a person is told, by failure (English source; translated where shown, so that a
# job's stored reason reads in the language of whoever looks at it).
FAILURES = {
    "full": gettext_noop(
        "The file could not be stored: the portal's storage is full. Nothing was kept; "
        "try again once the operators have freed space."
    ),
    "unavailable": gettext_noop(
        "The file store could not be reached. Nothing was kept; try again in a few minutes."
    ),
}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_UNAVAILABLE_ERRNOS = {errno.EROFS, errno.EIO, errno.EACCES}


def storage_failure(exc: BaseException) -> str | None:
    """``"full"`` or ``"unavailable"`` for an exception a storage raised, None for any
    other exception."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return "full"
    if isinstance(exc, OSError) and exc.errno in _UNAVAILABLE_ERRNOS:
        return "unavailable"
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(exc, BotoCoreError | ClientError):
        return "unavailable"
    return None


class FileSystemStorage(storage.FileSystemStorage):
    """The local disk, leaving nothing behind when a write fails half-way."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # The name came from get_available_name (free a moment ago): what is there now
            # is the part this write managed before the disk filled.
            with suppress(OSError):
                os.remove(self.path(name))
            raise


class StorageErrorMiddleware:
    """A storage failure during a request: a 503 page that says what happened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        failure = storage_failure(exception)
        if failure is None:
            return None
        logger.error("Storage failure on %s: %r", request.path, exception)
        return TemplateResponse(
            request, "storage_error.html", {"message": gettext(FAILURES[failure])}, status=503
        )
