"""A real SMTP server (aiosmtpd) on the loopback address, started and stopped by the tests."""
import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.test import override_settings


class Collector:
    """The server's handler: keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default_policy)
        html = message.get_body(("html",))
        self.messages.append({"to": list(envelope.rcpt_tos), "subject": str(message["subject"]),
                              "body": message.get_body(("plain",)).get_content(),
                              "html": html.get_content() if html is not None else "",
                              "types": [part.get_content_type() for part in message.walk()]})
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.collector = Collector()
        self.controller = None

    @property
    def messages(self):
        return self.collector.messages

    def to(self, address):
        return [m for m in self.messages if address in m["to"]]

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server():
    """A running SMTP server that Django's SMTP backend sends to; `.stop()`/`.start()` take it down
    and bring it back on the same port."""
    server = SmtpServer()
    server.start()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=server.port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="",
                           EMAIL_HOST_PASSWORD="", EMAIL_TIMEOUT=5):
        yield server
    server.stop()
