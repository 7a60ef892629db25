"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, in a thread.

It keeps every message it accepted, as the raw bytes the client sent, so a test parses
what a mail program would get (`email` package). It can refuse recipients (any reply,
a 5xx for "no such user", a 4xx for "try later") and be stopped and started again on the
same port, so the client meets a closed port: the mail server is down.

    sink = SmtpSink().start()
    settings.MAILERS = sink.mailers()
    ...
    sink.stop()           # connection refused from now on
    sink.start()          # back, same port

The root conftest has it as the `smtp_server` fixture, with MAILERS pointed at it.
"""

from __future__ import annotations

import email
import email.policy
import threading
from dataclasses import dataclass
from email.message import EmailMessage

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message the server accepted: the envelope and the raw data."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        """The message parsed as a mail program stores it (lines end with LF, not the
        CRLF of the wire)."""
        return email.message_from_bytes(self.data.replace(b"\r\n", b"\n"), policy=email.policy.default)

    @property
    def header_lines(self) -> list[bytes]:
        """The raw header section, one entry per physical line (folded lines included)."""
        head, _, _ = self.data.partition(b"\r\n\r\n")
        return head.split(b"\r\n")


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.sink.refused.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        received = Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content))
        with self.sink._lock:
            self.sink._received.append(received)
        return "250 Message accepted for delivery"


class _Controller(Controller):
    """aiosmtpd's threaded controller, listening on a port the system picks (port 0)
    the first time, then on that same port when started again."""

    def _create_server(self):
        async def create():
            server = await self.loop.create_server(self._factory_invoker, host=self.hostname, port=self.port)
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


class SmtpSink:
    def __init__(self) -> None:
        self.port = 0
        self.refused: dict[str, str] = {}
        self._received: list[Received] = []
        self._lock = threading.Lock()
        self._controller: _Controller | None = None

    def start(self) -> SmtpSink:
        if self._controller is None:
            controller = _Controller(_Handler(self), hostname=HOST, port=self.port, server_hostname="sink.test")
            controller.start()
            self.port = controller.port
            self._controller = controller
        return self

    def stop(self) -> None:
        """The server goes away: connecting is refused until `start()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user here") -> None:
        """Answer RCPT TO for this address with `reply` (5xx: never; 4xx: later)."""
        self.refused[address.lower()] = reply

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def mailers(self, timeout: float = 5) -> dict:
        """A MAILERS setting that sends to this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": HOST, "port": self.port, "timeout": timeout},
            }
        }
