"""What keeps a conversation safe: risk phrases, contact details with minors, coordinator access."""

from __future__ import annotations

import pytest

from mentoring.conversations import risk, services
from mentoring.conversations.models import (
    ConversationAccess,
    HeldMessage,
    Message,
    RiskCategory,
    RiskFlag,
)
from mentoring.core.audit import AuditEvent
from mentoring.notify.models import Notification
from mentoring.safety.concerns import raise_concern, resolve
from mentoring.safety.models import Concern, ConcernCategory
from tests.conftest import FIXED_NOW


@pytest.mark.parametrize("body", [
    "Parfois j'ai envie de mourir.",
    "Parfois j'ai ENVIE de MOURIR",
    "je veux mettre fin à mes jours",
    "je veux mettre FIN A MES JOURS",
    "Sometimes I want to DIE",
])
def test_a_risk_phrase_flags_without_the_text(db, pair, coordinator, body):
    match = pair()
    sent = services.send_message(match.mentee, match, body, FIXED_NOW)
    db.session.commit()
    assert sent.message is not None  # delivered all the same
    assert sent.risks == [RiskCategory.SUICIDE]
    flag = db.session.scalar(db.select(RiskFlag))
    assert (flag.match_id, flag.category, flag.created_at) == (match.id, RiskCategory.SUICIDE,
                                                               FIXED_NOW)
    alert = db.session.scalar(db.select(Notification).where(Notification.kind == "risk_flag"))
    assert alert.user_id == coordinator.id
    assert alert.params == {"match_id": match.id, "category": "suicide"}


def test_no_flag_for_an_ordinary_message_or_a_longer_word(db, pair):
    match = pair()
    assert services.send_message(match.mentee, match, "On se voit mardi ?", FIXED_NOW).risks == []
    assert risk.categories_in("il va me tuerai") == []
    assert risk.categories_in("Je vais me couper les cheveux") == [RiskCategory.SELF_HARM]


def test_the_writer_sees_their_own_countrys_resources_and_i_am_not_safe(
        client, post, login_as, pair, coordinator, db):
    match = pair(country="BE")
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": "J'AI ENVIE DE MOURIR"})
    assert response.status_code == 302 and "support=1" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0800 32 123" in page and "1813" in page  # Belgium's lines
    assert "3114" not in page
    assert "pas une accusation" in page
    assert "Je ne suis pas en sécurité" in page
    unsafe = post(f"/matches/{match.id}/messages/not-safe")
    assert unsafe.status_code == 200
    concern = db.session.scalar(db.select(Concern))
    assert concern.category is ConcernCategory.IMMEDIATE_RISK and concern.text is None
    assert concern.match_id == match.id and concern.source == "not_safe"


def test_the_other_person_is_not_shown_the_support_box(client, post, login_as, pair):
    match = pair()
    login_as(match.mentee)
    post(f"/matches/{match.id}/messages", {"body": "I want to die"})
    login_as(match.mentor)
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert "I want to die" in page and 'id="support"' not in page


def test_coordinators_edit_the_list(client, post, login_as, pair, coordinator, db):
    login_as(coordinator)
    assert "envie de mourir" in client.get("/programme/risk-phrases").get_data(as_text=True)
    post("/programme/risk-phrases", {"phrase": "Je n'en peux PLUS", "category": "suicide"})
    post("/programme/risk-phrases/remove", {"phrase": "envie de mourir"})
    match = pair()
    assert services.send_message(match.mentee, match, "je n’en peux plus",
                                 FIXED_NOW).risks == [RiskCategory.SUICIDE]
    assert services.send_message(match.mentee, match, "envie de mourir",
                                 FIXED_NOW).risks == []
    actions = db.session.scalars(db.select(AuditEvent.action)).all()
    assert {"risk_phrase_added", "risk_phrase_removed"} <= set(actions)


def test_flags_page_says_it_is_a_prompt_and_shows_no_text(client, login_as, pair, coordinator,
                                                          db):
    match = pair()
    services.send_message(match.mentee, match, "I want to kill myself, secret words", FIXED_NOW)
    db.session.commit()
    login_as(coordinator)
    page = client.get("/programme/risk-flags").get_data(as_text=True)
    assert "pas une accusation" in page and f"Binôme {match.id}" in page and "suicide" in page
    assert "secret words" not in page


# Contact details.

@pytest.mark.parametrize("body", ["appelle-moi au 06 12 34 56 78", "lune@example.org",
                                  "mon snap: lune_22", "https://example.org/moi"])
def test_contact_details_are_held_in_a_match_with_a_minor(client, post, login_as, pair,
                                                          coordinator, db, body):
    match = pair(minor=True)
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": body}, follow_redirects=True)
    assert "retenu" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0
    held = db.session.scalar(db.select(HeldMessage))
    login_as(match.mentor)
    assert body not in client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    # A coordinator passes it on: now the mentor reads it.
    login_as(coordinator)
    assert body in client.get(f"/programme/held-messages/{held.id}").get_data(as_text=True)
    post(f"/programme/held-messages/{held.id}/decide", {"decision": "release"})
    login_as(match.mentor)
    assert body in client.get(f"/matches/{match.id}/messages").get_data(as_text=True)


