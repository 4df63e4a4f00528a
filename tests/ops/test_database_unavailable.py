"""A lost database connection: a friendly 503, nothing half-saved, and recovery on its own.

The first tests simulate the lost connection and run on every database; the last one cuts every
connection of the test database with pg_terminate_backend while a concern is being saved, as a
PostgreSQL restart or failover does, and needs PostgreSQL (tests/ops/test_db_restart.py restarts
the real server).
"""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from mentoring.safety import concerns
from mentoring.safety.models import Concern
from tests.conftest import TEST_DATABASE_URL

ON_POSTGRES = bool(TEST_DATABASE_URL) and TEST_DATABASE_URL.startswith("postgresql")
UNAVAILABLE_FR = "Le service est brièvement indisponible"


def lost_connection(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"),
                           connection_invalidated=True)


def test_a_lost_connection_answers_503_with_a_sentence_and_the_crisis_link(
        client, login_as, make_mentee, monkeypatch):
    login_as(make_mentee())
    monkeypatch.setattr("mentoring.pairing.queries.latest_match_of", lost_connection)
    response = client.get("/request/status", headers={"Accept-Language": "fr"})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert UNAVAILABLE_FR in page and "rien n'a été enregistré" in page
    assert 'href="/help"' in page  # "Need help now?" stays on the page


def test_the_503_page_speaks_english_to_english_browsers(client, monkeypatch):
    monkeypatch.setattr("mentoring.core.views.render_template", lost_connection)
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert ("The service is briefly unavailable; nothing was saved, please try again in a "
            "moment.") in unescape(response.get_data(as_text=True))


def test_a_bug_in_a_query_is_not_hidden_behind_a_503(client, monkeypatch):
    def bad_query(*_args):
        raise ProgrammingError("SELECT nope", {}, Exception("column nope does not exist"))

    monkeypatch.setattr("mentoring.core.views.render_template", bad_query)
    with pytest.raises(ProgrammingError):  # testing: the traceback; production: the 500 page
        client.get("/")


def _terminate_every_other_connection() -> None:
    """What a restart does to the app's pooled connections, without stopping the server."""
    killer = create_engine(TEST_DATABASE_URL, isolation_level="AUTOCOMMIT")
    with killer.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    killer.dispose()


@pytest.mark.skipif(not ON_POSTGRES, reason="pg_terminate_backend needs TEST_DATABASE_URL "
                                            "pointing at PostgreSQL")
def test_connections_cut_while_saving_a_concern_save_nothing_and_the_next_try_works(
        app, db, client, post, login_as, make_active_match, make_coordinator, monkeypatch):
    make_coordinator()
    match = make_active_match()
    url = f"/matches/{match.id}/concern"
    login_as(match.mentee)
    db.session.remove()  # the test's own connection goes back to the pool, which gets cut too
    raise_concern = concerns.raise_concern

    def raise_then_lose_the_connection(*args, **kwargs):
        concern = raise_concern(*args, **kwargs)  # flushed: the rows are in the transaction
        _terminate_every_other_connection()
        return concern

    monkeypatch.setattr(concerns, "raise_concern", raise_then_lose_the_connection)
    form = {"category": "immediate_risk", "text": "I am worried."}
    response = post(url, form, headers={"Accept-Language": "fr"})
    assert response.status_code == 503
    assert UNAVAILABLE_FR in response.get_data(as_text=True)
    assert concern_count(db) == 0  # not half-saved

    monkeypatch.setattr(concerns, "raise_concern", raise_concern)
    _terminate_every_other_connection()  # the pool now holds only dead connections
    again = post(url, form)
    assert again.status_code == 302  # pool_pre_ping replaced them: no second 503
    assert concern_count(db) == 1


def concern_count(db) -> int:
    count = db.session.scalar(db.select(db.func.count(Concern.id)))
    db.session.remove()
    return count


def test_while_the_database_is_down_every_page_still_shows_the_programmes_crisis_numbers(
        app, db, client, login_as, make_mentee):
    """The crisis lists are read from the database; the 503 page must not need it (a restart
    in CI once turned it into a 500). The process shows the last copy it read."""
    from sqlalchemy import event

    from mentoring.safety.models import CrisisResourceList

    db.session.add(CrisisResourceList(country="FR", resources=[
        {"number": "0 800 000 111", "name": "Ligne du programme", "emergency": True}]))
    db.session.commit()
    login_as(make_mentee(timezone="Europe/Paris"))
    assert "0 800 000 111" in client.get("/help", headers={"Accept-Language": "fr"}).get_data(
        as_text=True)

    def refuse(*_args, **_kwargs):
        lost_connection()

    db.session.remove()
    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        for path in ("/request/status", "/help", "/"):
            response = client.get(path, headers={"Accept-Language": "fr"})
            page = unescape(response.get_data(as_text=True))
            assert response.status_code == 503, path
            assert UNAVAILABLE_FR in page
            assert "0 800 000 111" in page, path  # the programme's number, not a blank
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)
    assert client.get("/help").status_code == 200  # and back on its own
