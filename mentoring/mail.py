"""The one function that sends e-mail: SMTP when configured, else a folder of .eml files."""

from __future__ import annotations

import logging
import smtplib
import time
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from flask import current_app

from mentoring.clock import now_utc

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str
    params: dict[str, str] | None = None


def send_email(
    to: str, subject: str, text: str, html: str | None = None, attachments: tuple = (),
    message_id: str | None = None,
) -> EmailMessage:
    """Build and deliver one message; call it only after the transaction has committed."""
    message = _build(to, subject, text, html, attachments, message_id)
    if current_app.config.get("MAIL_SERVER"):
        _deliver_smtp(message)
    else:
        _write_outbox(message)
    return message


def _build(to, subject, text, html, attachments, message_id=None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_FROM"]
    message["To"] = to
    # Subjects never hold line breaks: EmailMessage refuses them, which blocks header injection.
    message["Subject"] = subject
    message["Date"] = format_datetime(now_utc())
    message["Message-ID"] = message_id or make_msgid(domain="mentoring.local")
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
