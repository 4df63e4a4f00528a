"""Business rules of pairing, tested on the services with a fixed `now`."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentoring.errors import Conflict, DomainError
from mentoring.notify.models import Notification
from mentoring.pairing import approvals, services
from mentoring.pairing.models import Match, MatchStatus
from mentoring.pairing.rounds import RoundSettings, build_cohort, run_round
from mentoring.profiles import review
from mentoring.profiles.models import MenteeProfile, MentorProfile
from mentoring.profiles.requests import update_mentor_settings
from tests.conftest import FIXED_NOW

SETTINGS = RoundSettings(session_minutes=45)


def profile_of(db, mentor):
    return db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == mentor.id))


def approve(coordinator, mentee, mentor, **kw):
    return approvals.approve_manual_pair(coordinator, mentee.id, mentor.id, kw.get("reason"),
                                         SETTINGS, FIXED_NOW, respond_days=3)


def test_round_proposes_the_best_pair_and_explains_the_unmatched(
        db, waiting_mentee, approved_mentor):
    anxious = waiting_mentee(experiences=("anxiety",))
    grieving = waiting_mentee(experiences=("grief",))
    english_only = waiting_mentee(languages=("en",))
    mentor_a = approved_mentor(experiences=("anxiety",))
    mentor_g = approved_mentor(experiences=("grief",))
    _cohort, result = run_round(SETTINGS, FIXED_NOW)
    pairs = {(int(p.mentee), int(p.mentor)) for p in result.pairs}
    assert pairs == {(anxious.id, mentor_a.id), (grieving.id, mentor_g.id)}
    [unmatched] = result.unmatched
    assert int(unmatched.mentee) == english_only.id
    assert unmatched.reasons.parts[0]["code"] == "no_shared_language"


def test_safeguarding_rules_cannot_be_overridden(db, waiting_mentee, approved_mentor,
                                                 coordinator):
    minor = waiting_mentee(age=16)
    uncleared = approved_mentor(minors=False)
    with pytest.raises(Conflict, match="moins de 18 ans|under 18"):
        approve(coordinator, minor, uncleared, reason="I know them both very well.")
    assert db.session.scalar(db.select(db.func.count(Match.id))) == 0


def test_soft_rules_need_a_written_reason(db, waiting_mentee, approved_mentor, coordinator):
    mentee = waiting_mentee(slots=((0, 9 * 60, 10 * 60),))
    mentor = approved_mentor(slots=((4, 18 * 60, 20 * 60),))
    with pytest.raises(DomainError):
        approve(coordinator, mentee, mentor)
    match = approve(coordinator, mentee, mentor, reason="They agreed to meet on Saturdays.")
    assert match.override_reason == "They agreed to meet on Saturdays."
    assert match.status is MatchStatus.APPROVED


def test_incompatible_pair_is_never_proposed_again(db, waiting_mentee, approved_mentor,
                                                   coordinator):
    mentee, mentor = waiting_mentee(), approved_mentor()
    approvals.mark_incompatible(coordinator, mentee.id, mentor.id, FIXED_NOW)
    db.session.commit()
    _cohort, result = run_round(SETTINGS, FIXED_NOW)
    assert result.pairs == ()
    with pytest.raises(Conflict):
        approve(coordinator, mentee, mentor, reason="Trying to force it anyway.")


def test_only_screened_trained_unpaused_mentors_are_matchable(db, waiting_mentee,
                                                               approved_mentor):
    waiting_mentee()
    expired = approved_mentor(screening_expires_on=FIXED_NOW.date())
    untrained = approved_mentor(training_completed_on=None)
    paused = approved_mentor(is_paused=True)
    good = approved_mentor()
    cohort = build_cohort(SETTINGS, FIXED_NOW)
    assert [m.id for m in cohort.mentors] == [str(good.id)]
    assert {expired.id, untrained.id, paused.id}.isdisjoint({int(m.id) for m in cohort.mentors})


def test_expired_screening_is_reported_to_coordinators_once(db, approved_mentor, coordinator):
    mentor = approved_mentor(screening_expires_on=FIXED_NOW.date() + timedelta(days=2))
    assert review.report_expired_screenings(FIXED_NOW) == 0
    later = FIXED_NOW + timedelta(days=3)
    assert review.report_expired_screenings(later) == 1
    assert review.report_expired_screenings(later) == 0
    notes = db.session.scalars(db.select(Notification).where(
        Notification.kind == "screening_expired")).all()
    assert [(n.user_id, n.params["mentor_id"]) for n in notes] == [(coordinator.id, mentor.id)]


def test_approval_needs_valid_dates_and_training(db, make_mentor, coordinator, tags):
    from mentoring.profiles.requests import ApplicationAnswers, submit_application

    mentor = make_mentor()
    submit_application(mentor, ApplicationAnswers(
        experience_ids=[], story="story", topic_ids=[], language_ids=[tags["fr"].id], bio="bio",
        age=25, gender=None, capacity=1, wants_minors=False, timezone="Europe/Paris"), FIXED_NOW)
    profile = profile_of(db, mentor)
    today = FIXED_NOW.date()
    with pytest.raises(DomainError):
        review.approve_mentor(coordinator, profile, review.Screening(
            today, today - timedelta(days=1), today, False), FIXED_NOW)
    with pytest.raises(DomainError):
        review.approve_mentor(coordinator, profile, review.Screening(
            today, today + timedelta(days=300), None, False), FIXED_NOW)
    with pytest.raises(DomainError):  # did not offer to mentor minors
        review.approve_mentor(coordinator, profile, review.Screening(
            today, today + timedelta(days=300), today, True), FIXED_NOW)
    review.approve_mentor(coordinator, profile, review.Screening(
        today, today + timedelta(days=300), today, False), FIXED_NOW)
    assert profile.is_matchable_on(today)


def test_young_mentee_waits_for_a_guardians_consent(db, waiting_mentee, approved_mentor,
                                                    coordinator):
    young = waiting_mentee(age=14)
    approved_mentor(minors=True)
    assert build_cohort(SETTINGS, FIXED_NOW).mentees == ()
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == young.id))
    assert profile.needs_guardian_consent and profile.age_band == "11-14" and profile.is_minor
    review.record_guardian_consent(coordinator, profile, FIXED_NOW)
    assert [m.id for m in build_cohort(SETTINGS, FIXED_NOW).mentees] == [str(young.id)]


def test_lowering_capacity_keeps_existing_matches(db, waiting_mentee, approved_mentor,
                                                  coordinator):
    mentor = approved_mentor(capacity=2)
    first, second = approve(coordinator, waiting_mentee(), mentor), None
    second = approve(coordinator, waiting_mentee(), mentor)
    update_mentor_settings(mentor, capacity=1, is_paused=False)
    db.session.commit()
    assert {first.status, second.status} == {MatchStatus.APPROVED}
    assert profile_of(db, mentor).free_places == 0
    with pytest.raises(Conflict):
        approve(coordinator, waiting_mentee(), mentor)


def test_mentee_under_18_is_only_paired_with_cleared_mentors(db, waiting_mentee,
                                                             approved_mentor):
    minor = waiting_mentee(age=16)
    approved_mentor(minors=False, experiences=("anxiety",))
    cleared = approved_mentor(minors=True, experiences=("grief",))
    _cohort, result = run_round(SETTINGS, FIXED_NOW)
    assert [(int(p.mentee), int(p.mentor)) for p in result.pairs] == [(minor.id, cleared.id)]


def test_required_gender_preference_is_a_hard_rule(db, waiting_mentee, approved_mentor):
    waiting_mentee(mentor_gender="f", mentor_gender_required=True)
    approved_mentor(gender="m")
    _cohort, result = run_round(SETTINGS, FIXED_NOW)
    assert result.pairs == ()
    assert result.unmatched[0].reasons.parts[0]["code"] == "required_gender_preference"


def test_withdraw_during_an_active_match_is_refused(db, waiting_mentee, approved_mentor,
                                                    coordinator):
    mentee, mentor = waiting_mentee(), approved_mentor()
    match = approve(coordinator, mentee, mentor)
    services.accept(mentor, match, FIXED_NOW)
    services.confirm(mentee, match, FIXED_NOW)
    with pytest.raises(Conflict):
        services.withdraw_request(mentee, FIXED_NOW)


def test_the_scheduler_sweep_expires_proposals_and_emails_the_coordinators(
        app, db, waiting_mentee, approved_mentor, coordinator, outbox):
    from mentoring.jobs import run_sweeps_once

    match = approve(coordinator, waiting_mentee(), approved_mentor())
    db.session.commit()
    results = run_sweeps_once(app, FIXED_NOW + timedelta(days=4))
    assert results["expire_overdue"] == 1
    db.session.expire_all()
    assert db.session.get(Match, match.id).status is MatchStatus.EXPIRED
    assert coordinator.email in [m["To"] for m in outbox()]
    assert run_sweeps_once(app, FIXED_NOW + timedelta(days=5))["expire_overdue"] == 0


def test_an_action_stays_done_when_sending_its_emails_fails_after_the_commit(
        db, waiting_mentee, approved_mentor, coordinator, monkeypatch, outbox, app):
    from sqlalchemy.exc import OperationalError

    from mentoring.notify import delivery
    from mentoring.notify.models import Notification

    match = approve(coordinator, waiting_mentee(), approved_mentor())
    db.session.commit()

    def database_gone(*args):
        raise OperationalError("UPDATE notifications", {}, Exception("server closed"))

    monkeypatch.setattr(delivery, "_claim", database_gone)
    assert delivery.send_committed_notifications(FIXED_NOW) == 0
    assert db.session.get(Match, match.id).status is MatchStatus.APPROVED
    unsent = db.session.scalars(db.select(Notification).where(
        Notification.kind == "proposal_received", Notification.emailed_at.is_(None))).all()
    assert len(unsent) == 1 and outbox() == []  # the scheduler's sweep will send it
