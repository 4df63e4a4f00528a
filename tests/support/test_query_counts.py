"""The dashboard's support and early-warning lists run the same statements with 3 or 30 matches."""

from __future__ import annotations

from datetime import timedelta

from mentoring.meetings.services import propose_series
from mentoring.meetings.slots import Plan
from mentoring.safety.models import CheckIn
from mentoring.support.health import Health, support_board
from tests.factories import FIXED_NOW, utc
from tests.ops.test_query_counts import _login, counting

NOW = utc(2026, 12, 20, 9)


def build(n, db, make_active_match, book, contact):
    """n matches of each kind: overdue (no contact), supported, missing sessions, low check-in,
    waiting for an answer to a proposal."""
    for i in range(n):
        make_active_match()  # overdue since 9 Dec
        supported = make_active_match()
        for day in range(i + 1):  # more contacts with more data
            contact(supported, FIXED_NOW + timedelta(days=1 + day % 20))
        booked = make_active_match()
        series = book(booked, utc(2026, 11, 25, 17, 0), count=6)
        for occurrence in series.occurrences[:4]:
            db.session.add(CheckIn(occurrence_id=occurrence.id, match_id=booked.id,
                                   user_id=booked.mentee_id, took_place=False, feeling=1,
                                   created_at=occurrence.end_at))
        waiting = make_active_match()
        propose_series(waiting, waiting.mentee, FIXED_NOW, Plan(utc(2026, 12, 2, 17), count=3))
    db.session.commit()


def test_the_dashboard_statements_do_not_grow_with_the_matches(
        app, db, make_active_match, book, contact, make_coordinator, clock):
    coordinator = make_coordinator()
    counts, boards = [], []
    for n in (3, 30):
        build(n, db, make_active_match, book, contact)
        clock.set(NOW)
        client = app.test_client()
        _login(client, coordinator)
        client.get("/programme/")  # once first: the session's first request writes its stamp
        with counting(db.engine) as statements:
            response = client.get("/programme/")
        assert response.status_code == 200
        counts.append(len(statements))
        with app.test_request_context(), counting(db.engine) as statements:
            board = support_board(NOW)
        boards.append((len(statements), len(board.overdue),
                       sum(h.status is Health.AT_RISK for h in board.health)))
        clock.set(FIXED_NOW)
    assert counts[0] == counts[1], counts
    assert boards[0][0] == boards[1][0] == 8, boards  # schedule, contacts, matches, 5 signals
    # 3 → 33 matches of each kind: no-contact, booked (overdue + missed), waiting (overdue)
    assert [b[1] for b in boards] == [3 * 3, 33 * 3]
