"""Checks at the edge, for every request and response, whatever view answers.

- `RefuseUnstorableCharacters`: a parameter holding a NUL character (PostgreSQL
  refuses it in any text and any lookup, SQLite stores it) is refused with 400 and a
  message before any view reads it, so no lookup or write ever sees one. Other control
  characters are storable, and text pasted from a word processor carries some (a
  vertical tab for a manual line break), so they pass.
- `PrivateCaching`: a page for a logged-in user may be kept by their own browser only
  (`private`); a file (any attachment: exports, evidence, templates) not even there
  (`no-store`).
- `same_site_path`: where a `next` parameter may send the browser.
"""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils.cache import patch_cache_control

NUL = "\x00"


def has_unstorable(texts: Iterable[str]) -> bool:
    return any(NUL in text for text in texts)


def parameter_texts(request: HttpRequest) -> Iterable[str]:
    """The path, and every key and value of the query and of a form post (not files)."""
    yield request.path
    queries = (request.GET, request.POST) if request.method == "POST" else (request.GET,)
    for query in queries:
        for key, values in query.lists():
            yield key
            yield from values


class RefuseUnstorableCharacters:
    """400 with the 400.html page for any request carrying a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_unstorable(parameter_texts(request)):
            return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
        return self.get_response(request)


class PrivateCaching:
    """Cache-Control for pages of logged-in users and for every file."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_file = response.get("Content-Disposition", "").startswith("attachment")
        user = getattr(request, "user", None)
        if is_file:
            patch_cache_control(response, private=True, no_store=True)
        elif user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response


def same_site_path(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/entry/?year=2023"), else None.

    Only a single leading slash qualifies: "//host/" and "/\\host/" name another host
    to a browser, "x" would be read by django.shortcuts.redirect as a URL name, and a
    scheme ("https:…", "javascript:…") leaves the site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch.isspace() or not ch.isprintable() for ch in target):
        return None
    return target
