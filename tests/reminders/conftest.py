import socket

import pytest
from aiosmtpd.controller import Controller

from tests.workbook.conftest import bpkad_record, catalogue_2025, evidence_root  # noqa: F401


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def to(self, address: str) -> list[str]:
        return [
            e.content.decode("utf-8", "replace") for e in self.envelopes if address in e.rcpt_tos
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost, and the settings that send through it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "inspektorat@test.invalid"
    settings.SITE_URL = "https://mcp.test.invalid/"
    yield inbox
    controller.stop()
