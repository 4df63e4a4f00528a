"""A match's shared goals: the mentee sets up to five, the mentor suggests, both add notes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, or_, select
from sqlalchemy.orm import selectinload

from mentoring.accounts.models import User
from mentoring.agreements.models import Goal, GoalDecision, GoalNote, GoalStatus
from mentoring.errors import Conflict, DomainError, NotAllowed, NotFound
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.pairing.models import Match, MatchStatus

MAX_GOALS = 5
MAX_TITLE = 200
MAX_NOTE = 2000


def goals_of(match: Match) -> list[Goal]:
    """Every goal of the match (suggestions too), oldest first, with notes and authors."""
    return list(db.session.scalars(
        select(Goal).where(Goal.match_id == match.id)
        .options(selectinload(Goal.notes).selectinload(GoalNote.author), selectinload(Goal.author))
        .order_by(Goal.created_at, Goal.id)))


def goal_for(user: User, goal_id: int) -> Goal:
    """The goal, if the user is one of its match's two people; 404 otherwise."""
    goal = db.session.get(Goal, goal_id)
    match = db.session.get(Match, goal.match_id) if goal else None
    if goal is None or match is None or not match.involves(user):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return goal


def _open_match(user: User, match: Match) -> None:
    if not match.involves(user):
        raise NotAllowed(_("Only the mentee and the mentor of this match work on its goals."))
    if match.status is not MatchStatus.ACTIVE:
        raise Conflict(_("Goals can be changed only while the match is active."))


def _title(text: str) -> str:
    title = " ".join((text or "").split())
    if not title:
        raise DomainError(_("Write the goal in a few words."))
    if len(title) > MAX_TITLE:
        raise DomainError(_("Keep the goal under 200 characters; details go in the notes."))
    return title


def _check_room(match: Match) -> None:
    counted = sum(1 for goal in goals_of(match) if goal.counts_toward_limit)
    if counted >= MAX_GOALS:
        raise Conflict(ngettext(
            "You already have %(num)d goal: set one aside or mark it reached before adding "
            "another.",
            "You already have %(num)d goals: set one aside or mark it reached before adding "
            "another.", counted))


def add_goal(mentee: User, match: Match, text: str, now: datetime) -> Goal:
    """The mentee adds one of their own goals (accepted at once, counted toward five)."""
    _open_match(mentee, match)
    if mentee.id != match.mentee_id:
        raise NotAllowed(_("The mentee sets the goals; you can suggest one."))
    title = _title(text)
    _check_room(match)
    goal = Goal(match_id=match.id, mentee_id=match.mentee_id, author_id=mentee.id, title=title,
                decision=GoalDecision.ACCEPTED, status=GoalStatus.NOT_STARTED, created_at=now,
                decided_at=now, updated_at=now)
    db.session.add(goal)
    db.session.flush()
    return goal


def suggest_goal(mentor: User, match: Match, text: str, now: datetime) -> Goal:
    """The mentor suggests a goal; it waits for the mentee, who is told by e-mail (ids only)."""
    _open_match(mentor, match)
    if mentor.id != match.mentor_id:
        raise NotAllowed(_("Only the mentor suggests goals; the mentee adds them directly."))
    goal = Goal(match_id=match.id, mentee_id=match.mentee_id, author_id=mentor.id,
                title=_title(text), decision=GoalDecision.SUGGESTED, created_at=now,
                status=GoalStatus.NOT_STARTED, updated_at=now)
    db.session.add(goal)
    db.session.flush()
    notify(match.mentee, "goal_suggested", now, match_id=match.id, goal_id=goal.id)
    return goal


def decide_suggestion(mentee: User, goal: Goal, accept: bool, now: datetime) -> Goal:
    """The mentee accepts (if there is room) or declines the mentor's suggestion."""
    match = db.session.get(Match, goal.match_id)
    assert match is not None
    _open_match(mentee, match)
    if mentee.id != match.mentee_id:
        raise NotAllowed(_("Only the mentee decides on a suggested goal."))
    if not goal.is_suggestion:
        raise Conflict(_("This suggestion has already been answered."))
    if accept:
        _check_room(match)
    goal.decision = GoalDecision.ACCEPTED if accept else GoalDecision.DECLINED
    goal.decided_at = goal.updated_at = now
    db.session.flush()
    return goal


def set_status(mentee: User, goal: Goal, status: GoalStatus, now: datetime) -> Goal:
    """The mentee moves an accepted goal along (a set-aside goal returns only if there is room)."""
    match = db.session.get(Match, goal.match_id)
    assert match is not None
    _open_match(mentee, match)
    if mentee.id != match.mentee_id:
        raise NotAllowed(_("The mentee decides where a goal stands."))
    if not goal.is_accepted:
        raise Conflict(_("Only an accepted goal has a status."))
    if goal.status is GoalStatus.SET_ASIDE and status is not GoalStatus.SET_ASIDE:
        _check_room(match)
    goal.status = status
    goal.updated_at = now
    db.session.flush()
    return goal


def add_note(user: User, goal: Goal, text: str, now: datetime) -> GoalNote:
    """A dated progress note by either person; the other is told by e-mail (ids only)."""
    match = db.session.get(Match, goal.match_id)
    assert match is not None
    _open_match(user, match)
    if not goal.is_accepted:
        raise Conflict(_("Notes go on accepted goals."))
    body = (text or "").strip()
    if not body:
        raise DomainError(_("Write a few words for the note."))
    if len(body) > MAX_NOTE:
        raise DomainError(_("Keep the note under 2000 characters."))
    note = GoalNote(goal_id=goal.id, author_id=user.id, text=body, created_at=now)
    db.session.add(note)
    goal.updated_at = now
    db.session.flush()
    notify(match.other_party(user), "goal_note_added", now, match_id=match.id, goal_id=goal.id)
    return note


def erase_goals_of(user: User) -> None:
    """Erasure: the goals about the person or written by them go, with every note on them, and
    the notes they wrote on the other person's goals (their words)."""
    theirs = select(Goal.id).where(or_(Goal.mentee_id == user.id, Goal.author_id == user.id))
    db.session.execute(delete(GoalNote).where(
        or_(GoalNote.goal_id.in_(theirs), GoalNote.author_id == user.id)))
    db.session.execute(delete(Goal).where(or_(Goal.mentee_id == user.id,
                                              Goal.author_id == user.id)))
