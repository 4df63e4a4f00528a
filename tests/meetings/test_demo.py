"""The demo books series for active matches, so a newcomer sees meetings, invites and a feed."""

from __future__ import annotations

import html

from mentoring.meetings.demo import book_demo_meetings
from mentoring.meetings.feeds import feed_of
from mentoring.meetings.models import MeetingSeries, SeriesStatus
from tests.conftest import FIXED_NOW


def test_every_active_match_gets_one_booked_series(make_active_match, db):
    paris_montreal = make_active_match(mentee_tz="America/Montreal",
                                       mentee_hours=[(d, 11 * 60, 14 * 60) for d in range(5)])
    other = make_active_match(mentor=paris_montreal.mentor)
    no_common_time = make_active_match(mentee_hours=[], mentor_hours=[])
    assert book_demo_meetings(FIXED_NOW) == 3
    assert book_demo_meetings(FIXED_NOW) == 0  # idempotent
    db.session.commit()
    series = db.session.scalars(db.select(MeetingSeries)).all()
    assert {s.match_id for s in series} == {paris_montreal.id, other.id, no_common_time.id}
    assert all(s.status is SeriesStatus.CONFIRMED and len(s.occurrences) == 12 for s in series)
    assert feed_of(paris_montreal.mentee) is not None


def test_a_demo_newcomer_sees_sessions_downloads_the_invite_and_finds_the_feed(
        client, login_as, make_active_match, db, frozen):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 11 * 60, 14 * 60) for d in range(5)])
    book_demo_meetings(FIXED_NOW)
    db.session.commit()
    login_as(match.mentee)
    page = html.unescape(client.get("/meetings").get_data(as_text=True))
    assert "Prochaine séance" in page
    series = db.session.scalar(db.select(MeetingSeries))
    assert client.get(f"/series/{series.id}/invite.ics").status_code == 200
    settings = client.get("/account/settings").get_data(as_text=True)
    assert "/calendar/" in settings
