"""The one function that sends e-mail: SMTP when configured, else a folder of .eml files."""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, make_msgid
from html import escape as html_escape
from pathlib import Path

from flask import Response, copy_current_request_context, current_app

from mentoring.clock import now_utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: dict[str, str] | None = None


@dataclass(frozen=True)
class CalendarPart:
    """An iTIP message (RFC 6047): sent inline as an alternative and as an .ics copy."""

    method: str  # REQUEST or CANCEL
    content: bytes  # the VCALENDAR, CRLF lines folded at 75 octets by icalendar
    filename: str = "invite.ics"


def send_email(
    to: str, subject: str, text: str, html: str | None = None, attachments: tuple = (),
    calendar: CalendarPart | None = None, message_id: str | None = None,
) -> EmailMessage:
    """Build and deliver one message; call it only after the transaction has committed.

    `message_id` keeps one Message-ID across retries of the same notification."""
    if calendar is not None:
        message = _build_invite(to, subject, text, html or text_as_html(text), calendar)
    else:
        message = _build(to, subject, text, html, attachments)
    if message_id:
        message.replace_header("Message-ID", message_id)
    if current_app.config.get("MAIL_SERVER"):
        _deliver_smtp(message)
    else:
        _write_outbox(message)
    return message


def send_after_response(response: Response, send) -> Response:
    """Run `send()` (which e-mails) once the response has gone, when MAIL_AFTER_RESPONSE is on.

    For answers that must not tell whether an address is registered: the time an SMTP delivery
    takes would otherwise show who got a message. `send` must use plain values, no ORM rows.
    """
    if current_app.config.get("MAIL_AFTER_RESPONSE"):
        response.call_on_close(copy_current_request_context(send))
    else:
        send()
    return response


def _headers(to: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    # Subjects never hold line breaks: EmailMessage refuses them, which blocks header injection.
    message["Subject"] = subject
    message["Date"] = format_datetime(now_utc())
    message["Message-ID"] = make_msgid(domain="mentoring.local")
    return message


def _build(to, subject, text, html, attachments) -> EmailMessage:
    message = _headers(to, subject)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for item in attachments:
        message.add_attachment(
            item.content,
            maintype=item.maintype,
            subtype=item.subtype,
            filename=item.filename,
            params=item.params or {},
        )
    return message


def _text_part(body: str, subtype: str) -> MIMEPart:
    part = MIMEPart()
    # Quoted-printable keeps every line under 76 characters whatever the text, so no relay
    # rewraps or truncates it (RFC 5322 caps lines at 998 octets; 8bit is not always carried).
    part.set_content(body, subtype=subtype, charset="utf-8", cte="quoted-printable")
    return part


def _calendar_part(calendar: CalendarPart, maintype: str, subtype: str,
                   params: dict[str, str]) -> MIMEPart:
    part = MIMEPart()
    # Base64 carries the bytes exactly: the CRLF line ends and the folding of RFC 5545 3.1
    # survive relays that rewrap, re-encode or strip trailing spaces of text parts.
    part.set_content(calendar.content, maintype=maintype, subtype=subtype, cte="base64",
                     params=params)
    return part


def _build_invite(to: str, subject: str, text: str, html: str,
                  calendar: CalendarPart) -> EmailMessage:
    """multipart/mixed > (multipart/alternative > text, html, text/calendar) + application/ics.

    The structure Outlook (MS-OXCMAIL 2.1.3.3.8.1), Gmail and Apple Mail recognise as a
    meeting request or cancellation rather than a file to open.
    """
    message = _headers(to, subject)
    alternative = MIMEPart()
    alternative.make_alternative()
    alternative.attach(_text_part(text, "plain"))
    alternative.attach(_text_part(html, "html"))
    alternative.attach(_calendar_part(calendar, "text", "calendar",
                                      {"method": calendar.method, "charset": "utf-8"}))
    message.make_mixed()
    message.attach(alternative)  # type: ignore[arg-type]  # typeshed wants EmailMessage
    copy = _calendar_part(calendar, "application", "ics", {"name": calendar.filename})
    copy.add_header("Content-Disposition", "attachment", filename=calendar.filename)
    message.attach(copy)  # type: ignore[arg-type]
    return message


def text_as_html(text: str) -> str:
    """The plain body as a minimal HTML page: paragraphs, and links made clickable."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines = [_linked(line) for line in block.strip().splitlines()]
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n"
            + "\n".join(paragraphs) + "\n</body></html>\n")


def _linked(line: str) -> str:
    words = []
    for word in line.split(" "):
        escaped = html_escape(word)
        if word.startswith(("https://", "http://")):
            escaped = f'<a href="{escaped}">{escaped}</a>'
        words.append(escaped)
    return " ".join(words)


def _deliver_smtp(message: EmailMessage) -> None:
    config = current_app.config
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)
    log.info("mail sent by SMTP (message %s)", message["Message-ID"])


def outbox_dir() -> Path:
    configured = current_app.config.get("MAIL_OUTBOX")
    return Path(configured) if configured else Path(current_app.instance_path) / "outbox"


def _write_outbox(message: EmailMessage) -> None:
    folder = outbox_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Named by the real clock (not the app's, which tests can stop) so files sort in send order.
    name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.eml"
    (folder / name).write_bytes(bytes(message))
    # Only the file name is logged: subjects and bodies may hold personal details.
    log.info("mail written to outbox file %s", name)
