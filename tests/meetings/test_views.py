"""Meeting pages: propose, confirm, e-mailed invites, download, feed, access."""

from __future__ import annotations

import html
import re

from mentoring.meetings import services
from mentoring.meetings.models import MeetingSeries, SeriesStatus
from tests.conftest import FIXED_NOW
from tests.factories import utc
from tests.meetings.mime import invite_of


def page(client, match, **kw) -> str:
    return html.unescape(client.get(f"/matches/{match.id}/meetings", **kw).get_data(as_text=True))


def test_the_page_preselects_the_earliest_shared_time_in_the_readers_zone(
        client, login_as, make_active_match, frozen):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(1, 12 * 60, 14 * 60)],
                              mentor_hours=[(1, 18 * 60, 20 * 60)])
    login_as(match.mentee)
    text = page(client, match)
    assert re.search(r'<option selected value="2026-12-01T17:00Z">mardi 12:00</option>', text)
    login_as(match.mentor)
    assert "mardi 18:00" in page(client, match)


def test_propose_then_confirm_sends_both_people_an_invite(
        client, post, login_as, make_active_match, outbox, db, frozen):
    match = make_active_match()
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/meetings",
                    {"slot": "2026-12-01T17:00Z", "interval_weeks": "2", "count": "6"})
    assert response.status_code == 302
    [proposed] = outbox()
    assert proposed["To"] == match.mentor.email
    series = db.session.scalar(db.select(MeetingSeries))
    login_as(match.mentor)
    assert "Confirmer ces séances" in page(client, match)
    assert post(f"/series/{series.id}/confirm").status_code == 302
    invites = outbox()[1:]
    assert sorted(m["To"] for m in invites) == sorted([match.mentee.email, match.mentor.email])
    for message in invites:
        method, calendar = invite_of(message)
        assert method == "REQUEST"
        assert calendar.walk("VEVENT")[0]["RRULE"]["INTERVAL"] == [2]
    text = page(client, match)
    assert "mardi 1er décembre 2026, 18:00" in text and "mardi 15 décembre 2026, 18:00" in text


def test_the_other_person_cannot_be_overlapped_through_the_form(
        client, post, login_as, make_active_match, book, frozen):
    match = make_active_match()
    book(match, utc(2026, 12, 1, 17, 0))
    other = make_active_match(mentor=match.mentor)
    login_as(other.mentee)
    response = post(f"/matches/{other.id}/meetings", {"slot": "2026-12-01T17:00Z",
                                                      "interval_weeks": "1", "count": "3"})
    assert response.status_code == 409
    assert "chevauche" in html.unescape(response.get_data(as_text=True))


def test_a_stranger_and_a_coordinator_cannot_act_on_the_match(
        client, post, login_as, make_active_match, make_mentee, make_coordinator, book, frozen):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    login_as(make_mentee())
    assert client.get(f"/matches/{match.id}/meetings").status_code == 404
    assert client.get(f"/series/{series.id}/invite.ics").status_code == 404
    assert post(f"/series/{series.id}/cancel").status_code == 404
    login_as(make_coordinator())
    assert client.get(f"/matches/{match.id}/meetings").status_code == 200
    assert post(f"/series/{series.id}/cancel").status_code == 403


