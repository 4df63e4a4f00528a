"""The agreement's versions and confirmations, and the rules of shared goals, without HTTP
(sentences are in French: the test users' language)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentoring.agreements import goals, services
from mentoring.agreements.defaults import DEFAULT_FR
from mentoring.agreements.models import GoalDecision, GoalStatus, MeetingRhythm
from mentoring.errors import Conflict, DomainError, NotAllowed
from mentoring.notify.models import Notification
from tests.conftest import FIXED_NOW


def test_a_confirmation_keeps_the_text_confirmed_after_the_programme_edits_it(
        db, match, make_coordinator):
    first = services.confirm_agreement(match.mentee, match, "fr", FIXED_NOW,
                                       rhythm=MeetingRhythm.WEEKLY, minutes=45)
    assert first.text == DEFAULT_FR and first.version.number == 1
    services.edit_agreement(make_coordinator(), "New English text", "Nouveau texte",
                            FIXED_NOW + timedelta(days=1))
    second = services.confirm_agreement(match.mentor, match, "en", FIXED_NOW + timedelta(days=2))
    assert second.version.number == 2 and second.text == "New English text"
    db.session.expire_all()
    assert services.confirmation_of(match.mentee, match).text == DEFAULT_FR
    assert [c.user_id for c in services.confirmations_of(match)] == [match.mentee_id,
                                                                    match.mentor_id]


def test_each_person_confirms_once_and_only_in_their_active_match(db, match, make_mentee):
    services.confirm_agreement(match.mentee, match, "fr", FIXED_NOW)
    with pytest.raises(Conflict, match="déjà confirmé"):
        services.confirm_agreement(match.mentee, match, "fr", FIXED_NOW)
    with pytest.raises(NotAllowed):
        services.confirm_agreement(make_mentee(), match, "fr", FIXED_NOW)


def test_waiting_agreements_lists_the_match_until_the_person_confirms(db, match):
    assert services.waiting_agreements(match.mentor) == [match]
    services.confirm_agreement(match.mentor, match, "fr", FIXED_NOW)
    assert services.waiting_agreements(match.mentor) == []
    assert services.waiting_agreements(match.mentee) == [match]


def test_editing_needs_both_languages_and_a_change(db, make_coordinator):
    coordinator = make_coordinator()
    with pytest.raises(DomainError, match="en français et en anglais"):
        services.edit_agreement(coordinator, "Text", "  ", FIXED_NOW)
    en, fr = services.current_texts()
    with pytest.raises(DomainError, match="Rien n'a changé"):
        services.edit_agreement(coordinator, en, fr, FIXED_NOW)


def test_the_sixth_goal_is_refused_with_a_sentence(db, match):
    for number in range(5):
        goals.add_goal(match.mentee, match, f"Goal {number}", FIXED_NOW)
    with pytest.raises(Conflict, match="Tu as déjà 5\u00a0objectifs"):
        goals.add_goal(match.mentee, match, "Goal 6", FIXED_NOW)


def test_a_goal_set_aside_makes_room_for_another(db, match):
    made = [goals.add_goal(match.mentee, match, f"Goal {n}", FIXED_NOW) for n in range(5)]
    goals.set_status(match.mentee, made[0], GoalStatus.SET_ASIDE, FIXED_NOW)
    goals.add_goal(match.mentee, match, "Goal 6", FIXED_NOW)
    with pytest.raises(Conflict):  # bringing the first back would make six
        goals.set_status(match.mentee, made[0], GoalStatus.IN_PROGRESS, FIXED_NOW)


def test_the_mentor_suggests_and_the_mentee_decides(db, match):
    suggestion = goals.suggest_goal(match.mentor, match, "Sleep before midnight", FIXED_NOW)
    assert suggestion.decision is GoalDecision.SUGGESTED
    told = db.session.scalars(db.select(Notification).where(
        Notification.user_id == match.mentee_id)).all()
    assert [(n.kind, n.params) for n in told] == [
        ("goal_suggested", {"match_id": match.id, "goal_id": suggestion.id})]
    with pytest.raises(NotAllowed):
        goals.decide_suggestion(match.mentor, suggestion, True, FIXED_NOW)
    goals.decide_suggestion(match.mentee, suggestion, False, FIXED_NOW)
    assert suggestion.decision is GoalDecision.DECLINED
    with pytest.raises(Conflict, match="déjà reçu une réponse"):
        goals.decide_suggestion(match.mentee, suggestion, True, FIXED_NOW)
    with pytest.raises(NotAllowed):
        goals.add_goal(match.mentor, match, "Mine", FIXED_NOW)


def test_suggestions_do_not_count_until_accepted_and_accepting_needs_room(db, match):
    pending = [goals.suggest_goal(match.mentor, match, f"Idea {n}", FIXED_NOW) for n in range(2)]
    for number in range(4):
        goals.add_goal(match.mentee, match, f"Goal {number}", FIXED_NOW)
    goals.decide_suggestion(match.mentee, pending[0], True, FIXED_NOW)
    with pytest.raises(Conflict, match="5\u00a0objectifs"):
        goals.decide_suggestion(match.mentee, pending[1], True, FIXED_NOW)


def test_a_note_tells_the_other_person_by_id_only(db, match):
    goal = goals.add_goal(match.mentee, match, "Speak up in class", FIXED_NOW)
    goals.add_note(match.mentor, goal, "Great progress today", FIXED_NOW)
    note = db.session.scalar(db.select(Notification).where(Notification.user_id ==
                                                           match.mentee_id))
    assert note.kind == "goal_note_added" and "Great" not in repr(note.params)
    with pytest.raises(DomainError, match="quelques mots"):
        goals.add_note(match.mentee, goal, "   ", FIXED_NOW)
