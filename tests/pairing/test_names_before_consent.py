"""Nobody learns who the other person is before both agreed, whatever page they open."""

from __future__ import annotations

import html

import pytest

from mentoring.pairing import services
from tests.conftest import FIXED_NOW


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def proposal(waiting_mentee, approved_mentor, coordinator, db):
    """An approved proposal between a named mentee and a named mentor."""
    mentee = waiting_mentee()
    mentee.pseudonym, mentee.locale = "Loutre Jade", "en"
    mentor = approved_mentor()
    mentor.pseudonym, mentor.locale = "Hibou Ocre", "en"
    mentor.mentor_profile.bio = "Student in Lyon, I like music."
    match = services.approve_pair(coordinator, mentee, mentor, FIXED_NOW, respond_days=5)
    db.session.commit()
    return match


def pages_of(match) -> list[str]:
    return [f"/matches/{match.id}", f"/matches/{match.id}/meetings", "/meetings", "/home",
            "/request/status", "/notifications"]


def seen_by(client, login_as, user, match) -> str:
    login_as(user)
    return "\n".join(text(client.get(url)) for url in pages_of(match))


def test_nobody_is_named_while_the_mentor_is_asked(client, login_as, proposal):
    mentor_view = seen_by(client, login_as, proposal.mentor, proposal)
    assert "Loutre Jade" not in mentor_view
    mentee_view = seen_by(client, login_as, proposal.mentee, proposal)
    assert "Hibou Ocre" not in mentee_view and "Student in Lyon" not in mentee_view
    assert client.get(f"/matches/{proposal.id}/meetings").status_code == 404


def test_the_mentor_who_accepted_is_shown_but_the_mentee_stays_unnamed(
        client, login_as, proposal, db):
    services.accept(proposal.mentor, proposal, FIXED_NOW)
    db.session.commit()
    mentor_view = seen_by(client, login_as, proposal.mentor, proposal)
    assert "Loutre Jade" not in mentor_view
    assert "You accepted: the mentee is asked to confirm" in mentor_view
    login_as(proposal.mentee)
    assert "Hibou Ocre" in text(client.get(f"/matches/{proposal.id}"))
    assert client.get(f"/matches/{proposal.id}/meetings").status_code == 404


@pytest.mark.parametrize("ending", ["declined", "expired", "withdrawn", "rejected"])
def test_a_proposal_that_ended_before_both_agreed_names_nobody_and_says_what_happened(
        client, login_as, proposal, db, ending):
    mentor, mentee = proposal.mentor, proposal.mentee
    if ending == "declined":
        services.decline(mentor, proposal, FIXED_NOW, "No time")
    elif ending == "expired":
        services.expire_overdue(proposal.respond_by_at)
    elif ending == "withdrawn":
        services.withdraw(mentee, proposal, FIXED_NOW)
    else:
        services.accept(mentor, proposal, FIXED_NOW)
        services.refuse(mentee, proposal, FIXED_NOW)
    db.session.commit()
    headline = {
        "declined": ("You declined this proposal", "The mentor who was asked could not take"),
        "expired": ("This proposal expired", "The mentor who was asked did not answer in time"),
        "withdrawn": ("This proposal was cancelled", "This proposal was cancelled"),
        "rejected": ("The mentee did not confirm this match", "You chose not to go ahead"),
    }[ending]
    mentor_view = seen_by(client, login_as, mentor, proposal)
    assert "Loutre Jade" not in mentor_view
    login_as(mentor)
    assert headline[0] in text(client.get(f"/matches/{proposal.id}"))
    mentee_view = seen_by(client, login_as, mentee, proposal)
    assert "Hibou Ocre" not in mentee_view and "Student in Lyon" not in mentee_view
    login_as(mentee)
    assert headline[1] in text(client.get(f"/matches/{proposal.id}"))
