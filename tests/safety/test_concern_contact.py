"""A concern's page gives coordinators what they need to reach the person, and nobody else."""

from __future__ import annotations

import html

from mentoring.safety.models import Concern


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_concern_from_montreal_shows_how_and_when_to_reach_the_person(
        client, post, login_as, make_active_match, make_mentee, make_coordinator, db, clock):
    mentee = make_mentee(email="loutre@example.org", pseudonym="Loutre Jade",
                         timezone="America/Montreal")
    match = make_active_match(mentee=mentee)
    login_as(mentee)
    post(f"/matches/{match.id}/concern", {"category": "immediate_risk", "text": "Help."})
    concern = db.session.scalar(db.select(Concern))
    login_as(make_coordinator(locale="en"))
    page = text(client.get(f"/programme/concerns/{concern.id}"))
    assert 'href="mailto:loutre@example.org"' in page
    contact = page[page.find('id="contact-title"'):page.find('class="actions"')]
    assert "<dd>Quebec</dd>" in contact and "Montreal" in contact, contact
    # FIXED_NOW is 09:00 UTC on Tuesday 24 November 2026: 04:00 in Montreal.
    assert "Tuesday 24 November 2026, 04:00" in page
    assert "911, 988" in page  # the emergency numbers of her country, not France's
    assert f'href="/matches/{match.id}"' in page
    assert f"Loutre Jade and {match.mentor.pseudonym}" in page


def test_the_reporter_and_the_other_person_never_see_the_coordinators_page(
        client, post, login_as, make_active_match, db):
    match = make_active_match()
    login_as(match.mentee)
    post(f"/matches/{match.id}/concern", {"category": "boundary", "text": "x"})
    concern = db.session.scalar(db.select(Concern))
    for person in (match.mentee, match.mentor):
        login_as(person)
        response = client.get(f"/programme/concerns/{concern.id}")
        assert response.status_code in (403, 404)
        assert match.mentee.email not in text(response)
