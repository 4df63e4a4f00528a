"""Issue 14's acceptance, in Chromium: a Montreal mentee confirms the agreement and adds a goal in
French; the Paris mentor reads both in English. Screenshots at 375 and 1280 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentoring.agreements.models import AgreementConfirmation, Goal
from mentoring.pairing.models import Match, MatchStatus
from tests.browser.test_conversation_journey import _person  # the same login in a new context
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/agree-screenshots")


@pytest.fixture
def server(live_server):
    """The app served in a thread (the shared fixture of tests/browser/conftest.py)."""
    return live_server


@pytest.fixture
def match(db, make_mentee, make_mentor):
    match = Match(mentee_id=make_mentee(pseudonym="Lune", email="lune@example.org", locale="fr",
                                        timezone="America/Montreal").id,
                  mentor_id=make_mentor(pseudonym="Sunny", email="sunny@example.org",
                                        locale="en", timezone="Europe/Paris").id,
                  status=MatchStatus.ACTIVE, activated_at=FIXED_NOW)
    db.session.add(match)
    db.session.commit()
    return match


def _shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_a_mentee_confirms_the_agreement_and_adds_a_goal_in_french(browser, server, match, db):
    mentee_ctx, mentee = _person(browser, server, "lune@example.org", "fr-CA")
    mentee.goto(f"{server}/matches/{match.id}")
    assert mentee.get_by_text("Accord à confirmer").first.is_visible()
    _shoot(mentee, "match-waiting-fr")
    mentee.get_by_role("link", name="Lire et confirmer l'accord").click()
    assert mentee.get_by_role("heading", name="Notre accord").is_visible()
    mentee.get_by_role("button", name="Je confirme l'accord").click()  # the box is not ticked
    assert mentee.get_by_role("alert").get_by_text("Coche la case").is_visible()
    _shoot(mentee, "agreement-error-fr")
    mentee.get_by_label("À quel rythme on prévoit de se voir (facultatif)").select_option(
        "weekly")
    mentee.get_by_label("Durée d’une séance, en minutes (facultatif)").fill("45")
    mentee.get_by_label("J'ai lu cet accord et je suis d'accord").check()
    mentee.get_by_role("button", name="Je confirme l'accord").click()
    assert mentee.get_by_text("Merci\u00a0: ton accord est enregistré.").is_visible()
    _shoot(mentee, "match-confirmed-fr")

    mentee.get_by_role("link", name="Objectifs communs").first.click()
    mentee.get_by_label("Objectif").fill("Oser parler en classe")
    mentee.get_by_role("button", name="Ajouter l'objectif").click()
    assert mentee.get_by_role("heading", name="Oser parler en classe").is_visible()
    mentee.get_by_label("Ajouter une note de progrès").fill("J'ai levé la main une fois.")
    mentee.get_by_role("button", name="Ajouter la note").click()
    assert mentee.get_by_text("J'ai levé la main une fois.").is_visible()
    _shoot(mentee, "goals-fr")

    mentor_ctx, mentor = _person(browser, server, "sunny@example.org", "en-GB")
    mentor.goto(f"{server}/matches/{match.id}/goals")
    assert mentor.get_by_role("heading", name="Oser parler en classe").is_visible()
    assert mentor.get_by_text("J'ai levé la main une fois.").is_visible()
    mentor.get_by_label("Goal").fill("Write one good thing each evening")
    mentor.get_by_role("button", name="Send the suggestion").click()
    _shoot(mentor, "goals-en")
    mentor.goto(f"{server}/matches/{match.id}/agreement")
    assert mentor.get_by_text("Lune confirmed on").is_visible()
    _shoot(mentor, "agreement-en")
    for context in (mentee_ctx, mentor_ctx):
        context.close()
    db.session.expire_all()
    assert db.session.scalar(db.select(AgreementConfirmation)).minutes == 45
    assert db.session.scalar(db.select(db.func.count(Goal.id))) == 2
