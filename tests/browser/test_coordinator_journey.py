"""A coordinator in Chromium, in English at 1280 px and in French at 375 px: the round preview
(Not now, a replaced mentor, an error that keeps every choice), a manual pair by pseudonym, a
concern from Montreal and a country's crisis list."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pyotp
import pytest

from mentoring.pairing.models import Match
from mentoring.profiles.models import MentorProfile
from mentoring.safety.models import ConcernCategory
from tests.conftest import PASSWORD, TOTP_SECRET
from tests.pairing.conftest import approved_mentor, waiting_mentee  # noqa: F401

pytestmark = pytest.mark.browser

SETUPS = [pytest.param("en", 1280, id="en-1280"), pytest.param("fr", 375, id="fr-375")]
WORDS = {
    "en": {"preview": "Preview the assignment", "approve": "Approve the selected pairs",
           "nothing": "Nothing was approved", "approved": "1 proposal approved",
           "also_chosen": "is also chosen for", "manual": "Approve this pair",
           "full": "the mentor has no free place", "reach": "How to reach Loutre Jade",
           "quebec": "Quebec", "save": "Save the list", "write_number": "Write the number",
           "saved": "The list for Canada is saved", "open": "Open",
           "crisis": "Crisis resources by country", "problems": "There are 2 problems"},
    "fr": {"preview": "Prévisualiser la répartition", "approve": "Valider les paires sélectionnées",
           "nothing": "Rien n'a été validé", "approved": "1 proposition validée",
           "also_chosen": "est aussi choisi pour", "manual": "Valider cette paire",
           "full": "le mentor n'a plus de place libre", "reach": "Comment joindre Loutre Jade",
           "quebec": "Québec", "save": "Enregistrer la liste", "write_number": "Écris le numéro",
           "saved": "La liste pour Canada est enregistrée", "open": "Ouvrir",
           "crisis": "Numéros d'aide par pays", "problems": "Il y a 2 problèmes"},
}


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(lang: str, width: int):
        context = browser.new_context(locale="fr-FR" if lang == "fr" else "en-GB",
                                      viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_
    for context in contexts:
        context.close()


def log_in_coordinator(page, base, email):
    page.goto(base + "/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    totp = pyotp.TOTP(TOTP_SECRET)
    page.locator("input[name=code]").fill(totp.now())
    page.locator("main form button[type=submit]").first.click()
    if page.locator("input[name=code]").count():  # the code was just used: wait for the next
        time.sleep(31 - time.time() % 30)
        page.locator("input[name=code]").fill(totp.now())
        page.locator("main form button[type=submit]").first.click()


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize(("lang", "width"), SETUPS)
def test_round_not_now_a_replacement_and_an_error_that_keeps_every_choice(
        lang, width, open_page, live_server, make_coordinator, waiting_mentee,  # noqa: F811
        approved_mentor, db, tmp_path):  # noqa: F811
    words = WORDS[lang]
    make_coordinator(email="coord@example.org", locale=lang)
    mentees = [waiting_mentee() for _ in range(3)]
    mentors = [approved_mentor(capacity=1) for _ in range(3)]
    page = open_page(lang, width)
    log_in_coordinator(page, live_server, "coord@example.org")
    page.goto(live_server + "/programme/round")
    page.get_by_role("button", name=words["preview"]).click()
    selects = page.locator("select[name^=choice-]")
    assert selects.count() == 3
    no_sideways_scroll(page)
    rows = [(int(s.get_attribute("name").split("-")[1]), int(s.input_value()))
            for s in selects.all()]
    (mentee_a, _mentor_a), (mentee_b, mentor_b), (mentee_c, mentor_c) = rows
    # A gets B's mentor instead; B is left out ("Not now"); C is kept as proposed.
    page.locator(f"#choice-{mentee_a}").select_option(str(mentor_b))
    page.locator(f"#choice-{mentee_b}").select_option("")
    # Meanwhile C's mentor takes a mentee elsewhere: no free place left.
    profile = db.session.scalar(db.select(MentorProfile).where(
        MentorProfile.user_id == mentor_c))
    profile.open_matches = 1
    db.session.commit()
    page.get_by_role("button", name=words["approve"]).click()

    summary = page.locator(".error-summary")
    assert words["nothing"] in summary.inner_text()
    assert page.locator(f"#choice-{mentee_a}").input_value() == str(mentor_b)
    assert page.locator(f"#choice-{mentee_b}").input_value() == ""
    assert page.locator(f"#choice-{mentee_c}").get_attribute("aria-invalid") == "true"
    assert words["full"] in page.locator(f"#row-{mentee_c}").inner_text()
    page.screenshot(path=str(tmp_path / f"round-error-{lang}-{width}.png"), full_page=True)
    no_sideways_scroll(page)
    summary.locator(f'a[href="#choice-{mentee_c}"]').click()
    assert page.evaluate("document.activeElement.id") == f"choice-{mentee_c}"

    # The coordinator leaves C out too and approves the rest.
    page.locator(f"#choice-{mentee_c}").select_option("")
    page.get_by_role("button", name=words["approve"]).click()
    assert page.get_by_text(words["approved"]).is_visible()
    made = {m.mentee_id: m.mentor_id for m in db.session.scalars(db.select(Match))}
    assert made == {mentee_a: mentor_b}
    assert {m.id for m in mentees} == {mentee_a, mentee_b, mentee_c}
    assert {m.id for m in mentors} >= {mentor_b, mentor_c}


@pytest.mark.parametrize(("lang", "width"), SETUPS)
def test_manual_pair_by_pseudonym_with_a_clear_refusal(
        lang, width, open_page, live_server, make_coordinator, waiting_mentee,  # noqa: F811
        approved_mentor, db):  # noqa: F811
    words = WORDS[lang]
    make_coordinator(email="coord@example.org", locale=lang)
    mentee = waiting_mentee()
    full, free = approved_mentor(capacity=1), approved_mentor(capacity=2)
    db.session.scalar(db.select(MentorProfile).where(
        MentorProfile.user_id == full.id)).open_matches = 1
    db.session.commit()
    page = open_page(lang, width)
    log_in_coordinator(page, live_server, "coord@example.org")
    page.goto(live_server + "/programme/round")
    form = page.locator("form[action$='/pairs/manual']")
    mentee_label = form.locator("#mentee_id option", has_text=mentee.pseudonym).inner_text()
    form.locator("#mentee_id").select_option(label=mentee_label)
    form.locator("#mentor_id").select_option(
        label=form.locator("#mentor_id option", has_text=full.pseudonym).inner_text())
    form.get_by_role("button", name=words["manual"]).click()
    assert words["full"] in page.locator(".error-summary").inner_text()
    assert page.locator("#mentor_id").get_attribute("aria-invalid") == "true"
    assert page.locator("#mentee_id").input_value() == str(mentee.id)  # the choice is kept
    no_sideways_scroll(page)
    page.locator("#mentor_id").select_option(
        label=page.locator("#mentor_id option", has_text=free.pseudonym).inner_text())
    page.get_by_role("button", name=words["manual"]).click()
    assert re.search(r"/matches/\d+$", page.url)
    assert db.session.scalar(db.select(Match.mentor_id)) == free.id


@pytest.mark.parametrize(("lang", "width"), SETUPS)
def test_a_concern_from_montreal_shows_how_to_reach_her(
        lang, width, open_page, live_server, make_coordinator, make_mentee, db):
    from mentoring.safety.concerns import raise_concern

    words = WORDS[lang]
    make_coordinator(email="coord@example.org", locale=lang)
    mentee = make_mentee(email="loutre@example.org", pseudonym="Loutre Jade",
                         timezone="America/Montreal")
    raise_concern(mentee, ConcernCategory.IMMEDIATE_RISK, "I am scared.", datetime.now(UTC))
    db.session.commit()
    page = open_page(lang, width)
    log_in_coordinator(page, live_server, "coord@example.org")
    page.goto(live_server + "/programme/concerns")
    page.get_by_role("link", name=words["open"], exact=True).first.click()
    contact = page.locator("section.contact")
    assert words["reach"] in contact.inner_text()
    assert contact.get_by_role("link", name="loutre@example.org").is_visible()
    text = contact.inner_text()
    montreal = datetime.now(ZoneInfo("America/Montreal"))
    times = {(montreal - timedelta(minutes=m)).strftime("%H:%M") for m in (0, 1)}
    assert words["quebec"] in text and "911" in text
    assert any(hhmm in text for hhmm in times), (times, text)
    no_sideways_scroll(page)


@pytest.mark.parametrize(("lang", "width"), SETUPS)
def test_a_coordinator_edits_canadas_crisis_list(
        lang, width, open_page, live_server, make_coordinator, browser):
    words = WORDS[lang]
    make_coordinator(email="coord@example.org", locale=lang)
    page = open_page(lang, width)
    log_in_coordinator(page, live_server, "coord@example.org")
    page.goto(live_server + "/programme/")
    page.get_by_role("link", name=words["crisis"]).click()
    page.get_by_role("link", name="Canada", exact=True).click()
    page.locator("#entries-4-number").fill("1 866 555-0199")
    page.locator("#entries-4-name_fr").fill("Ligne des jeunes de Montréal")
    page.locator("#entries-4-name_en").fill("Montreal youth line")
    page.locator("#entries-0-number").fill("")  # a mistake: 911 wiped out
    page.locator("#entries-5-name_en").fill("Half-filled")
    page.get_by_role("button", name=words["save"]).click()
    summary = page.locator(".error-summary")
    assert words["write_number"] in summary.inner_text()
    assert page.locator("#entries-4-number").input_value() == "1 866 555-0199"  # edits kept
    summary.locator('a[href="#entries-0-number"]').click()
    assert page.evaluate("document.activeElement.id") == "entries-0-number"
    no_sideways_scroll(page)
    page.locator("#entries-0-number").fill("911")
    page.locator("#entries-5-name_en").fill("")
    page.get_by_role("button", name=words["save"]).click()
    assert page.get_by_text(words["saved"]).is_visible()

    visitor = browser.new_context(locale="en-CA")
    help_page = visitor.new_page()
    help_page.goto(live_server + "/help")
    first_country = help_page.locator("main section").first.inner_text()
    assert "Montreal youth line" in first_country and "911" in first_country
    visitor.close()
