"""Which language a page is in: Bahasa Indonesia, unless the person chose English.

The browser's ``Accept-Language`` is ignored on purpose: most Chromium installs, and many
laptops in Indonesian offices, send ``en-US``, and the portal's people read Indonesian
first. A signed-in person's choice is kept on their profile (``User.language``, set by
the header's switch, so it follows them to another device); before signing in, the
switch's cookie decides. Nothing chosen means Indonesian (``settings.LANGUAGE_CODE``).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

AVAILABLE = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in AVAILABLE:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in AVAILABLE else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the person's language for the request (in place of Django's
    LocaleMiddleware, which would follow the browser). Runs after authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
