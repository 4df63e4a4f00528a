"""What coordinators may do with a conversation: open it during a concern, decide held messages.

Coordinators do not read conversations. The one exception is an open concern about the match:
then a coordinator may open it with a written reason; every opening is a ConversationAccess row
and an audit row, and both people see on their page that it happened, when and why.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.conversations.models import ConversationAccess, HeldMessage
from mentoring.conversations.services import deliver
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotAllowed, NotFound
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.pairing.models import Match
from mentoring.safety.models import Concern

MAX_REASON = 1000


def open_concern_about(match: Match) -> Concern | None:
    return db.session.scalar(db.select(Concern).where(
        Concern.match_id == match.id, Concern.resolved_at.is_(None)).order_by(Concern.id))


def match_for_oversight(match_id: int) -> Match:
    match = db.session.get(Match, match_id)
    if match is None or match.activated_at is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return match


def open_conversation(coordinator: User, match: Match, reason: str | None,
                      now: datetime) -> ConversationAccess:
    """Record one opening; refused without an open concern about the match or a reason."""
    concern = open_concern_about(match)
    if concern is None:
        raise NotAllowed(_("A coordinator may open a conversation only while a concern about "
                           "this match is open."))
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise DomainError(_("Write why you need to read this conversation (up to 1,000 "
                            "characters): both people will see it."))
    access = ConversationAccess(match_id=match.id, coordinator_id=coordinator.id,
                                concern_id=concern.id, reason=reason, opened_at=now)
    db.session.add(access)
    db.session.flush()
    record(actor=coordinator, action="conversation_opened", subject_type="match",
           subject_id=match.id, now=now, reason=f"concern {concern.id}: {reason}")
    for person in (match.mentee, match.mentor):
        notify(person, "conversation_opened", now, topic=f"access:{access.id}",
               match_id=match.id)
    return access


def openings_of(match: Match) -> list[ConversationAccess]:
    """Every time a coordinator opened this conversation, oldest first (shown to both people)."""
    return list(db.session.scalars(db.select(ConversationAccess).where(
        ConversationAccess.match_id == match.id).order_by(ConversationAccess.id)))


def waiting_held_messages() -> list[HeldMessage]:
    return list(db.session.scalars(db.select(HeldMessage).where(HeldMessage.decided_at.is_(None))
                                   .order_by(HeldMessage.id)))


def held_for_review(coordinator: User, held_id: int, now: datetime) -> HeldMessage:
    """A held message opened by a coordinator to decide: the reading is audited."""
    held = db.session.get(HeldMessage, held_id)
    if held is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if held.is_waiting:
        record(actor=coordinator, action="viewed_held_message", subject_type="match",
               subject_id=held.match_id, now=now)
    return held


def decide_held(coordinator: User, held_id: int, release: bool, now: datetime) -> HeldMessage:
    """Pass a held message on (it is delivered now) or not (the writer is told; text erased)."""
    held = db.session.get(HeldMessage, held_id)
    if held is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if not held.is_waiting:
        raise Conflict(_("Another coordinator has already decided about this message."))
    match = db.session.get(Match, held.match_id)
    assert match is not None  # a held message belongs to a match (foreign key)
    if release and not match.is_active:
        raise Conflict(_("This match has ended: the message can no longer be passed on."))
    held.decided_at, held.decided_by_id = now, coordinator.id
    held.decision = "released" if release else "declined"
    if release:
        author = db.session.get(User, held.author_id)
        assert author is not None  # erasure deletes held messages with their writer
        held.message_id = deliver(author, match, held.body, now).id
    held.body = ""
    record(actor=coordinator, action=f"held_message_{held.decision}", subject_type="match",
           subject_id=match.id, now=now, to_status=held.decision)
    db.session.flush()
    return held
