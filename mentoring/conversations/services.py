"""Writing, reading and paging a match's conversation. Services take the actor and `now`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.accounts.queries import coordinators
from mentoring.conversations import contacts, notices, risk
from mentoring.conversations.models import ConversationRead, HeldMessage, Message, RiskCategory
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.pairing.models import Match, MatchStatus

MAX_BODY = 4000
PAGE = 50
RATE_LIMIT = 30  # messages per person per minute (MENTORING_MESSAGE_RATE_LIMIT)
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


@dataclass
class Sent:
    """What happened to a message: delivered, held for a coordinator, or refused (contacts)."""

    message: Message | None = None
    held: HeldMessage | None = None
    refused_kinds: list[str] = field(default_factory=list)
    reminder_kinds: list[str] = field(default_factory=list)
    risks: list[RiskCategory] = field(default_factory=list)


def conversation_for(user: User, match_id: int) -> Match:
    """The match whose conversation this person may read: only the two people in it."""
    match = db.session.get(Match, match_id)
    if match is None or not match.involves(user) or match.status not in (
            MatchStatus.ACTIVE, MatchStatus.CLOSED):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return match


def clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Please write something before sending."))
    if len(body) > MAX_BODY:
        raise DomainError(_("Please keep your message under 4,000 characters."))
    if any(unicodedata.category(c) == "Cc" and c not in _ALLOWED_CONTROLS for c in body):
        raise DomainError(_("Your message contains invisible control characters; "
                            "please remove them and send again."))
    return body


def send_message(author: User, match: Match, body: str | None, now: datetime) -> Sent:
    """Check, scan and store a message; risk phrases flag it, contact details may hold it."""
    if not match.involves(author):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if match.status is not MatchStatus.ACTIVE:
        raise Conflict(_("This match has ended: the conversation can be read but not added to."))
    body = clean_body(body)
    _check_rate(author, now)
    result = Sent(risks=risk.categories_in(body))
    risk.flag(match, result.risks, now)
    kinds = contacts.contact_kinds(body)
    if kinds and notices.match_has_minor(match):
        if current_app.config.get("CONTACTS_WITH_MINORS") == "refuse":
            result.refused_kinds = kinds
        else:
            result.held = _hold(author, match, body, kinds, now)
        return result
    if kinds and current_app.config.get("CONTACT_REMINDER", True):
        result.reminder_kinds = kinds
    result.message = deliver(author, match, body, now)
    return result


def _check_rate(author: User, now: datetime) -> None:
    limit = current_app.config.get("MESSAGE_RATE_LIMIT", RATE_LIMIT)
    recent = db.session.scalar(
        db.select(func.count(Message.id)).where(Message.author_id == author.id,
                                                Message.created_at > now - timedelta(minutes=1)))
    held = db.session.scalar(
        db.select(func.count(HeldMessage.id)).where(
            HeldMessage.author_id == author.id,
            HeldMessage.created_at > now - timedelta(minutes=1)))
    if recent + held >= limit:
        raise DomainError(_("You are sending messages very quickly; please wait a minute."))


def deliver(author: User, match: Match, body: str, now: datetime) -> Message:
    """Store a message for the other person and tell them, later, that it waits."""
    message = Message(match_id=match.id, author_id=author.id, body=body, created_at=now)
    db.session.add(message)
    db.session.flush()
    mark_read(author, match, message.id, now)
    other = match.other_party(author)
    notices.schedule_notice(other, match, _read_row(other, match), now)
    return message


def _hold(author: User, match: Match, body: str, kinds: list[str], now: datetime) -> HeldMessage:
    held = HeldMessage(match_id=match.id, author_id=author.id, body=body, kinds=",".join(kinds),
                       created_at=now)
    db.session.add(held)
    db.session.flush()
    for coordinator in coordinators():
        notify(coordinator, "message_held", now, topic=f"held:{held.id}", held_id=held.id)
    return held


def waiting_held(author: User, match: Match) -> list[HeldMessage]:
    """The writer's own messages held for a coordinator, or decided since, newest last."""
    return list(db.session.scalars(db.select(HeldMessage).where(
        HeldMessage.match_id == match.id, HeldMessage.author_id == author.id,
        HeldMessage.message_id.is_(None)).order_by(HeldMessage.id)))


def page(match: Match, before_id: int | None = None, limit: int = PAGE) -> list[Message]:
    """The `limit` messages before `before_id` (or the newest), oldest first."""
    query = db.select(Message).where(Message.match_id == match.id)
    if before_id:
        query = query.where(Message.id < before_id)
    rows = list(db.session.scalars(query.order_by(Message.id.desc()).limit(limit)))
    rows.reverse()
    return rows


def newer_than(match: Match, after_id: int, limit: int = PAGE) -> list[Message]:
    return list(db.session.scalars(
        db.select(Message).where(Message.match_id == match.id, Message.id > after_id)
        .order_by(Message.id).limit(limit)))


def latest_id(match: Match) -> int:
    return db.session.scalar(
        db.select(func.coalesce(func.max(Message.id), 0)).where(Message.match_id == match.id))


def _read_row(user: User, match: Match) -> ConversationRead:
    row = db.session.scalar(db.select(ConversationRead).where(
        ConversationRead.match_id == match.id, ConversationRead.user_id == user.id))
    if row is None:
        row = ConversationRead(match_id=match.id, user_id=user.id, last_read_id=0)
        db.session.add(row)
    return row


def mark_read(user: User, match: Match, message_id: int, now: datetime) -> None:
    row = _read_row(user, match)
    if message_id > (row.last_read_id or 0):
        row.last_read_id = message_id
        notices.cancel_notice(row, now)
    db.session.flush()


def unread_count_query(user: User):
    """Messages from others, in this person's matches, after what they last read (a statement:
    the page header asks it together with the notifications' count).

    Driven from the person's matches, so that each thread is read as a range of its
    (match_id, id) index after the read mark: a long thread that was read costs nothing.
    """
    read = db.aliased(ConversationRead)
    return (db.select(func.count(Message.id))
            .select_from(Match)
            .outerjoin(read, (read.match_id == Match.id) & (read.user_id == user.id))
            .join(Message, (Message.match_id == Match.id)
                  & (Message.id > func.coalesce(read.last_read_id, 0)))
            .where((Match.mentee_id == user.id) | (Match.mentor_id == user.id),
                   Message.author_id != user.id))


def unread_count(user: User) -> int:
    """Messages from others, in this person's matches, after what they last read."""
    return db.session.scalar(unread_count_query(user)) or 0


def conversations_of(user: User) -> list[Match]:
    """The person's conversations, with both people loaded (the list names the other one)."""
    return list(db.session.scalars(
        db.select(Match).where((Match.mentee_id == user.id) | (Match.mentor_id == user.id),
                               Match.status.in_((MatchStatus.ACTIVE, MatchStatus.CLOSED)))
        .options(selectinload(Match.mentee), selectinload(Match.mentor))
        .order_by(Match.id.desc())))
