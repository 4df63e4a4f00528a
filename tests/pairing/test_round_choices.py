"""The round preview keeps every choice through an error and marks the faulty row; manual pairs
are chosen by pseudonym."""

from __future__ import annotations

import html
import re

from mentoring.pairing.models import Match
from mentoring.profiles.models import MentorProfile
from tests.pairing.test_journey import WEIGHTS


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _round(mentees, mentors):
    return {**WEIGHTS, "mentees": [m.id for m in mentees], "mentors": [m.id for m in mentors]}


def _selected(page: str, mentee_id: int) -> str:
    select = re.search(rf'<select name="choice-{mentee_id}".*?</select>', page, re.S).group(0)
    option = re.search(r'<option value="([^"]*)" selected>', select)
    return option.group(1) if option else "(none)"


def test_any_subset_with_a_replacement_and_a_pair_left_out(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    first, second, third = waiting_mentee(), waiting_mentee(), waiting_mentee()
    a, b, c = approved_mentor(capacity=1), approved_mentor(capacity=1), approved_mentor()
    login_as(coordinator)
    page = text(post("/programme/round", _round([first, second, third], [a, b, c])))
    rows = re.findall(r'name="rows" value="(\d+):(\d+)"', page)
    assert len(rows) == 3
    proposed = {int(mentee): int(mentor) for mentee, mentor in rows}
    spare = ({a.id, b.id, c.id} - {proposed[first.id], proposed[second.id]}).pop()
    response = post("/programme/round/approve", {
        **_round([first, second, third], [a, b, c]), "rows": [f"{m}:{n}" for m, n in rows],
        f"choice-{first.id}": str(proposed[first.id]), f"choice-{second.id}": str(spare),
        f"choice-{third.id}": ""})
    assert response.status_code == 302, text(response)
    made = {m.mentee_id: m.mentor_id for m in db.session.scalars(db.select(Match))}
    assert made == {first.id: proposed[first.id], second.id: spare}


def test_a_mentor_full_since_the_preview_marks_that_row_and_keeps_every_choice(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    first, second = waiting_mentee(), waiting_mentee()
    a, b = approved_mentor(capacity=1), approved_mentor(capacity=1)
    login_as(coordinator)
    page = text(post("/programme/round", _round([first, second], [a, b])))
    rows = re.findall(r'name="rows" value="(\d+):(\d+)"', page)
    proposed = {int(mentee): int(mentor) for mentee, mentor in rows}
    # Meanwhile the first mentee's mentor takes someone else: no free place left.
    profile = db.session.scalar(db.select(MentorProfile).where(
        MentorProfile.user_id == proposed[first.id]))
    profile.open_matches = profile.capacity
    db.session.commit()
    response = post("/programme/round/approve", {
        **_round([first, second], [a, b]), "rows": [f"{m}:{n}" for m, n in rows],
        f"choice-{first.id}": str(proposed[first.id]), f"choice-{second.id}": ""})
    assert response.status_code == 409
    page = text(response)
    assert db.session.scalar(db.select(Match)) is None
    # The choices come back as they were: the first pair kept, the second "Not now".
    assert _selected(page, first.id) == str(proposed[first.id])
    assert _selected(page, second.id) == ""
    # The faulty row is marked, its message is on the row and in the summary, linked.
    row = re.search(rf'<tr id="row-{first.id}" class="has-error">.*?</tr>', page, re.S).group(0)
    assert f'aria-describedby="choice-{first.id}-error"' in row and 'aria-invalid="true"' in row
    assert "n'a plus de place libre" in row
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    assert f'href="#choice-{first.id}"' in summary and "n'a plus de place libre" in summary
    assert 'class="has-error"' not in page.split(f'id="row-{second.id}"')[1].split("</tr>")[0]


def test_a_mentor_chosen_twice_beyond_their_places_names_the_other_row(
        post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    first, second = waiting_mentee(), waiting_mentee()
    a, b = approved_mentor(capacity=1), approved_mentor(capacity=1)
    login_as(coordinator)
    page = text(post("/programme/round", _round([first, second], [a, b])))
    rows = re.findall(r'name="rows" value="(\d+):(\d+)"', page)
    proposed = {int(mentee): int(mentor) for mentee, mentor in rows}
    response = post("/programme/round/approve", {
        **_round([first, second], [a, b]), "rows": [f"{m}:{n}" for m, n in rows],
        f"choice-{first.id}": str(proposed[first.id]),
        f"choice-{second.id}": str(proposed[first.id])})
    assert response.status_code == 409
    page = text(response)
    assert _selected(page, second.id) == str(proposed[first.id])  # the replacement is kept
    assert f"aussi choisi pour {first.pseudonym}" in page
    assert db.session.scalar(db.select(Match)) is None


def test_an_expired_form_keeps_the_choices(
        client, login_as, waiting_mentee, approved_mentor, coordinator, db):
    first, second = waiting_mentee(), waiting_mentee()
    a, b = approved_mentor(), approved_mentor()
    login_as(coordinator)
    rows = [f"{first.id}:{a.id}", f"{second.id}:{b.id}"]
    response = client.post("/programme/round/approve", data={  # no CSRF token: stale form
        **_round([first, second], [a, b]), "rows": rows, f"choice-{first.id}": "",
        f"choice-{second.id}": str(a.id)})
    assert response.status_code == 400
    page = text(response)
    assert "Tes choix sont conservés" in page or "choix sont conservés" in page
    assert _selected(page, first.id) == "" and _selected(page, second.id) == str(a.id)
    assert db.session.scalar(db.select(Match)) is None


def test_manual_pair_is_chosen_by_pseudonym_with_clear_refusals(
        client, post, login_as, waiting_mentee, approved_mentor, coordinator, db):
    mentee, mentor = waiting_mentee(), approved_mentor()
    full = approved_mentor(capacity=1)
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == full.id))
    profile.open_matches = 1
    db.session.commit()
    login_as(coordinator)
    page = text(client.get("/programme/round"))
    form = page.split('id="manual-pair"')[1]
    assert re.search(rf'<option value="{mentee.id}">{mentee.pseudonym} \(en attente depuis', form)
    assert re.search(rf'<option value="{mentor.id}">{mentor.pseudonym} \(1 place libre\)', form)
    assert "numéro" not in form.lower()
    # Nothing chosen: the fields say so, in a summary linking to them.
    refused = post("/programme/pairs/manual", {"mentee_id": "", "mentor_id": ""})
    assert refused.status_code == 400
    page = text(refused)
    assert 'href="#mentee_id"' in page and "Choisis un mentoré" in page
    # A mentor with no free place: a safeguarding refusal on the mentor field, choices kept.
    refused = post("/programme/pairs/manual", {"mentee_id": mentee.id, "mentor_id": full.id})
    assert refused.status_code == 409
    page = text(refused)
    assert "le mentor n'a plus de place libre" in page
    assert re.search(rf'<option selected value="{full.id}"|<option value="{full.id}" selected',
                     page)
    assert db.session.scalar(db.select(Match)) is None
    approved = post("/programme/pairs/manual", {"mentee_id": mentee.id, "mentor_id": mentor.id})
    assert approved.status_code == 302
