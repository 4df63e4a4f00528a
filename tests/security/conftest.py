"""A small world owned by other people, and helpers to prove a refused request wrote nothing.

`world` holds two active matches: the owners' (mentee, mentor, a booked series, a concern, a
private note, an availability slot) and the strangers', who are participants too but not party
to anything of the owners'. A coordinator and the tag taxonomy complete it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from mentoring.accounts.models import User
from mentoring.agreements.goals import add_goal
from mentoring.api.models import Scope
from mentoring.api.tokens import create_token
from mentoring.conversations.models import HeldMessage, Message, RiskCategory, RiskFlag
from mentoring.meetings.feeds import feed_token, regenerate_feed
from mentoring.meetings.models import MeetingSeries
from mentoring.profiles.models import AvailabilityInterval
from mentoring.safety.concerns import raise_concern
from mentoring.safety.models import ConcernCategory
from mentoring.safety.notes import add_note
from mentoring.support.models import ContactChannel, ContactWith, SupportContact
from tests.conftest import FIXED_NOW
from tests.factories import utc


@pytest.fixture(autouse=True)
def _sqlite_without_fsync(db):
    """This suite commits a whole world per test: on SQLite, skip the disk syncs (speed only)."""
    if db.engine.dialect.name == "sqlite":
        db.engine.dispose()
        event.listen(db.engine, "connect",
                     lambda conn, _: conn.execute("PRAGMA synchronous = OFF"))


@dataclass
class World:
    people: dict[str, User]
    ids: dict[str, int | str]

    def url(self, template: str) -> str:
        return template.format(**self.ids)


@pytest.fixture
def world(db, make_active_match, book, coordinator, tags, make_mentee, make_mentor) -> World:
    owners = make_active_match(make_mentee(pseudonym="Owner mentee"),
                               make_mentor(pseudonym="Owner mentor"))
    strangers = make_active_match(make_mentee(pseudonym="Stranger mentee"),
                                  make_mentor(pseudonym="Stranger mentor"))
    # Booked three weeks ago: the first sessions are past, the others to come.
    series = book(owners, utc(2026, 11, 10, 17, 0), now=utc(2026, 11, 3, 9, 0), count=6)
    concern = raise_concern(owners.mentee, ConcernCategory.OTHER, "Owner's worry", FIXED_NOW,
                            match=owners)
    note = add_note(owners.mentor, owners, "Owner's private note", FIXED_NOW)
    interval = db.session.scalar(select(AvailabilityInterval)
                                 .where(AvailabilityInterval.user_id == owners.mentee_id))
    feed = regenerate_feed(owners.mentee, FIXED_NOW)
    api_token, _secret = create_token(coordinator, "CRM", {Scope.READ}, 365, FIXED_NOW)
    message = Message(match_id=owners.id, author_id=owners.mentor_id, body="Owner's message",
                      created_at=FIXED_NOW)
    flag = RiskFlag(match_id=owners.id, category=RiskCategory.SUICIDE, created_at=FIXED_NOW)
    held = HeldMessage(match_id=owners.id, author_id=owners.mentee_id, body="Owner's 0612345678",
                       kinds="phone", created_at=FIXED_NOW)
    contact = SupportContact(match_id=owners.id, recorded_by_id=coordinator.id,
                             contact_at=FIXED_NOW, channel=ContactChannel.PHONE,
                             contact_with=ContactWith.MENTEE, notes="Coordinator's note",
                             needs_follow_up=True)
    db.session.add_all([message, flag, held, contact])
    goal = add_goal(owners.mentee, owners, "Owner's goal", FIXED_NOW)
    db.session.commit()
    occurrence = series.occurrences[0]
    upcoming = next(o for o in series.occurrences if o.start_at > FIXED_NOW)
    people = {"owner_mentee": owners.mentee, "owner_mentor": owners.mentor,
              "stranger_mentee": strangers.mentee, "stranger_mentor": strangers.mentor,
              "coordinator": coordinator}
    ids = {"match": owners.id, "series": series.id, "occurrence": occurrence.id,
           "upcoming": upcoming.id,
           "concern": concern.id, "note": note.id, "message": message.id, "flag": flag.id,
           "held": held.id, "goal": goal.id, "interval": interval.id, "contact": contact.id,
           "tag": tags["school"].id, "mentor": owners.mentor_id, "mentee": owners.mentee_id,
           "feed": feed_token(feed), "api_token": api_token.id,
           "day": (FIXED_NOW + timedelta(days=3)).date().isoformat()}
    assert db.session.get(MeetingSeries, series.id) is not None
    return World(people, ids)


@pytest.fixture
def row_counts(db):
    """Return {table: number of rows} for every table: compare before and after a request."""

    def count() -> dict[str, int]:
        db.session.remove()
        counts = {t.name: db.session.scalar(select(func.count()).select_from(t))
                  for t in db.metadata.sorted_tables}
        db.session.remove()
        return counts

    return count


@pytest.fixture
def snapshot(db):
    """Return every row of every table: a refused request must not even update one."""

    def take() -> dict[str, list[tuple]]:
        db.session.remove()
        rows = {t.name: sorted(map(repr, db.session.execute(select(t)).all()))
                for t in db.metadata.sorted_tables}
        db.session.remove()
        return rows

    return take
