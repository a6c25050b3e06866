"""Structured logs that an operator can follow from the proxy to the worker.

Every line is one JSON object (``LOG_FORMAT=json``, the default unless ``DEBUG``) with a
UTC ISO timestamp, the level, the logger and the message, and, when known, the request id
(the proxy's ``X-Request-ID`` or one made here), the signed-in user's id, the agency's id
and the Celery task. The request id travels with every task a request queues (a message
header), so a worker's lines carry the id of the request that asked for the work.

Only ids are logged about people: never passwords, tokens, e-mail addresses or form data.
Extra fields a logger passes are kept only when they are plain numbers, strings or
booleans (Django's ``request`` object, for one, is left out).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.db import DatabaseError

_context: contextvars.ContextVar[dict] = contextvars.ContextVar("klikbaik_log", default={})  # noqa: B039 - never mutated, only replaced

CONTEXT_FIELDS = ("request_id", "user_id", "agency_id", "task", "task_id")
# What the proxy may hand us as a request id; anything else is replaced by our own.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,128}$")
# The secret parts of the portal's token URLs (klikbaik/urls.py; allauth's e-mailed links).
_SECRET_PATHS = re.compile(
    r"(/calendar/|/invitations/|/accounts/password/reset/key/|/accounts/confirm-email/)"
    r"[^/\s\"?]+?(?=\.ics|[/\s\"?]|$)"
)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", *CONTEXT_FIELDS}


def redact(text: str) -> str:
    """``text`` with the secret tokens of the portal's token URLs blanked out."""
    return _SECRET_PATHS.sub(r"\1[secret]", text)


def bind(**fields) -> contextvars.Token:
    """Add fields to the log context of this request or task; ``unbind`` undoes it."""
    return _context.set({**_context.get(), **fields})


def unbind(token: contextvars.Token) -> None:
    _context.reset(token)


def current(name: str):
    return _context.get().get(name)


class ContextFilter(logging.Filter):
    """Copies the request's or task's context onto every record the handler writes."""

    def filter(self, record):
        for name, value in _context.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True


def _utc(record) -> str:
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record):
        line = {
            "time": _utc(record),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        for name, value in vars(record).items():
            if name not in _STANDARD and isinstance(value, str | int | float | bool):
                line[name] = value
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For reading on a terminal (``make run``): the same facts on one line."""

    def format(self, record):
        context = " ".join(
            f"{name}={getattr(record, name)}"
            for name in CONTEXT_FIELDS
            if getattr(record, name, None) is not None
        )
        text = f"{_utc(record)} {record.levelname} {record.name} {redact(record.getMessage())}"
        text = f"{text} [{context}]" if context else text
        if record.exc_info:
            text = f"{text}\n{self.formatException(record.exc_info)}"
        return text


def formatter_config(kind: str) -> dict:
    """The ``formatters`` entry of a logging dictConfig for ``json`` or ``text``."""
    factory = JsonFormatter if kind == "json" else TextFormatter
    return {"()": f"{factory.__module__}.{factory.__qualname__}"}


request_logger = logging.getLogger("klikbaik.request")


def _user_id(request):
    """The signed-in user's id; None when it cannot be known (a log line must be written
    even when the database that holds the sessions is down)."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DatabaseError:
        return None


class RequestLogMiddleware:
    """First in the middleware: gives the request its id (the proxy's, or a new one), puts
    it, the user and the agency in the log context, answers with ``X-Request-ID`` and
    writes one line per request (method, path without secrets, status, duration).

    The context lasts until the response is closed (``request_finished``), so that
    Django's own lines about the response ("Not Found: ...") carry the id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        _context.set({"request_id": request.request_id})
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        self._log(request, response, started)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        agency = getattr(request, "agency", None)
        bind(user_id=_user_id(request), agency_id=agency.pk if agency else None)

    @staticmethod
    def _log(request, response, started):
        # Probes ask /healthz every few seconds: keep them out of the INFO log.
        quiet = request.path == "/healthz" or request.path.startswith("/static/")
        path = redact(request.path)
        request_logger.log(
            logging.DEBUG if quiet else logging.INFO,
            "%s %s %s",
            request.method,
            path,
            response.status_code,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": _user_id(request),
            },
        )


def end_request(**kwargs):
    """``request_finished``: what is logged after the response starts with a clean context."""
    _context.set({})


# Celery: the request id rides along as a message header (set when the task is queued)
# and is bound, with the task's name and id, while the worker runs the task.
_task_tokens: dict[str, contextvars.Token] = {}


def carry_request_id(headers=None, **kwargs):
    """``before_task_publish``: the queuing request's id goes into the message headers."""
    request_id = current("request_id")
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


def bind_task(task_id=None, task=None, **kwargs):
    """``task_prerun``: the task's lines carry its name, its id and the request's id."""
    request_id = getattr(task.request, "request_id", None) or current("request_id")
    _task_tokens[task_id] = bind(task=task.name, task_id=task_id, request_id=request_id)


def unbind_task(task_id=None, **kwargs):
    """``task_postrun``: the worker's next task starts with a clean context."""
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        unbind(token)