def test_moving_a_session_in_my_own_time_zone(client, post, login_as, make_active_match, book,
                                              outbox, db, frozen):
    match = make_active_match(mentee_tz="America/Montreal",
                              mentee_hours=[(d, 0, 1440) for d in range(7)])
    series = book(match, utc(2026, 12, 1, 17, 0))
    login_as(match.mentee)
    second = series.occurrences[1]
    response = post(f"/sessions/{second.id}/move",
                    {"day": "2026-12-10", "minute": str(13 * 60), "confirmed": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert second.start_at == utc(2026, 12, 10, 18, 0)
    changed = [m for m in outbox() if "modifiées" in m["Subject"]]
    assert len(changed) == 2


def test_download_is_the_same_invite_as_the_email(client, login_as, make_active_match, book,
                                                  frozen):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    login_as(match.mentee)
    response = client.get(f"/series/{series.id}/invite.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in response.headers["Content-Disposition"]
    from mentoring.meetings.invites import invite_bytes

    assert response.data == invite_bytes(series, match.mentee, FIXED_NOW)


def test_the_feed_url_from_the_settings_page_works_without_login(
        app, client, post, login_as, make_active_match, book, frozen):
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    login_as(match.mentee)
    settings = html.unescape(client.get("/account/settings").get_data(as_text=True))
    assert "Créer mon adresse d'agenda" in settings
    post("/account/calendar/regenerate")
    settings = html.unescape(client.get("/account/settings").get_data(as_text=True))
    url = re.search(r'value="(http://localhost/calendar/[^"]+\.ics)"', settings).group(1)
    post("/logout")
    anonymous = app.test_client()
    feed = anonymous.get(url.removeprefix("http://localhost"))
    assert feed.status_code == 200 and series.uid.encode() in feed.data
    key, mac = url.rsplit("/", 1)[1].removesuffix(".ics").split(".")
    assert anonymous.get(f"/calendar/{key}.{'0' * len(mac)}.ics").status_code == 404
    assert anonymous.get("/calendar/nothing.ics").status_code == 404
    login_as(match.mentee)
    post("/account/calendar/regenerate")
    assert anonymous.get(url.removeprefix("http://localhost")).status_code == 404
    post("/account/calendar/revoke")
    assert "Créer mon adresse" in html.unescape(
        client.get("/account/settings").get_data(as_text=True))


def test_closing_a_match_emails_cancellations(make_active_match, book, outbox, db, app):
    from mentoring.notify.delivery import send_committed_notifications

    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0))
    db.session.info.pop("new_notifications", None)
    with app.test_request_context():
        services.cancel_all_for_match(match, None, FIXED_NOW)
        db.session.commit()
        send_committed_notifications(FIXED_NOW)
    assert series.status is SeriesStatus.CANCELLED
    cancels = [m for m in outbox() if "annulées" in m["Subject"]]
    assert len(cancels) == 2
    method, calendar = invite_of(cancels[0])
    assert method == "CANCEL"
    assert calendar.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_each_session_has_its_own_page_to_move_cancel_or_change_it(
        client, login_as, make_active_match, book, frozen, monkeypatch):
    monkeypatch.setattr("mentoring.meetings.views.now_utc", lambda: utc(2026, 11, 24, 9, 0))
    match = make_active_match()
    series = book(match, utc(2026, 12, 1, 17, 0), count=12)
    login_as(match.mentee)
    overview = client.get(f"/matches/{match.id}/meetings").get_data(as_text=True)
    first = sorted(series.occurrences, key=lambda o: o.start_at)[0]
    assert f'href="/sessions/{first.id}"' in overview
    assert "/move" not in overview  # the forms live on each session's own page
    page = client.get(f"/sessions/{first.id}").get_data(as_text=True)
    assert f'action="/sessions/{first.id}/move"' in page
    assert f'href="/sessions/{first.id}/cancel"' in page  # a confirmation step first
    assert f'action="/sessions/{first.id}/change-series"' in page


def test_a_video_link_must_be_a_web_address(post, login_as, make_active_match, db, frozen):
    match = make_active_match()
    login_as(match.mentee)
    for bad in ("javascript://x/%0Aalert(1)", "data:text/html,hi"):
        response = post(f"/matches/{match.id}/meetings",
                        {"slot": "2026-12-01T17:00Z", "interval_weeks": "1", "count": "6",
                         "video_url": bad})
        assert response.status_code == 400
        assert "https://" in html.unescape(response.get_data(as_text=True))
    assert db.session.scalar(db.select(db.func.count(MeetingSeries.id))) == 0
    good = post(f"/matches/{match.id}/meetings",
                {"slot": "2026-12-01T17:00Z", "interval_weeks": "1", "count": "6",
                 "video_url": "https://visio.example.org/room-42"})
    assert good.status_code == 302
    assert db.session.scalar(db.select(MeetingSeries.video_url)) == (
        "https://visio.example.org/room-42")


def test_the_meetings_pages_name_the_readers_place_not_a_zone_id(
        client, db, login_as, make_active_match, book, frozen):
    match = make_active_match(mentee_tz="America/Montreal")
    series = book(match, utc(2026, 12, 1, 17, 0))
    login_as(match.mentee)
    for url in (f"/matches/{match.id}/meetings", f"/sessions/{series.occurrences[0].id}"):
        page = html.unescape(client.get(url).get_data(as_text=True))
        assert "ton fuseau horaire\u00a0: Québec (Montréal, Québec)" in page, url
        assert "fuseau horaire : America/Montreal" not in page, url
