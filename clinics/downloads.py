"""Files served by a view that has checked who may have them: as attachments, never
stored by a shared cache.

The file is streamed through the storage API (local disk or S3 alike). With an S3 store
and ``S3_PRESIGNED_DOWNLOADS`` the view instead redirects to a presigned URL that works
for S3_URL_SECONDS (one minute), so large files do not pass through the web process; the
object itself stays private."""

import mimetypes

from django.conf import settings
from django.http import FileResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def _presigned(field_file, filename: str, content_type: str | None) -> str | None:
    storage = field_file.storage
    if not (settings.S3_PRESIGNED_DOWNLOADS and hasattr(storage, "bucket_name")):
        return None
    parameters = {
        "ResponseContentDisposition": content_disposition_header(True, filename),
        "ResponseContentType": content_type
        or mimetypes.guess_type(filename)[0]
        or "application/octet-stream",
        "ResponseCacheControl": "private, no-store",
    }
    return storage.url(field_file.name, parameters=parameters, expire=settings.S3_URL_SECONDS)


def private_attachment(field_file, filename: str, content_type: str | None = None):
    """``field_file`` (read through the storage API) as a download named ``filename``;
    without ``content_type`` the type is guessed from the name."""
    url = _presigned(field_file, filename, content_type)
    if url:
        response = HttpResponseRedirect(url)
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    response["Cache-Control"] = "private, no-store"
    return response


def document_attachment(document):
    """An uploaded document (a row with ``file``, ``original_name`` and ``content_type``,
    such as innovation or regional evidence) under the name it was uploaded with."""
    return private_attachment(
        document.file,
        document.original_name or document.file.name,
        document.content_type or "application/octet-stream",
    )
