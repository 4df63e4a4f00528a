"""Every main page runs the same number of SQL statements with 3 or with 30 of everything.

A page whose statement count grows with the data (an N+1: one query per row shown) gets slower
as the programme grows; the count is taken with SQLAlchemy's before_cursor_execute event.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from mentoring.accounts.sessions import stamp
from mentoring.clock import now_utc
from mentoring.conversations.models import Message
from mentoring.meetings import feeds
from mentoring.safety.checkins import request_checkins
from mentoring.safety.concerns import raise_concern
from mentoring.safety.models import ConcernCategory
from tests.conftest import FIXED_NOW
from tests.factories import EVENINGS, utc

SMALL, BIG = 3, 30
LATER = FIXED_NOW + timedelta(days=20)  # some sessions are past (check-ins), most are ahead


@contextmanager
def counting(engine):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def programme(db, make_coordinator, approved_mentor, waiting_mentee, make_active_match, book,
              clock):
    """Factory: a programme where one mentor has `n` active matches, each with booked sessions
    and a concern, plus 2n waiting mentees and n other mentors; returns the people to log in as."""

    def build(n: int) -> dict:
        coordinator = make_coordinator()
        mentor = approved_mentor(capacity=5)  # more matches than places: a stronger test
        matches, first_series = [], None
        for i in range(n):
            match = make_active_match(mentor=mentor, mentor_hours=EVENINGS if i == 0 else ())
            first = utc(2026, 12, 1, 16, 0) + timedelta(days=i % 7, hours=i // 7)
            booked = book(match, first)
            first_series = first_series if i else booked
            raise_concern(match.mentee, ConcernCategory.BOUNDARY, "A worry.", FIXED_NOW,
                          match=match)
            for m in range(n):  # a conversation as long as the programme is big
                author = match.mentee if m % 2 else mentor
                db.session.add(Message(match_id=match.id, author_id=author.id,
                                       body=f"Message {m}.",
                                       created_at=FIXED_NOW - timedelta(hours=n - m)))
            matches.append(match)
        for _ in range(2 * n):
            waiting_mentee()
        for _ in range(n):
            approved_mentor()
        feed = feeds.regenerate_feed(mentor, FIXED_NOW)
        db.session.commit()
        clock.set(LATER)
        request_checkins(LATER)
        db.session.commit()
        session = min((o for o in first_series.occurrences if o.start_at > LATER),
                      key=lambda o: o.start_at)
        return {"coordinator": coordinator, "mentor": mentor, "mentee": matches[0].mentee,
                "match": matches[0], "feed": feeds.feed_token(feed), "session": session.id}

    return build


PAGES = [  # (who, url) for every main page
    (None, "/help"),
    ("mentee", "/help"),
    ("mentee", "/request/status"),
    ("mentee", "/meetings"),
    ("mentee", "/matches/{match}"),
    ("mentee", "/matches/{match}/meetings"),
    ("mentee", "/sessions/{session}"),
    ("mentee", "/matches/{match}/messages"),
    ("mentee", "/account/settings"),
    ("mentor", "/home"),
    ("mentor", "/meetings"),
    ("mentor", "/matches/{match}"),
    ("mentor", "/matches/{match}/meetings"),
    ("mentor", "/sessions/{session}"),
    ("mentor", "/matches/{match}/messages"),
    ("mentor", "/messages"),
    ("mentor", "/account/settings"),
    (None, "/calendar/{feed}.ics"),
    ("coordinator", "/programme/"),
    ("coordinator", "/programme/matches"),
    ("coordinator", "/matches/{match}"),
    ("coordinator", "/programme/mentors"),
    ("coordinator", "/programme/mentees"),
    ("coordinator", "/programme/concerns"),
    ("coordinator", "/programme/audit"),
    ("coordinator", "/programme/insight/?days=90"),  # the programme quality page
    ("coordinator", "/programme/insight/insight.csv?days=90"),
]


def statement_counts(app, db, people) -> dict[tuple[str, str], int]:
    counts = {}
    for who, page in PAGES:
        client = app.test_client()
        if who:
            _login(client, people[who])
        url = page.format(match=people["match"].id, feed=people["feed"],
                          session=people["session"])
        with counting(db.engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, (who, url, response.status_code)
        counts[(who, page)] = len(statements)
    return counts


def _login(client, user) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        stamp(session, now_utc())  # logged in now (sessions without a login time are refused)


def test_no_page_runs_more_statements_with_ten_times_the_data(app, db, programme):
    # The crisis lists are read again every 10 s: a slow run must not count that re-read as
    # growth (it is one statement, whatever the data).
    app.config["CRISIS_LISTS_MAX_AGE_SECONDS"] = 3600
    small = statement_counts(app, db, programme(SMALL))
    big = statement_counts(app, db, programme(BIG))
    grown = {page: (small[page], big[page]) for page in small if big[page] > small[page]}
    assert not grown, f"statements per page (with {SMALL} → {BIG}): {grown}"
