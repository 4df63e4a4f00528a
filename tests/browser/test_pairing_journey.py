"""Three people in Chromium: a mentee asks, a coordinator matches, a mentor accepts, both agree."""

from __future__ import annotations

import re

import pyotp
import pytest

from tests.conftest import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.browser


def log_in(page, base, email, totp_secret=None):
    page.goto(base + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if totp_secret:  # two-factor: the code an authenticator app would show now
        page.get_by_label("6-digit code from your app").fill(pyotp.TOTP(totp_secret).now())
        page.get_by_role("button", name="Continue").click()


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def test_three_accounts_walk_from_request_to_active_match(
        live_server, browser, make_coordinator, make_mentor, tags, db, outbox):
    from mentoring.profiles import services as availability
    from mentoring.profiles.requests import ApplicationAnswers, submit_application
    from tests.conftest import FIXED_NOW

    make_coordinator(email="coord@example.org", locale="en")
    mentor = make_mentor(email="mentor@example.org", pseudonym="Hibou Ocre", locale="en",
                         timezone="America/Montreal")
    submit_application(mentor, ApplicationAnswers(
        experience_ids=[tags["anxiety"].id], story="I had panic attacks at school.",
        topic_ids=[tags["school"].id], language_ids=[tags["fr"].id], bio="Student, music fan.",
        age=23, gender=None, capacity=2, wants_minors=False, timezone="America/Montreal"),
        FIXED_NOW)
    availability.add_availability(mentor, 1, 12 * 60, 15 * 60)  # Tuesday 12-15 in Montreal
    db.session.commit()

    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server

    # The mentee signs up, fills in the request and the availability editor.
    page.goto(base + "/signup")
    page.get_by_label("find a mentor (mentee)").check()
    page.get_by_label("Pseudonym").fill("Loutre Jade")
    page.get_by_label("E-mail address").fill("mentee@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Create my account").click()
    assert page.get_by_text("Check your inbox").is_visible()
    body = outbox()[-1].get_body(("plain",)).get_content()
    page.goto(base + re.search(r"http://localhost(/signup/confirm/\S+)", body).group(1))
    page.get_by_label("The password you chose").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and log in").click()
    page.get_by_role("link", name="Ask for a mentor").first.click()
    page.get_by_label("school-en").check()
    page.get_by_label("anxiety-en").check()
    page.get_by_label("fr-en").check()
    page.get_by_label("Your age").fill("19")
    page.get_by_role("button", name="Save my request").click()
    assert page.get_by_text("You are on the waiting list").is_visible()
    page.get_by_role("link", name="My availability").first.click()
    page.get_by_label("Day").select_option(label="Tuesday")
    page.get_by_label("From").select_option(label="18:00")
    page.get_by_label("To", exact=True).select_option(label="21:00")
    page.get_by_role("button", name="Add", exact=True).click()
    assert page.get_by_text("18:00–21:00").is_visible()
    log_out(page)

    # The coordinator approves the mentor, runs a round and approves the proposed pair.
    log_in(page, base, "coord@example.org", TOTP_SECRET)
    page.goto(base + "/programme/mentors")
    page.get_by_role("link", name="Hibou Ocre").click()
    page.get_by_label("Background check done on").fill("2026-11-01")
    page.get_by_label("Check valid until").fill("2027-11-01")
    page.get_by_label("Training completed on").fill("2026-11-10")
    page.get_by_role("button", name="Approve (or renew) this mentor").click()
    page.get_by_role("link", name="Matching round").first.click()
    page.get_by_role("button", name="Preview the assignment").click()
    row = page.locator("table.proposals tbody tr")
    assert row.count() == 1 and "Loutre Jade" in row.inner_text()
    page.get_by_role("button", name="Approve the selected pairs").click()
    assert page.get_by_text("1 proposal approved").is_visible()
    log_out(page)

    # The mentor accepts, without seeing who the mentee is yet.
    log_in(page, base, "mentor@example.org")
    page.get_by_role("link", name="New proposal: please answer").click()
    assert page.get_by_text("Loutre Jade").count() == 0
    page.get_by_role("button", name="Accept").click()
    log_out(page)

    # The mentee confirms; the match is active for both.
    log_in(page, base, "mentee@example.org")
    page.get_by_role("link", name="See the proposal").click()
    assert page.get_by_role("heading", name=re.compile("Hibou Ocre")).is_visible()
    page.get_by_role("button", name="Confirm this mentor").click()
    assert page.get_by_text("Your match is confirmed").is_visible()
    page.goto(base + "/request/status")
    assert page.get_by_text("You have a mentor: Hibou Ocre").is_visible()
    log_out(page)
    log_in(page, base, "mentor@example.org")
    assert page.get_by_text(re.compile("Loutre Jade")).first.is_visible()
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_in_french_a_paris_mentor_accepts_and_a_montreal_mentee_confirms(
        live_server, browser, waiting_mentee, approved_mentor, coordinator, db, width):
    """The French words of the proposal, on a phone and a laptop: the mentor answers without
    learning who the mentee is; the mentee then reads who the mentor is and confirms."""
    from mentoring.clock import now_utc
    from mentoring.pairing import services as pairing
    from tests.browser.test_participant_journeys import assert_no_sideways_scroll
    from tests.browser.test_participant_journeys import log_in as log_in_any

    mentee = waiting_mentee(timezone="America/Montreal")
    mentor = approved_mentor(timezone="Europe/Paris")
    mentee.locale = mentor.locale = "fr"
    mentee.pseudonym, mentor.pseudonym = "Loutre Jade", "Hibou Ocre"
    pairing.approve_pair(coordinator, mentee, mentor, now_utc(), respond_days=7)
    db.session.commit()

    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server

    log_in_any(page, base, mentor.email)
    page.get_by_role("link", name=re.compile("Nouvelle proposition")).first.click()
    assert page.get_by_text("Loutre Jade").count() == 0
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Accepter", exact=True).click()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in_any(page, base, mentee.email)
    page.get_by_role("link", name="Voir la proposition").first.click()
    assert page.get_by_role("heading", name=re.compile("Hibou Ocre")).is_visible()
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Confirmer ce mentor").click()
    assert page.get_by_text(re.compile("Ton binôme est confirmé")).first.is_visible()
    page.get_by_role("button", name="Se déconnecter").click()

    log_in_any(page, base, mentor.email)
    assert page.get_by_text(re.compile("Loutre Jade")).first.is_visible()
    context.close()
