"""A mentee in Montreal and a mentor in Paris, in Chromium, in French and in English, on a phone
(375 px) and a laptop (1280 px): free times, sessions booked, moved, cancelled with a reason,
changed from a date on, a concern from Canada, the data page and erasure. Each step ends on what
the person sees. Screenshots go to $BROWSER_SCREENSHOTS (if set) for a look by eye."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

MONTREAL_NOON = [(day, 12 * 60, 16 * 60) for day in range(7)]  # 18:00–22:00 in Paris
PARIS_EVENINGS = [(day, 18 * 60, 22 * 60) for day in range(7)]
WORDS = {
    "fr": {"added": "Créneau ajouté", "proposed": "Proposer ces séances",
           "confirm": "Confirmer ces séances", "moved": "La séance est déplacée",
           "cancelled": "La séance est annulée", "changed": "à partir",
           "both": "Le nouvel horaire pour chacun de vous deux",
           "data": "Tes créneaux libres de la semaine",
           "erased": "Ton compte et tes données personnelles ont été effacés",
           "ended": "la personne mentorée a supprimé son compte",
           "changed_done": "Les séances sont modifiées à partir de ce jour."},
    "en": {"added": "Time slot added", "proposed": "Propose these sessions",
           "confirm": "Confirm these sessions", "moved": "The session is moved",
           "cancelled": "The session is cancelled", "changed": "from",
           "both": "The new time for each of you", "data": "Your weekly free times",
           "erased": "Your account and your personal data have been erased",
           "ended": "the mentee deleted their account",
           "changed_done": "The sessions are changed from that day on."},
}


def shoot(page, name: str) -> None:
    folder = os.environ.get("BROWSER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def log_in(page, base, email):
    page.goto(base + "/login")
    page.locator("main input[name=email]").fill(email)
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def log_out(page):
    page.locator("form[action$='/logout'] button").click()


def assert_no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, f"{page.url} is {width} px wide"


@pytest.mark.parametrize("language,width", [("en", 375), ("fr", 1280), ("fr", 375),
                                            ("en", 1280)])
def test_montreal_mentee_and_paris_mentor_walk_their_sessions(
        live_server, browser, make_mentee, make_mentor, make_active_match, db, language, width):
    words = WORDS[language]
    mentee = make_mentee(email="loutre@example.org", pseudonym="Loutre Jade", locale=language,
                         timezone="America/Montreal", country="CA")
    mentor = make_mentor(email="hibou@example.org", pseudonym="Hibou Ocre", locale=language,
                         timezone="Europe/Paris")
    match = make_active_match(mentee, mentor, mentee_hours=MONTREAL_NOON[:6],
                              mentor_hours=PARIS_EVENINGS)
    context = browser.new_context(locale="fr-FR" if language == "fr" else "en-GB",
                                  viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base, tag = live_server, f"{language}-{width}"

    # The mentee adds a free time: the editor keeps her values and its place.
    log_in(page, base, mentee.email)
    page.goto(base + "/availability")
    page.locator("select[name=weekday]").select_option("6")
    page.locator("select[name=start]").select_option(str(12 * 60))
    page.locator("select[name=end]").select_option(str(16 * 60))
    page.locator("main form[action$='/availability'] button[type=submit]").click()
    assert page.get_by_text(words["added"]).is_visible()
    assert page.url.endswith("#add-slot")
    assert page.locator("select[name=weekday]").input_value() == "6"
    shoot(page, f"{tag}-availability")
    assert_no_sideways_scroll(page)

    # She proposes weekly sessions; the mentor confirms them.
    page.goto(base + f"/matches/{match.id}/meetings")
    page.get_by_role("button", name=words["proposed"]).click()
    shoot(page, f"{tag}-proposed")
    log_out(page)
    log_in(page, base, mentor.email)
    page.goto(base + f"/matches/{match.id}/meetings")
    page.get_by_role("button", name=words["confirm"]).click()
    sessions = page.locator("a[href*='/sessions/']")
    assert sessions.count() >= 3
    shoot(page, f"{tag}-mentor-sessions")
    assert_no_sideways_scroll(page)
    log_out(page)

    # The mentee moves her second session to a time that suits both, seeing both zones first.
    log_in(page, base, mentee.email)
    page.goto(base + f"/matches/{match.id}/meetings")
    hrefs = page.eval_on_selector_all("a[href*='/sessions/']",
                                      "as => [...new Set(as.map(a => a.getAttribute('href')))]")
    page.goto(base + hrefs[1])
    shoot(page, f"{tag}-session")
    assert_no_sideways_scroll(page)
    shared = page.locator("input[name=time]:not([value=''])")
    assert shared.count() >= 1
    label = page.locator(f"label[for='{shared.first.get_attribute('id')}']")
    assert label.evaluate("l => l.scrollWidth <= l.clientWidth + 1")  # not cut at 375 px
    shared.first.check()
    page.locator("main form[action$='/move'] button[type=submit]").click()
    assert page.get_by_text(words["both"]).is_visible()
    assert page.get_by_text("Hibou Ocre").first.is_visible()
    shoot(page, f"{tag}-move-confirm")
    page.locator("main form[action$='/move'] button[type=submit]").click()
    assert page.get_by_text(words["moved"]).is_visible()

    # She cancels the third session with a reason the mentor will read.
    page.goto(base + hrefs[2])
    page.locator("a[href$='/cancel']").click()
    page.locator("textarea[name=reason]").fill("Exam week")
    shoot(page, f"{tag}-cancel")
    page.locator("main form button[type=submit]").click()
    assert page.get_by_text(words["cancelled"]).is_visible()

    # From the fourth session on she changes the time: the new sessions are listed on the
    # match's page with the place kept, and each of them can be moved or cancelled.
    page.goto(base + hrefs[3])
    form = page.locator("main form[action$='/change-series']")
    form.locator("input[name=action][value=retime]").check()
    slots = form.locator("select[name=slot] option:not([value=''])")
    assert slots.count() >= 2
    form.locator("select[name=slot]").select_option(slots.nth(1).get_attribute("value"))
    form.locator("input[name=location]").fill("Café des Arts")
    shoot(page, f"{tag}-change-from")
    form.locator("button[type=submit]").click()
    assert page.get_by_text(words["changed_done"]).is_visible()
    page.goto(base + f"/matches/{match.id}/meetings")
    after = page.eval_on_selector_all(
        "a[href*='/sessions/']", "as => [...new Set(as.map(a => a.getAttribute('href')))]")
    new_sessions = [href for href in after if href not in hrefs]
    assert new_sessions, "the sessions of the new series are listed"
    shoot(page, f"{tag}-after-change")
    assert_no_sideways_scroll(page)
    page.goto(base + new_sessions[0])
    assert page.get_by_text("Café des Arts").first.is_visible()
    assert page.locator("main form[action$='/move']").count() == 1
    assert page.locator("a[href$='/cancel']").count() == 1

    # A concern from Canada: the numbers shown are Canada's.
    page.goto(base + f"/matches/{match.id}/concern")
    assert page.get_by_text("911").first.is_visible()
    assert page.get_by_text("988").first.is_visible()
    assert page.get_by_text("3114").count() == 0
    shoot(page, f"{tag}-concern")

    # Her data, readable in her language, then erasure.
    page.goto(base + "/account/data/readable")
    assert page.get_by_role("heading", name=words["data"]).is_visible()
    assert page.get_by_text(re.compile("Montr")).first.is_visible()
    shoot(page, f"{tag}-my-data")
    assert_no_sideways_scroll(page)
    page.goto(base + "/account/data")
    page.locator("main input[name=password]").fill(PASSWORD)
    page.locator("main input[name=confirm]").check()
    page.locator("main form[action$='/delete'] button[type=submit]").click()
    assert page.get_by_text(words["erased"]).is_visible()

    # The mentor still sees the match, ended, and the cancelled session's reason reached him.
    log_in(page, base, mentor.email)
    page.goto(base + "/home")
    assert page.get_by_text(words["ended"]).first.is_visible()
    shoot(page, f"{tag}-mentor-home-after")
    context.close()
