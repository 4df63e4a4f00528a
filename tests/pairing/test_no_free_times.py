"""A request without any free time can never be matched: the mentee is told, in her language."""

from __future__ import annotations


def test_a_waiting_mentee_without_free_times_is_told_how_to_become_matchable(
        client, db, login_as, waiting_mentee):
    mentee = waiting_mentee(slots=())
    db.session.commit()
    login_as(mentee)
    page = client.get("/request/status").get_data(as_text=True)
    assert "aucun moment libre" in page and 'href="/availability"' in page


def test_the_warning_goes_once_a_free_time_is_given(client, db, login_as, waiting_mentee):
    mentee = waiting_mentee()  # one evening a week
    db.session.commit()
    login_as(mentee)
    mentee.locale = "en"
    db.session.commit()
    page = client.get("/request/status").get_data(as_text=True)
    assert "not given any free times" not in page and "aucun moment libre" not in page
