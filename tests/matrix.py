"""The permission matrix of the coordinator's pages: each role asks a page of its own
agency's address about the objects of Kabupaten Bantaeng (kept by its Bappeda).

Roles: ``staff``, ``facilitator`` and ``admin`` of a Bantaeng agency (agency A), the
``coordinator`` (Bantaeng's Bappeda) and the ``co_coordinator`` (Bagian Organisasi Setda,
which shares the role), the ``other_admin`` of an agency of Kota Makassar and the
``other_coordinator`` (Makassar's Bappeda). An object of another region is a 404
(nothing leaks); a page one's role may not use in one's own agency is a 403.
"""

from django.urls import reverse

ROLES = (
    "staff",
    "facilitator",
    "admin",
    "coordinator",
    "co_coordinator",
    "other_admin",
    "other_coordinator",
)

CAST = {
    "staff": ("staff_a", "agency_a"),
    "facilitator": ("facilitator_a", "agency_a"),
    "admin": ("admin_a", "agency_a"),
    "coordinator": ("coordinator", "coordinator_agency"),
    "co_coordinator": ("organisasi_admin", "organisasi_agency"),
    "other_admin": ("admin_c", "agency_c"),
    "other_coordinator": ("other_coordinator", "other_coordinator_agency"),
}


def ask(client, request, role: str, name: str, kwargs=None, *, post=None, files=None) -> int:
    """The status ``role`` gets for the URL ``name`` under their own agency's address (a
    POST when ``post`` is given)."""
    user, agency = (request.getfixturevalue(fixture) for fixture in CAST[role])
    client.force_login(user)
    url = reverse(name, kwargs={"agency_slug": agency.slug, **(kwargs or {})})
    if post is None:
        return client.get(url).status_code
    return client.post(url, {**post, **(files or {})}).status_code


def expected(statuses, role: str) -> int:
    """The status of ``role`` in a matrix row (one status per role, in ROLES' order)."""
    return dict(zip(ROLES, statuses, strict=True))[role]
