"""The whole path through HTTP: request → application → approval → round → answers → active."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from mentoring.pairing.models import ExcludedPair, Match, MatchStatus
from mentoring.profiles.models import MentorProfile
from tests.conftest import FIXED_NOW

WEIGHTS = {"w_experiences": 3, "w_goals": 2, "w_age": 1, "w_availability": 1, "w_waiting": 1,
           "mode": "most_matched"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_request_application_round_acceptance_and_confirmation(
        client, post, login_as, make_mentee, make_mentor, coordinator, tags, db, outbox, clock):
    # A mentee fills in the request form and the availability editor.
    mentee = login_as(make_mentee(email="mentee@example.org", pseudonym="Loutre Jade"))
    response = post("/request", {
        "goals": [tags["school"].id], "goals_text": "Exams make me panic.",
        "experiences": [tags["anxiety"].id], "languages": [tags["fr"].id],
        "meeting_format": "video", "age": "16", "gender": "", "mentor_gender": "",
        "mentor_gender_required": "nice", "timezone": "Europe/Paris"})
    assert response.status_code == 302
    post("/availability", {"weekday": "1", "start": str(18 * 60), "end": str(21 * 60)})
    assert "liste d'attente" in text(client.get("/request/status"))

    # A mentor applies; a coordinator records screening and training and approves.
    mentor = login_as(make_mentor(email="mentor@example.org", pseudonym="Hibou Ocre"))
    response = post("/application", {
        "experiences": [tags["anxiety"].id], "story": "I had panic attacks at school.",
        "topics": [tags["school"].id], "languages": [tags["fr"].id, tags["en"].id],
        "bio": "Student in Lyon, I like music.", "age": "22", "gender": "", "capacity": "2",
        "wants_minors": "y", "timezone": "America/Montreal"})
    assert response.status_code == 302
    post("/availability", {"weekday": "1", "start": str(12 * 60), "end": str(15 * 60)})
    login_as(coordinator)
    today = FIXED_NOW.date()
    response = post(f"/programme/mentors/{mentor.id}/approve", {
        "checked_on": str(today - timedelta(days=3)), "expires_on": str(today.replace(year=2027)),
        "training_completed_on": str(today - timedelta(days=1)), "minors_cleared": "y"})
    assert response.status_code == 302

    # The round proposes the pair, with its explanation, and the coordinator approves it.
    preview = post("/programme/round", {**WEIGHTS, "mentees": [mentee.id], "mentors": [mentor.id]})
    page = text(preview)
    assert "Loutre Jade" in page and "Hibou Ocre" in page
    assert "anxiety-fr" in page  # the shared experience, labelled in French
    # The score breakdown is visible text in the coordinator's language, not internal names.
    breakdown = re.search(r'<ul class="score-terms">(.*?)</ul>', page, re.S).group(1)
    assert "Expériences vécues en commun" in breakdown and "experiences" not in breakdown
    # "Not now" sends an empty value: the pair is left out, not "a pair is not valid".
    left_out = post("/programme/round/approve", {
        **WEIGHTS, "mentees": [mentee.id], "mentors": [mentor.id],
        "rows": [f"{mentee.id}:{mentor.id}"], f"choice-{mentee.id}": ""})
    assert "not valid" not in text(left_out) and "n'est pas valide" not in text(left_out)
    assert db.session.scalar(db.select(Match)) is None
    approved = post("/programme/round/approve", {
        **WEIGHTS, "mentees": [mentee.id], "mentors": [mentor.id],
        "rows": [f"{mentee.id}:{mentor.id}"], f"choice-{mentee.id}": str(mentor.id)})
    assert approved.status_code == 302
    match = db.session.scalar(db.select(Match))
    assert match.status is MatchStatus.APPROVED
    assert [m["To"] for m in outbox()] == ["mentor@example.org"]

    # The mentor sees goals, shared experiences and age band — not who the mentee is.
    login_as(mentor)
    proposal = text(client.get(f"/matches/{match.id}"))
    assert "Exams make me panic." in proposal and "15-17" in proposal and "anxiety-fr" in proposal
    assert "Loutre Jade" not in proposal and "mentee@example.org" not in proposal
    assert post(f"/matches/{match.id}/accept").status_code == 302
    assert outbox()[-1]["To"] == "mentee@example.org"

    # The mentee sees the mentor's pseudonym, shared experiences and bio, never the e-mail.
    login_as(mentee)
    page = text(client.get(f"/matches/{match.id}"))
    assert "Hibou Ocre" in page and "Student in Lyon" in page
    assert "mentor@example.org" not in page
    assert post(f"/matches/{match.id}/confirm").status_code == 302
    db.session.refresh(match)
    assert match.status is MatchStatus.ACTIVE

    # Both see the active match; both were told.
    assert "Hibou Ocre" in text(client.get("/request/status"))
    login_as(mentor)
    assert "Loutre Jade" in text(client.get(f"/matches/{match.id}"))
    recipients = [m["To"] for m in outbox()[-2:]]
    assert sorted(recipients) == ["mentee@example.org", "mentor@example.org"]
    transitions = [(e.from_status, e.to_status) for e in _audit(db, match)]
    assert transitions == [(None, "approved"), ("approved", "accepted"), ("accepted", "active")]


def _audit(db, match):
    from mentoring.core.audit import AuditEvent

    return db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.subject_type == "match", AuditEvent.subject_id == match.id)
        .order_by(AuditEvent.id)).all()


def _approve(post, login_as, coordinator, mentee, mentor):
    login_as(coordinator)
    response = post("/programme/pairs/manual", {"mentee_id": mentee.id, "mentor_id": mentor.id})
    assert response.status_code == 302, text(response)
    return int(re.search(r"/matches/(\d+)", response.headers["Location"]).group(1))


def test_declined_proposal_returns_the_mentee_to_the_pool_without_that_mentor(
        client, post, login_as, waiting_mentee, approved_mentor, coordinator, db, outbox):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    login_as(mentor)
    assert post(f"/matches/{match_id}/decline", {"reason": "Too busy."}).status_code == 302
    match = db.session.get(Match, match_id)
    assert match.status is MatchStatus.DECLINED and match.decline_reason == "Too busy."
    assert db.session.scalar(db.select(ExcludedPair.reason)) == "declined"
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
    assert profile.open_matches == 0
    login_as(mentee)
    assert "liste d'attente" in text(client.get("/request/status"))
    assert "coordinator@example.org" in [m["To"] for m in outbox()]
    login_as(coordinator)
    again = post("/programme/pairs/manual", {"mentee_id": mentee.id, "mentor_id": mentor.id,
                                             "reason": "I really think it fits."})
    assert again.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 1


def test_expired_proposal_with_a_fixed_clock(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db, outbox, clock, app):
    from mentoring.notify.delivery import send_due_notifications
    from mentoring.pairing.services import expire_overdue

    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    sent_at_approval = len(outbox())
    # Halfway through the 3 days, the mentor gets one reminder, however often the sweep runs.
    with app.test_request_context():
        assert send_due_notifications(FIXED_NOW + timedelta(days=1, hours=13)) == 1
        assert send_due_notifications(FIXED_NOW + timedelta(days=2)) == 0
    assert len(outbox()) == sent_at_approval + 1
    assert expire_overdue(FIXED_NOW + timedelta(days=2, hours=23)) == 0
    assert expire_overdue(FIXED_NOW + timedelta(days=3, seconds=1)) == 1
    db.session.commit()
    match = db.session.get(Match, match_id)
    assert match.status is MatchStatus.EXPIRED
    assert db.session.scalar(db.select(ExcludedPair.reason)) == "expired"
    assert expire_overdue(FIXED_NOW + timedelta(days=4)) == 0


def test_mentee_withdraws_a_pending_request(
        client, post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    login_as(mentee)
    assert post("/request/withdraw").status_code == 302
    assert db.session.get(Match, match_id).status is MatchStatus.WITHDRAWN
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
    assert profile.open_matches == 0
    assert "retiré ta demande" in text(client.get("/request/status"))
    assert post("/request/withdraw").status_code == 409


def test_mentee_can_refuse_a_mentor_who_accepted(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db, outbox):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    login_as(mentor)
    post(f"/matches/{match_id}/accept")
    login_as(mentee)
    assert post(f"/matches/{match_id}/refuse").status_code == 302
    assert db.session.get(Match, match_id).status is MatchStatus.REJECTED
    assert db.session.scalar(db.select(ExcludedPair.reason)) == "rejected"


def test_invalid_transitions_answer_409_with_a_sentence(
        client, post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    login_as(mentee)
    early = post(f"/matches/{match_id}/confirm")
    assert early.status_code == 409
    assert "n'attend plus" in text(early) or "plus" in text(early)
    login_as(mentor)
    assert post(f"/matches/{match_id}/accept").status_code == 302
    twice = post(f"/matches/{match_id}/accept")
    assert twice.status_code == 409
    assert db.session.get(Match, match_id).status is MatchStatus.ACCEPTED


def test_strangers_get_404_on_matches_and_people_cannot_answer_for_others(
        client, post, login_as, waiting_mentee, approved_mentor, make_mentee, make_mentor,
        coordinator, db):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    for stranger in (make_mentee(), make_mentor()):
        login_as(stranger)
        assert client.get(f"/matches/{match_id}").status_code == 404
        assert post(f"/matches/{match_id}/close", {"reason": "other"}).status_code in (403, 404)
    login_as(make_mentor())
    assert post(f"/matches/{match_id}/accept").status_code == 404
    assert db.session.get(Match, match_id).status is MatchStatus.APPROVED


def test_closing_an_active_match_frees_the_place_and_excludes_the_pair(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db, outbox):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match_id = _approve(post, login_as, coordinator, mentee, mentor)
    login_as(mentor)
    post(f"/matches/{match_id}/accept")
    login_as(mentee)
    post(f"/matches/{match_id}/confirm")
    assert post(f"/matches/{match_id}/close", {"reason": "goals_reached"}).status_code == 302
    match = db.session.get(Match, match_id)
    assert match.status is MatchStatus.CLOSED and match.end_reason == "goals_reached"
    assert outbox()[-1]["To"] == mentor.email
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))
    assert profile.open_matches == 0
