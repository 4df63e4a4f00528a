"""A conversation as a record: reported, downloaded, erased with an account, swept after closing.

`conversation_export` is the one piece the data download calls (kept apart so that the download
format can change around it); `erase_messages_of` is the one piece erasure calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, exists, or_, select, update

from mentoring.accounts.models import User
from mentoring.conversations.models import (
    ConversationAccess,
    ConversationRead,
    HeldMessage,
    Message,
    RiskFlag,
)
from mentoring.core.audit import record
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus
from mentoring.safety.concerns import raise_concern
from mentoring.safety.models import Concern, ConcernCategory

REMOVED = "message removed"  # in the download; pages show the translated words


def message_for_report(reporter: User, match: Match, message_id: int) -> Message:
    message = db.session.get(Message, message_id)
    if message is None or message.match_id != match.id or message.is_removed:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return message


def report_message(reporter: User, match: Match, message: Message, category: ConcernCategory,
                   text: str | None, now: datetime) -> Concern:
    """A concern with this one message attached: coordinators see it on the concern."""
    concern = raise_concern(reporter, category, text, now, match=match, source="message")
    concern.message_id = message.id
    db.session.flush()
    return concern


def conversation_export(user: User) -> list[dict]:
    """The person's conversations for their data download: every message they can read."""
    matches = db.session.scalars(select(Match).where(
        or_(Match.mentee_id == user.id, Match.mentor_id == user.id),
        Match.activated_at.is_not(None)).order_by(Match.id))
    exported = []
    for match in matches:
        messages = db.session.scalars(select(Message).where(Message.match_id == match.id)
                                      .order_by(Message.id))
        exported.append({
            "match_id": match.id,
            "with": match.other_party(user).pseudonym,
            "messages": [{"id": m.id, "at": m.created_at.isoformat(),
                          "from": "me" if m.author_id == user.id else "them",
                          "text": REMOVED if m.is_removed else m.body} for m in messages],
            "coordinator_openings": [
                {"at": a.opened_at.isoformat(), "reason": a.reason}
                for a in db.session.scalars(select(ConversationAccess).where(
                    ConversationAccess.match_id == match.id).order_by(ConversationAccess.id))],
            "safety_prompts": [
                {"at": f.created_at.isoformat(), "category": f.category.value}
                for f in db.session.scalars(select(RiskFlag).where(RiskFlag.match_id == match.id)
                                            .order_by(RiskFlag.id))],
        })
    return exported


def erase_messages_of(user: User, now: datetime) -> None:
    """Erasure: the person's messages become "message removed" for the other person."""
    db.session.execute(update(Message).where(Message.author_id == user.id)
                       .values(body="", removed_at=now))
    db.session.execute(update(HeldMessage).where(HeldMessage.author_id == user.id)
                       .values(body=""))


def _open_concern(match_id):
    return exists().where(Concern.match_id == match_id, Concern.resolved_at.is_(None))


def sweep_closed_conversations(now: datetime, months: int) -> int:
    """Erase the conversations of matches closed `months` ago, except while a concern is open."""
    cutoff = now - timedelta(days=30 * months)
    due = db.session.scalars(select(Match.id).where(
        Match.status == MatchStatus.CLOSED, Match.ended_at <= cutoff,
        ~_open_concern(Match.id),
        or_(exists().where(Message.match_id == Match.id),
            exists().where(HeldMessage.match_id == Match.id)))).all()
    for match_id in due:
        messages = select(Message.id).where(Message.match_id == match_id)
        db.session.execute(update(Concern).where(Concern.message_id.in_(messages))
                           .values(message_id=None))
        db.session.execute(update(HeldMessage).where(HeldMessage.match_id == match_id)
                           .values(message_id=None))
        db.session.execute(delete(HeldMessage).where(HeldMessage.match_id == match_id))
        db.session.execute(delete(Message).where(Message.match_id == match_id))
        db.session.execute(delete(ConversationRead).where(ConversationRead.match_id == match_id))
        record(actor=None, action="conversation_erased", subject_type="match",
               subject_id=match_id, now=now, reason=f"closed over {months} months ago")
    db.session.flush()
    return len(due)
