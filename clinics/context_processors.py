"""What every page's shell needs: the current agency, the person's other agencies and the
clinic whose menu the page shows."""

from django.utils.functional import SimpleLazyObject

from clinics.selectors import membership_list_for_user

# The clinic a person last opened (a cookie, so that no page pays a session write): its
# menu stays on pages outside any clinic ("My sessions", the catalogue, another agency's
# open clinic). Set by clinics.tenancy; only a clinic the person belongs to is used.
LAST_CLINIC_COOKIE = "klikbaik_clinic"


def _menu_membership(request, memberships):
    if getattr(request, "membership", None) is not None:
        return request.membership
    if not request.user.is_authenticated or not memberships:
        return None
    last = request.COOKIES.get(LAST_CLINIC_COOKIE)
    return next((m for m in memberships if m.agency.slug == last), memberships[0])


def tenant(request):
    # Lazy: pages that do not show the switcher or the menu (e-mails, errors) pay no query.
    memberships = SimpleLazyObject(lambda: membership_list_for_user(request.user))
    return {
        "agency": getattr(request, "agency", None),
        "membership": getattr(request, "membership", None),
        "my_memberships": memberships,
        "menu_membership": SimpleLazyObject(lambda: _menu_membership(request, memberships)),
    }
