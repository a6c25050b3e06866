"""Files served by a view that has checked who may have them: as attachments, never
stored by a shared cache."""

from django.http import FileResponse


def private_attachment(field_file, filename: str, content_type: str | None = None):
    """``field_file`` (read through the storage API) as a download named ``filename``;
    without ``content_type`` the type is guessed from the name."""
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
