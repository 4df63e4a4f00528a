"""A conversation over time: e-mail notices, retention after closing, download and erasure."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from mentoring.conversations import notices, services
from mentoring.conversations.models import Message
from mentoring.jobs import run_sweeps_once
from mentoring.notify.delivery import send_due_notifications
from mentoring.notify.models import Notification
from mentoring.pairing.models import MatchStatus
from mentoring.safety.concerns import raise_concern, resolve
from mentoring.safety.models import Concern, ConcernCategory
from tests.conftest import FIXED_NOW, PASSWORD


def _notices(db):
    return db.session.scalars(db.select(Notification).where(
        Notification.kind == notices.KIND, Notification.cancelled_at.is_(None))).all()


def test_one_notice_per_quiet_period_without_the_text(db, pair, outbox):
    match = pair()
    services.send_message(match.mentee, match, "first words", FIXED_NOW)
    services.send_message(match.mentee, match, "second words", FIXED_NOW + timedelta(minutes=1))
    db.session.commit()
    [notice] = _notices(db)
    assert notice.user_id == match.mentor_id and notice.params == {"match_id": match.id}
    assert notice.due_at == FIXED_NOW + timedelta(minutes=15)
    assert send_due_notifications(FIXED_NOW + timedelta(minutes=15)) == 1
    [mail] = outbox()
    body = mail.get_body(("plain",)).get_content()
    assert mail["To"] == match.mentor.email and "first words" not in body + mail["Subject"]
    assert f"/matches/{match.id}/messages" in body
    # Still within the quiet period: no second e-mail; after it, one more.
    services.send_message(match.mentee, match, "third", FIXED_NOW + timedelta(hours=2))
    assert len(_notices(db)) == 1
    services.send_message(match.mentee, match, "fourth", FIXED_NOW + timedelta(hours=13))
    assert len(_notices(db)) == 2


def test_reading_before_the_email_cancels_it(client, login_as, db, pair):
    match = pair()
    services.send_message(match.mentee, match, "hello", FIXED_NOW)
    db.session.commit()
    login_as(match.mentor)
    client.get(f"/matches/{match.id}/messages")
    assert _notices(db) == []


def test_turned_off_means_no_email(post, login_as, db, pair):
    match = pair()
    login_as(match.mentor)
    post("/messages/settings", {})  # the box unticked
    services.send_message(match.mentee, match, "hello", FIXED_NOW)
    db.session.commit()
    assert _notices(db) == []


def test_a_minor_is_never_emailed_in_quiet_hours(app, db, pair, outbox):
    match = pair(minor=True, timezone="America/Montreal")
    evening = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 21:00 in Montréal
    services.send_message(match.mentor, match, "bonne soirée", evening)
    db.session.commit()
    [notice] = _notices(db)
    assert notice.user_id == match.mentee_id
    assert notice.due_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)  # 08:00 in Montréal
    # Even a row due at night (a setting changed, a late scheduler) waits for the morning.
    notice.due_at = evening
    db.session.commit()
    assert send_due_notifications(evening + timedelta(hours=1)) == 0 and outbox() == []
    db.session.refresh(notice)
    assert notice.due_at == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert send_due_notifications(notice.due_at) == 1


def test_adult_recipients_are_emailed_at_night(db, pair):
    match = pair(timezone="America/Montreal")
    evening = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    services.send_message(match.mentor, match, "bonne soirée", evening)
    assert _notices(db)[0].due_at == evening + timedelta(minutes=15)


def _closed(db, match, when):
    match.status, match.ended_at = MatchStatus.CLOSED, when
    db.session.commit()


def test_retention_sweep_with_a_frozen_clock_honours_an_open_concern(app, db, pair, clock,
                                                                     coordinator):
    match = pair()
    services.send_message(match.mentee, match, "keep me a while", FIXED_NOW)
    concern = raise_concern(match.mentor, ConcernCategory.BOUNDARY, None, FIXED_NOW, match=match)
    _closed(db, match, FIXED_NOW)
    count = lambda: db.session.scalar(db.select(db.func.count(Message.id)))  # noqa: E731

    eleven_months = clock.set(FIXED_NOW + timedelta(days=30 * 11))
    assert run_sweeps_once(app, eleven_months)["erase_old_conversations"] == 0
    assert count() == 1
    thirteen_months = clock.set(FIXED_NOW + timedelta(days=30 * 13))
    assert run_sweeps_once(app, thirteen_months)["erase_old_conversations"] == 0
    assert count() == 1  # the concern about the match is still open
    resolve(coordinator, db.session.get(Concern, concern.id), thirteen_months)
    db.session.commit()
    assert run_sweeps_once(app, thirteen_months)["erase_old_conversations"] == 1
    assert count() == 0
    assert run_sweeps_once(app, thirteen_months)["erase_old_conversations"] == 0


def test_active_conversations_are_never_swept(app, db, pair):
    match = pair()
    services.send_message(match.mentee, match, "still going", FIXED_NOW)
    db.session.commit()
    run_sweeps_once(app, FIXED_NOW + timedelta(days=3650))
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 1


def test_download_holds_both_sides_of_the_conversation(client, login_as, db, pair):
    match = pair()
    services.send_message(match.mentee, match, "from the mentee", FIXED_NOW)
    services.send_message(match.mentor, match, "from the mentor", FIXED_NOW)
    db.session.commit()
    login_as(match.mentee)
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    [conversation] = data["conversations"]
    assert conversation["with"] == "Soleil"
    assert [(m["from"], m["text"]) for m in conversation["messages"]] == [
        ("me", "from the mentee"), ("them", "from the mentor")]


def test_erasure_leaves_message_removed_for_the_other_person(client, post, login_as, db, pair,
                                                             clock):
    match = pair()
    services.send_message(match.mentee, match, "words to erase", FIXED_NOW)
    services.send_message(match.mentor, match, "the mentor's words", FIXED_NOW)
    db.session.commit()
    login_as(match.mentee)
    assert post("/account/delete", {"password": PASSWORD, "confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(Message.id)).where(
        Message.body.contains("words to erase"))) == 0
    login_as(match.mentor)
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert "words to erase" not in page and "message supprimé" in page
    assert "the mentor&#39;s words" in page
    data = json.loads(client.get("/account/data.json").get_data(as_text=True))
    assert [m["text"] for m in data["conversations"][0]["messages"]] == [
        "message removed", "the mentor's words"]
