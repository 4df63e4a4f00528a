"""A local SMTP server (aiosmtpd) that records every message and can hold one, like a hang."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RecordingHandler:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.hold_message_number: int | None = None  # 1-based; that message's DATA never ends
        self.holding = threading.Event()
        self.refuse_with: list[str] = []  # replies given, one per message, before accepting

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_with:
            return self.refuse_with.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        if len(self.messages) == self.hold_message_number:
            self.holding.set()
            await asyncio.sleep(60)
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return [message["To"] for message in self.messages]


def start_smtp() -> tuple[Controller, RecordingHandler]:
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler
