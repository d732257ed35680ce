"""The interface language: Indonesian first, English only when the user chose it."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language code for a request: the one the user chose with the language switch
    (Django's set_language stores it in the LANGUAGE_COOKIE_NAME cookie) when it is one
    of settings.LANGUAGES, else settings.LANGUAGE_CODE ("id"). The browser's
    Accept-Language is never read: the product is Indonesian first (issue 16)."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's language: activates
    chosen_language(request). The response handling (Content-Language) is Django's."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
