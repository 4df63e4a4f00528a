"""The registry of notification kinds: how each one is titled, linked and e-mailed.

Each feature registers the kinds it sends at import (see `mentoring/pairing/messages.py`);
`register_notification_kinds` in `mentoring/__init__.py` imports them all. A kind turns a
notification's params into a translated title, a link in the app, an e-mail body template and,
optionally, attachments and a calendar invite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentoring.mail import Attachment, CalendarPart


@dataclass(frozen=True)
class Kind:
    name: str
    title: Callable[[dict], str]  # translated in the recipient's locale by the caller
    link: Callable[[dict], str | None] = lambda params: None
    email_template: str = "email/notification.txt"
    attachments: Callable[[object], tuple[Attachment, ...]] = field(default=lambda n: ())
    # An iTIP invite or cancellation, sent inline and as an .ics copy (see mail.py).
    calendar: Callable[[object], CalendarPart | None] = field(default=lambda n: None)
    send_email: bool = True
    # At sending time: a later instant to wait for (e.g. a minor's quiet hours), or None.
    # (notification, now) -> a later instant to send at, or None to send now.
    defer: Callable[[Any, datetime], datetime | None] = field(default=lambda n, now: None)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def kind_of(name: str) -> Kind:
    return KINDS[name]
