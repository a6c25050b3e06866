"""What every page's shell needs: the current agency and the person's other agencies."""

from django.utils.functional import SimpleLazyObject

from clinics.selectors import membership_list_for_user


def tenant(request):
    return {
        "agency": getattr(request, "agency", None),
        "membership": getattr(request, "membership", None),
        # Lazy: pages that do not show the switcher (e-mails, errors) pay no query.
        "my_memberships": SimpleLazyObject(lambda: membership_list_for_user(request.user)),
    }