def test_refuse_setting_refuses_and_keeps_the_draft(app, post, login_as, pair, db):
    app.config["CONTACTS_WITH_MINORS"] = "refuse"
    match = pair(minor=True)
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": "mon 06 12 34 56 78"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "pas été envoyé" in text and "mon 06 12 34 56 78</textarea>" in text
    assert db.session.scalar(db.select(db.func.count(HeldMessage.id))) == 0


def test_adults_get_a_gentle_reminder_and_the_message_goes(client, post, login_as, pair, db):
    match = pair(minor=False)
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": "mon 06 12 34 56 78"},
                    follow_redirects=True)
    assert "rappel" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 1
    assert db.session.scalar(db.select(db.func.count(HeldMessage.id))) == 0


def test_links_are_clickable_for_adults_only(client, post, login_as, pair, coordinator, db):
    adults, minors = pair(), pair(minor=True, email="minor@example.org")
    login_as(adults.mentee)
    post(f"/matches/{adults.id}/messages", {"body": "voir https://example.org/x."})
    assert '<a href="https://example.org/x" rel="nofollow noopener noreferrer">' in \
        client.get(f"/matches/{adults.id}/messages").get_data(as_text=True)
    login_as(minors.mentee)
    post(f"/matches/{minors.id}/messages", {"body": "voir https://example.org/x."})
    held = db.session.scalar(db.select(HeldMessage))
    login_as(coordinator)
    post(f"/programme/held-messages/{held.id}/decide", {"decision": "release"})
    login_as(minors.mentor)
    page = client.get(f"/matches/{minors.id}/messages").get_data(as_text=True)
    assert "https://example.org/x" in page and 'href="https://example.org/x"' not in page


# Coordinators and the conversation.

def test_coordinator_refused_without_an_open_concern(client, post, login_as, pair, coordinator,
                                                     db):
    match = pair()
    services.send_message(match.mentee, match, "private words", FIXED_NOW)
    db.session.commit()
    login_as(coordinator)
    assert client.get(f"/matches/{match.id}/messages").status_code in (403, 404)
    for response in (client.get(f"/programme/matches/{match.id}/conversation"),
                     post(f"/programme/matches/{match.id}/conversation", {"reason": "curious"})):
        assert response.status_code == 403
        assert "private words" not in response.get_data(as_text=True)
        assert "signalement" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(ConversationAccess.id))) == 0


def test_coordinator_opens_with_an_open_concern_audited_and_shown_to_both(
        client, post, login_as, pair, coordinator, db):
    match = pair()
    services.send_message(match.mentee, match, "private words", FIXED_NOW)
    concern = raise_concern(match.mentor, ConcernCategory.BOUNDARY, None, FIXED_NOW, match=match)
    db.session.commit()
    login_as(coordinator)
    without_reason = post(f"/programme/matches/{match.id}/conversation", {"reason": " "})
    assert without_reason.status_code == 400
    response = post(f"/programme/matches/{match.id}/conversation",
                    {"reason": "Checking the reported boundary"})
    assert response.status_code == 200 and "private words" in response.get_data(as_text=True)
    audit = db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "conversation_opened"))
    assert audit.actor_id == coordinator.id and audit.subject_id == match.id
    for person in (match.mentee, match.mentor):
        login_as(person)
        page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
        assert "Checking the reported boundary" in page
    # Once the concern is closed, no more access.
    resolve(coordinator, db.session.get(Concern, concern.id), FIXED_NOW)
    db.session.commit()
    login_as(coordinator)
    assert post(f"/programme/matches/{match.id}/conversation",
                {"reason": "again"}).status_code == 403


def test_report_one_message_attaches_it_to_a_concern(client, post, login_as, pair, coordinator,
                                                     db):
    match = pair()
    message = services.send_message(match.mentor, match, "a message to report",
                                    FIXED_NOW).message
    db.session.commit()
    login_as(match.mentee)
    url = f"/matches/{match.id}/messages/{message.id}/report"
    assert "a message to report" in client.get(url).get_data(as_text=True)
    response = post(url, {"category": "boundary", "form_token": "t1"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "joint à ton signalement" in text  # what happens next
    concern = db.session.scalar(db.select(Concern))
    assert concern.message_id == message.id and concern.source == "message"
    login_as(coordinator)
    detail = client.get(f"/programme/concerns/{concern.id}").get_data(as_text=True)
    assert "a message to report" in detail


def test_a_stranger_cannot_report_a_message_of_another_match(client, post, login_as, pair, db):
    ours, theirs = pair(), pair(email="other@example.org")
    message = services.send_message(theirs.mentor, theirs, "not yours", FIXED_NOW).message
    db.session.commit()
    login_as(ours.mentee)
    assert client.get(f"/matches/{ours.id}/messages/{message.id}/report").status_code == 404
