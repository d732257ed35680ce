"""No input gives a 500: every URL pattern × GET and POST × every role, with hostile
parameters, on whichever database the run uses (CI runs SQLite and PostgreSQL).

The URLs, their fillings and the users are the authorisation matrix's
(tests/test_authorisation_matrix.py), so a new URL is fuzzed as soon as it has its row
there. Each request carries every parameter name the code reads (found in the source,
so a new one joins by itself) and every field of the forms the page itself offers,
filled with one family of hostile values: control characters, very long text, numbers
out of every range, markup and addresses of other sites. Each route is its own test in
a rolled-back savepoint, so a POST that succeeds (a logout, an admin delete) changes
nothing for the next.

The assertion is the issue's: 0 × 500. A refusal is any answer below 500.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.test_authorisation_matrix import (  # noqa: F401 (world is a fixture)
    EXPECTED,
    ROLES,
    fill,
    world,
)

ROOT = Path(__file__).resolve().parents[1]
APPS = ("actions", "dashboard", "mcp_dashboard", "pagecache", "scores", "skpd")
READ_PARAMETER = re.compile(
    r"""\b(?:GET|POST|data|source|query)\.get(?:list)?\(\s*f?"([A-Za-z_][\w.-]*)"""
)

HOSTILE: dict[str, list[str]] = {
    "control": ["\x00", "a\x00b", "\x1b[31m", "\x7f"],
    "long": ["9" * 400, "é" * 300, "x" * 5000],
    "numbers": ["-1", "0", "99999999999999999999999", "1e999", "NaN", "-Infinity", "𝟖𝟒"],
    "markup": ["<script>alert(1)</script>", "//evil.example/", "x", "../../etc/passwd", " "],
}


def parameter_names() -> list[str]:
    """Every query or form parameter the apps read by name (f-string prefixes too)."""
    names = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            names.update(READ_PARAMETER.findall(path.read_text()))
    return sorted(names | {"next", "q", "id", "pk", "area", "status", "owner", "unit", "year"})


class FormFields(HTMLParser):
    """The names of the inputs, selects and textareas of a page's POST forms."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.in_post_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.in_post_form = (attributes.get("method") or "").lower() == "post"
        elif tag in ("input", "select", "textarea") and self.in_post_form:
            name = attributes.get("name")
            if name and name != "csrfmiddlewaretoken" and attributes.get("type") != "file":
                self.names.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


def form_fields(response) -> set[str]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    parser = FormFields()
    parser.feed(response.content.decode("utf-8", "replace"))
    return parser.names


def cases():
    for route, route_cases in EXPECTED.items():
        for case in route_cases:
            yield pytest.param(route, case, id=f"{route} {case.variant}".strip())


def client_for(world, role: str) -> Client:  # noqa: F811
    client = Client(raise_request_exception=True)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def attempt(client: Client, method: str, path: str, data: dict) -> str | None:
    """None when the answer is below 500, else what went wrong."""
    try:
        response = client.get(path, data) if method == "GET" else client.post(path, data)
    except Exception as error:  # the test client re-raises what the view raised
        return f"{method} {path} {sorted(data)[:6]}…: {type(error).__name__}: {error}"[:400]
    if response.status_code >= 500:
        return f"{method} {path}: {response.status_code}"
    return None


@pytest.mark.parametrize(("route", "case"), cases())
def test_no_input_gives_a_500(world, db, route, case):  # noqa: F811
    path = fill(route, case.params(world.ids))
    names = parameter_names()
    failures = []
    for role in ROLES:
        client = client_for(world, role)
        fields = form_fields(client.get(path))
        for family, values in HOSTILE.items():
            for method in ("GET", "POST"):
                for offset in range(min(len(values), 2)):
                    # Each name gets a different value of the family, rotating per request.
                    all_names = sorted(set(names) | fields)
                    data = {
                        name: values[(position + offset) % len(values)]
                        for position, name in enumerate(all_names)
                    }
                    failure = attempt(client, method, path, data)
                    if failure:
                        failures.append(f"{role}, {family}: {failure}")
                    if method == "POST" and route.startswith("accounts/logout"):
                        client = client_for(world, role)
    assert not failures, "\n".join(failures[:20])
