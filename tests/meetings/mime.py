"""Reads an e-mailed invite the way a mail client does: the stdlib parser, then the MIME tree."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

import icalendar


def reparse(message: EmailMessage) -> EmailMessage:
    """The message as a recipient gets it: its bytes through the standard library parser."""
    return email.message_from_bytes(bytes(message), policy=email.policy.default)


def tree(message: EmailMessage) -> list:
    """[content type, children...] of every part, e.g. the shape Outlook and Gmail expect."""
    if message.is_multipart():
        return [message.get_content_type(), *(tree(part) for part in message.iter_parts())]
    return message.get_content_type()


INVITE_TREE = ["multipart/mixed",
               ["multipart/alternative", "text/plain", "text/html", "text/calendar"],
               "application/ics"]


def invite_of(message: EmailMessage) -> tuple[str, icalendar.Calendar]:
    """Check the invite's MIME tree and encodings; return its method and the parsed calendar."""
    message = reparse(message)
    assert tree(message) == INVITE_TREE
    alternative, copy = message.iter_parts()
    plain, html, inline = alternative.iter_parts()
    for part in (plain, html):
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
    method = inline.get_param("method")
    assert inline.get_content_charset() == "utf-8"
    assert inline["Content-Transfer-Encoding"] == "base64"
    assert inline.get_content_disposition() is None  # inline, not a file to open
    assert copy.get_content_disposition() == "attachment"
    assert copy.get_filename().endswith(".ics")
    raw = inline.get_payload(decode=True)
    assert copy.get_payload(decode=True) == raw
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)  # CRLF, folded
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["METHOD"]) == method
    return method, calendar
