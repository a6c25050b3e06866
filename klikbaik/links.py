"""Absolute links to the portal's pages for what is read outside the browser (e-mails,
calendar files). They are built from ``PORTAL_BASE_URL``, never from a request: a worker
has none, and a request's Host header is whatever the client sent."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """``path`` (starting with ``/``) on the portal's own address."""
    return settings.PORTAL_BASE_URL + path


def portal_url(viewname: str, *args) -> str:
    """The absolute address of a named page, e.g. ``portal_url("home")``."""
    return absolute_url(reverse(viewname, args=args))
