"""Two people write to each other in Chromium: French and English, live updates, then without JS."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentoring.pairing.models import Match, MatchStatus
from tests.conftest import FIXED_NOW, PASSWORD

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/convo-screenshots")


@pytest.fixture
def server(live_server):
    """The app served in a thread (the shared fixture of tests/browser/conftest.py)."""
    return live_server


@pytest.fixture
def match(db, make_mentee, make_mentor):
    match = Match(mentee_id=make_mentee(pseudonym="Lune", email="lune@example.org",
                                        locale="fr").id,
                  mentor_id=make_mentor(pseudonym="Sunny", email="sunny@example.org",
                                        locale="en").id,
                  status=MatchStatus.ACTIVE, activated_at=FIXED_NOW)
    db.session.add(match)
    db.session.commit()
    return match


def _person(browser, server, email, locale, javascript=True):
    context = browser.new_context(locale=locale, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(server + "/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/home")
    return context, page


def _shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)


def test_two_people_exchange_messages_live_in_french_and_english(browser, server, match):
    mentee_ctx, mentee = _person(browser, server, "lune@example.org", "fr-FR")
    mentor_ctx, mentor = _person(browser, server, "sunny@example.org", "en-GB")
    thread = f"{server}/matches/{match.id}/messages"
    mentor.goto(thread)
    assert mentor.get_by_role("heading", name="Conversation with Lune").is_visible()

    # The mentee is elsewhere: the menu counts the message the mentor sends.
    mentee.goto(server + "/home")
    mentor.get_by_label("Your message").fill("Hello Lune, how was your week?")
    mentor.get_by_role("button", name="Send").click()
    mentee.goto(server + "/messages")
    assert mentee.locator("#unread-messages").inner_text() == "1"

    mentee.goto(thread)
    assert mentee.get_by_role("heading", name="Conversation avec Sunny").is_visible()
    assert mentee.get_by_text("Hello Lune, how was your week?").is_visible()
    assert mentee.locator("#unread-messages").count() == 0
    # Both pages stay open; each new message appears on the other without a reload.
    mentee.get_by_label("Ton message").fill("Bonjour ! Une semaine chargée, mais ça va.")
    mentee.get_by_role("button", name="Envoyer").click()
    mentor.get_by_text("Bonjour ! Une semaine chargée, mais ça va.").wait_for()
    mentor.get_by_label("Your message").fill("Glad to hear it. Same time on Tuesday?")
    mentor.get_by_role("button", name="Send").click()
    mentee.get_by_text("Glad to hear it. Same time on Tuesday?").wait_for()
    assert mentee.locator("li.message").count() == 3
    _shoot(mentee, "thread-fr")
    _shoot(mentor, "thread-en")
    mentee_ctx.close()
    mentor_ctx.close()


def test_the_same_without_javascript(browser, server, match):
    mentee_ctx, mentee = _person(browser, server, "lune@example.org", "fr-FR", javascript=False)
    mentor_ctx, mentor = _person(browser, server, "sunny@example.org", "en-GB", javascript=False)
    thread = f"{server}/matches/{match.id}/messages"
    mentee.goto(thread)
    mentee.get_by_label("Ton message").fill("Coucou, sans JavaScript.")
    mentee.get_by_role("button", name="Envoyer").click()
    assert mentee.get_by_text("Coucou, sans JavaScript.").is_visible()

    mentor.goto(server + "/home")
    assert mentor.locator("#unread-messages").inner_text() == "1"
    mentor.goto(thread)
    assert mentor.get_by_text("Coucou, sans JavaScript.").is_visible()
    mentor.get_by_label("Your message").fill("Works for me too.")
    mentor.get_by_role("button", name="Send").click()
    mentee.reload()
    assert mentee.get_by_text("Works for me too.").is_visible()
    _shoot(mentee, "thread-nojs-fr")
    mentee_ctx.close()
    mentor_ctx.close()


def test_a_risk_phrase_shows_help_at_once(browser, server, match):
    context, mentee = _person(browser, server, "lune@example.org", "fr-FR")
    mentee.goto(f"{server}/matches/{match.id}/messages")
    mentee.get_by_label("Ton message").fill("J'ai ENVIE DE MOURIR ce soir")
    mentee.get_by_role("button", name="Envoyer").click()
    assert mentee.get_by_role("heading", name="De l'aide est là si tu en as besoin").is_visible()
    assert mentee.get_by_text("3114").first.is_visible()
    _shoot(mentee, "support-fr")
    mentee.get_by_role("button", name="Je ne suis pas en sécurité").click()
    assert mentee.get_by_role("heading", name="Merci de nous l'avoir dit").is_visible()
    context.close()
