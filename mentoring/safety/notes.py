"""Mentors' private session notes: visible to the author only, unless shared with coordinators."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match
from mentoring.safety.models import SessionNote

MAX_NOTE = 4000


def notes_of(mentor: User, match: Match) -> list[SessionNote]:
    return list(db.session.scalars(
        db.select(SessionNote).where(SessionNote.match_id == match.id,
                                     SessionNote.author_id == mentor.id)
        .order_by(SessionNote.created_at.desc())))


def shared_notes(match: Match) -> list[SessionNote]:
    return list(db.session.scalars(
        db.select(SessionNote).where(SessionNote.match_id == match.id,
                                     SessionNote.shared_at.is_not(None))
        .order_by(SessionNote.created_at.desc())))


def add_note(mentor: User, match: Match, text: str, now: datetime) -> SessionNote:
    if match.mentor_id != mentor.id:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    text = (text or "").strip()
    if not text or len(text) > MAX_NOTE:
        raise DomainError(_("A note needs between 1 and 4,000 characters."))
    note = SessionNote(match_id=match.id, author_id=mentor.id, text=text, created_at=now)
    db.session.add(note)
    db.session.flush()
    return note


def share_note(mentor: User, note_id: int, now: datetime) -> SessionNote:
    """Show one note to the coordinators (it cannot be un-shared: they may have read it)."""
    note = db.session.get(SessionNote, note_id)
    if note is None or note.author_id != mentor.id:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if note.shared_at is not None:
        raise Conflict(_("This note is already shared."))
    note.shared_at = now
    record(actor=mentor, action="note_shared", subject_type="match", subject_id=note.match_id,
           now=now)
    db.session.flush()
    return note
