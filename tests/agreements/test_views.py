"""The agreement and goals pages: what each person sees and does, and what coordinators see."""

from __future__ import annotations

from mentoring.agreements import goals, services
from mentoring.agreements.models import AgreementConfirmation, Goal
from tests.conftest import FIXED_NOW


def test_the_home_and_match_pages_show_the_agreement_waiting_until_confirmed(
        client, post, login_as, make_active_match, waiting_mentee, approved_mentor, db, clock):
    match = make_active_match(waiting_mentee(), approved_mentor())
    login_as(match.mentor)
    assert "Accord à confirmer" in client.get("/home").get_data(as_text=True)
    login_as(match.mentee)
    assert "Accord à confirmer" in client.get("/request/status").get_data(as_text=True)
    login_as(match.mentee)
    assert "Accord à confirmer" in client.get(f"/matches/{match.id}").get_data(as_text=True)
    page = client.get(f"/matches/{match.id}/agreement").get_data(as_text=True)
    assert "Ce qui reste entre nous" in page
    refused = post(f"/matches/{match.id}/agreement", {"rhythm": "weekly"})
    assert refused.status_code == 400 and "Coche la case" in refused.get_data(as_text=True)
    done = post(f"/matches/{match.id}/agreement",
                {"rhythm": "weekly", "minutes": "45", "understood": "y"})
    assert done.status_code == 302
    db.session.expire_all()
    confirmation = db.session.scalar(db.select(AgreementConfirmation))
    assert (confirmation.minutes, confirmation.language) == (45, "fr")
    assert "Accord à confirmer" not in client.get(f"/matches/{match.id}").get_data(as_text=True)
    login_as(match.mentor)
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert f"{match.mentee.pseudonym} a confirmé" in page and "Accord à confirmer" in page


def test_the_mentee_adds_a_goal_and_the_mentor_adds_a_note(client, post, login_as, match, db,
                                                            clock):
    login_as(match.mentee)
    assert post(f"/matches/{match.id}/goals", {"title": "Oser parler en classe"}
                ).status_code == 302
    goal = db.session.scalar(db.select(Goal))
    login_as(match.mentor)
    assert post(f"/goals/{goal.id}/notes", {"text": "Bravo pour mardi"}).status_code == 302
    login_as(match.mentee)
    page = client.get(f"/matches/{match.id}/goals").get_data(as_text=True)
    assert "Oser parler en classe" in page and "Bravo pour mardi" in page
    assert post(f"/goals/{goal.id}/status", {"status": "reached"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Goal, goal.id).status.value == "reached"


def test_a_sixth_goal_answers_with_the_sentence_and_409(client, post, login_as, match, db,
                                                       clock):
    for number in range(5):
        goals.add_goal(match.mentee, match, f"But {number}", FIXED_NOW)
    db.session.commit()
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/goals", {"title": "Un de trop"})
    assert response.status_code == 409
    assert "Tu as déjà 5\u00a0objectifs" in response.get_data(as_text=True)


def test_coordinators_see_titles_and_statuses_not_notes(client, login_as, match, db,
                                                        make_coordinator, clock):
    goal = goals.add_goal(match.mentee, match, "Dormir avant minuit", FIXED_NOW)
    goals.add_note(match.mentee, goal, "Note privée du binôme", FIXED_NOW)
    goals.suggest_goal(match.mentor, match, "Idée en attente", FIXED_NOW)
    services.confirm_agreement(match.mentee, match, "fr", FIXED_NOW)
    db.session.commit()
    login_as(make_coordinator())
    page = client.get(f"/matches/{match.id}/goals").get_data(as_text=True)
    assert "Dormir avant minuit" in page and "pas commencé" in page
    assert "Note privée du binôme" not in page and "Idée en attente" not in page
    assert "Lune a confirmé" in client.get(f"/matches/{match.id}/agreement").get_data(
        as_text=True)


def test_a_programme_edit_makes_a_new_version(client, post, login_as, make_coordinator, db,
                                              clock):
    login_as(make_coordinator())
    assert "Ce qui reste entre nous" in client.get("/programme/agreement").get_data(as_text=True)
    response = post("/programme/agreement", {"text_fr": "Texte v1", "text_en": "Text v1"})
    assert response.status_code == 302
    assert services.current_version().number == 1
    assert post("/programme/agreement", {"text_fr": "", "text_en": "x"}).status_code == 400


def test_the_data_download_holds_goals_and_notes(client, login_as, match, db, clock):
    goal = goals.add_goal(match.mentee, match, "Oser parler en classe", FIXED_NOW)
    goals.add_note(match.mentor, goal, "Bravo pour mardi", FIXED_NOW)
    services.confirm_agreement(match.mentee, match, "fr", FIXED_NOW)
    db.session.commit()
    from mentoring.accounts.data_export import export_document

    document = export_document(match.mentee, FIXED_NOW)
    assert document["goals"][0]["title"] == "Oser parler en classe"
    assert document["goal_notes"][0]["text"] == "Bravo pour mardi"
    assert document["goal_notes"][0]["by_you"] is False
    assert document["agreements"][0]["version"] == 1
