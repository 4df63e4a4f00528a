"""Concerns: an immediate risk reaches every coordinator at once, again until acknowledged."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from mentoring.core.audit import AuditEvent
from mentoring.jobs import run_sweeps_once
from mentoring.safety.models import Concern, ConcernCategory
from tests.conftest import FIXED_NOW


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def urgent_mails(outbox):
    return [m for m in outbox() if "URGENT" in m["Subject"] or "URGENT" in m["Subject"].upper()]


def test_immediate_risk_alerts_every_coordinator_once_then_again_until_acknowledged(
        app, client, post, login_as, make_active_match, make_coordinator, db, outbox, clock):
    first, second = make_coordinator(locale="en"), make_coordinator(locale="en")
    match = make_active_match()
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/concern",
                    {"category": "immediate_risk", "text": "My mentor said worrying things."})
    assert response.status_code == 302
    sent_page = text(client.get(response.headers["Location"]))
    assert "15" in sent_page and "112" in sent_page and "3114" in sent_page  # what to do now
    mails = outbox()
    assert sorted(m["To"] for m in mails) == sorted([first.email, second.email])
    assert all("My mentor said" not in m.get_body(("plain",)).get_content() for m in mails)

    # Nobody acknowledged: after the delay the alert goes out again, once per sweep window.
    run_sweeps_once(app, FIXED_NOW + timedelta(minutes=10))
    assert len(outbox()) == 2
    run_sweeps_once(app, FIXED_NOW + timedelta(minutes=31))
    run_sweeps_once(app, FIXED_NOW + timedelta(minutes=32))
    assert len(outbox()) == 4

    # The dashboard shows it on top until a coordinator acknowledges it.
    login_as(first)
    board = text(client.get("/programme/"))
    assert board.index("Someone may be at immediate risk") < board.index("Mentees waiting")
    concern = db.session.scalar(db.select(Concern))
    assert post(f"/programme/concerns/{concern.id}/acknowledge").status_code == 302
    assert "Someone may be at immediate risk (" not in text(client.get("/programme/"))
    run_sweeps_once(app, FIXED_NOW + timedelta(hours=5))
    assert len(outbox()) == 4
    login_as(second)
    assert post(f"/programme/concerns/{concern.id}/acknowledge").status_code == 409
    actions = db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.subject_type == "concern").order_by(AuditEvent.id)).all()
    assert actions == ["concern_raised", "concern_realerted", "concern_acknowledged"]


def test_the_reported_person_never_sees_the_report(
        client, post, login_as, make_active_match, make_coordinator, db):
    make_coordinator()
    match = make_active_match()
    login_as(match.mentor)
    response = post(f"/matches/{match.id}/concern", {"category": "boundary", "text": "x"})
    concern_id = int(re.search(r"/concerns/(\d+)/sent", response.headers["Location"]).group(1))
    login_as(match.mentee)
    assert client.get(f"/concerns/{concern_id}/sent").status_code == 404
    assert client.get(f"/programme/concerns/{concern_id}").status_code == 403
    assert "boundary" not in text(client.get(f"/matches/{match.id}")).lower()


def test_a_stranger_cannot_raise_a_concern_on_someone_elses_match(
        post, login_as, make_active_match, make_mentee, db):
    match = make_active_match()
    login_as(make_mentee())
    assert post(f"/matches/{match.id}/concern", {"category": "other"}).status_code == 404
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 0


def test_a_non_urgent_concern_is_sent_once_and_opening_it_is_audited(
        app, client, post, login_as, make_active_match, make_coordinator, db, outbox):
    coordinator = make_coordinator()
    match = make_active_match()
    login_as(match.mentee)
    post(f"/matches/{match.id}/concern", {"category": "other", "text": "Hard to reach."})
    assert len(outbox()) == 1
    run_sweeps_once(app, FIXED_NOW + timedelta(hours=3))
    assert len(outbox()) == 1
    concern = db.session.scalar(db.select(Concern))
    assert concern.category is ConcernCategory.OTHER
    login_as(coordinator)
    assert "Hard to reach." in text(client.get(f"/programme/concerns/{concern.id}"))
    viewed = db.session.scalar(db.select(db.func.count(AuditEvent.id)).where(
        AuditEvent.action == "viewed_concern", AuditEvent.actor_id == coordinator.id))
    assert viewed == 1
    assert post(f"/programme/concerns/{concern.id}/resolve").status_code == 302
    db.session.refresh(concern)
    assert concern.resolved_at is not None and concern.acknowledged_at is not None


def test_concern_form_needs_a_category(post, login_as, make_active_match, db):
    match = make_active_match()
    login_as(match.mentee)
    assert post(f"/matches/{match.id}/concern", {"text": "no category"}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Concern.id))) == 0


def test_every_match_and_meeting_page_offers_report_a_concern(
        client, login_as, make_active_match):
    match = make_active_match()
    for person in (match.mentee, match.mentor):
        login_as(person)
        for url in (f"/matches/{match.id}", f"/matches/{match.id}/meetings"):
            page = client.get(url).get_data(as_text=True)
            assert f'href="/matches/{match.id}/concern"' in page, url
