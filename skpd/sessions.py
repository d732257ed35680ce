import time
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

TOUCHED_KEY = "_touched"
# How stale the stored expiry may get: saving the session on every request would
# add a database write to every page view for a precision nobody needs.
TOUCH_INTERVAL_SECONDS = 5 * 60


def mark_session_touched(sender, request: HttpRequest, user, **kwargs) -> None:
    """Logging in saves the session anyway: stamp it then, not on the next page."""
    request.session[TOUCHED_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Keep a logged-in session alive for SESSION_COOKIE_AGE after its last request
    (8 hours of inactivity), renewing the stored expiry at most every few minutes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(TOUCHED_KEY, 0) >= TOUCH_INTERVAL_SECONDS:
                session[TOUCHED_KEY] = now  # marks the session modified: saved, cookie renewed
        return response
