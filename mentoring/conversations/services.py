"""Writing, reading and paging a match's conversation. Services take the actor and `now`."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.conversations.models import ConversationRead, Message
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus

MAX_BODY = 4000
PAGE = 50
RATE_LIMIT = 30  # messages per person per minute
_ALLOWED_CONTROLS = {"\n", "\r", "\t"}


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


def send_message(author: User, match: Match, body: str | None, now: datetime) -> Message:
    if not match.involves(author):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if match.status is not MatchStatus.ACTIVE:
        raise Conflict(_("This match has ended: the conversation can be read but not added to."))
    body = clean_body(body)
    recent = db.session.scalar(
        db.select(func.count(Message.id)).where(Message.author_id == author.id,
                                                Message.created_at > now - timedelta(minutes=1)))
    if recent >= RATE_LIMIT:
        raise DomainError(_("You are sending messages very quickly; please wait a minute."))
    message = Message(match_id=match.id, author_id=author.id, body=body, created_at=now)
    db.session.add(message)
    db.session.flush()
    mark_read(author, match, message.id)
    return message


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


def mark_read(user: User, match: Match, message_id: int) -> None:
    row = db.session.scalar(db.select(ConversationRead).where(
        ConversationRead.match_id == match.id, ConversationRead.user_id == user.id))
    if row is None:
        row = ConversationRead(match_id=match.id, user_id=user.id, last_read_id=0)
        db.session.add(row)
    row.last_read_id = max(row.last_read_id or 0, message_id)
    db.session.flush()


def unread_count_query(user: User):
    """Messages from others, in this person's matches, after what they last read (a statement:
    the page header asks it together with the notifications' count)."""
    read = db.select(ConversationRead.last_read_id).where(
        ConversationRead.match_id == Message.match_id,
        ConversationRead.user_id == user.id).scalar_subquery()
    mine = db.select(Match.id).where((Match.mentee_id == user.id) | (Match.mentor_id == user.id))
    return db.select(func.count(Message.id)).where(
        Message.match_id.in_(mine), Message.author_id != user.id,
        Message.id > func.coalesce(read, 0))


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
