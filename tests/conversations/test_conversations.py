"""A match's conversation: only the two people, plain text, ordered, read-only after closing."""

from __future__ import annotations

import pytest

from mentoring.conversations import services
from mentoring.conversations.models import Message
from mentoring.pairing.models import Match, MatchStatus
from tests.conftest import FIXED_NOW


@pytest.fixture
def match(db, make_mentee, make_mentor):
    match = Match(mentee_id=make_mentee(pseudonym="Lune").id,
                  mentor_id=make_mentor(pseudonym="Soleil").id,
                  status=MatchStatus.ACTIVE, activated_at=FIXED_NOW)
    db.session.add(match)
    db.session.commit()
    return match


def test_two_people_exchange_messages_and_see_unread(client, post, login_as, match):
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": "Bonjour, ça va ?"})
    assert response.status_code == 302
    login_as(match.mentor)
    assert "1</span>" in client.get("/messages").get_data(as_text=True)
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert "Bonjour, ça va ?" in page and "Lune" in page
    assert "1</span>" not in client.get("/messages").get_data(as_text=True)


@pytest.mark.parametrize("body, sentence", [
    ("   ", "Écris quelque chose"),
    ("x" * 4001, "moins de 4 000 caractères"),
    ("hi\x07there", "caractère de contrôle invisible"),
])
def test_bad_bodies_get_a_sentence_and_nothing_is_stored(post, login_as, match, db, body, sentence):
    login_as(match.mentee)
    response = post(f"/matches/{match.id}/messages", {"body": body})
    assert response.status_code == 400
    assert sentence in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Message.id))) == 0


def test_links_are_shown_as_text(client, post, login_as, match):
    login_as(match.mentee)
    post(f"/matches/{match.id}/messages", {"body": '<a href="https://x.example">x</a>'})
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert '<a href="https://x.example">' not in page
    assert "&lt;a href=" in page


def test_strangers_and_coordinators_cannot_open_it(client, login_as, make_mentee,
                                                   make_coordinator, match):
    for person in (make_mentee(), make_coordinator()):
        login_as(person)
        assert client.get(f"/matches/{match.id}/messages").status_code in (403, 404)


def test_read_only_after_closing(client, post, login_as, match, db):
    login_as(match.mentee)
    post(f"/matches/{match.id}/messages", {"body": "avant"})
    match.status = MatchStatus.CLOSED
    db.session.commit()
    response = post(f"/matches/{match.id}/messages", {"body": "après"})
    assert response.status_code == 409
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert "avant" in page and "après" not in page and "<textarea" not in page


def test_same_instant_sends_keep_a_stable_order(match, db):
    for i in range(3):
        services.send_message(match.mentee, match, f"mentee {i}", FIXED_NOW)
        services.send_message(match.mentor, match, f"mentor {i}", FIXED_NOW)
    db.session.commit()
    first = [m.body for m in services.page(match)]
    assert first == [m.body for m in services.page(match)]
    assert first[:2] == ["mentee 0", "mentor 0"]


def test_keyset_paging_back(match, db):
    for i in range(services.PAGE + 5):
        db.session.add(Message(match_id=match.id, author_id=match.mentee_id, body=f"m{i}",
                               created_at=FIXED_NOW))
    db.session.commit()
    newest = services.page(match)
    assert newest[-1].body == f"m{services.PAGE + 4}" and len(newest) == services.PAGE
    older = services.page(match, before_id=newest[0].id)
    assert [m.body for m in older] == [f"m{i}" for i in range(5)]


def test_rate_limit_per_person(match, db):
    from mentoring.errors import DomainError
    for i in range(services.RATE_LIMIT):
        services.send_message(match.mentee, match, f"{i}", FIXED_NOW)
    with pytest.raises(DomainError):
        services.send_message(match.mentee, match, "one too many", FIXED_NOW)
    services.send_message(match.mentor, match, "the other person still can", FIXED_NOW)


def test_what_is_new_answers_304_until_something_changes(client, post, login_as, match):
    login_as(match.mentor)
    url = f"/matches/{match.id}/messages/new?after=0"
    first = client.get(url)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    login_as(match.mentee)
    post(f"/matches/{match.id}/messages", {"body": "Hello there"})
    login_as(match.mentor)
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and "Hello there" in changed.get_data(as_text=True)


def test_thread_page_loads_our_own_script_and_no_inline_script(client, login_as, match):
    login_as(match.mentee)
    page = client.get(f"/matches/{match.id}/messages").get_data(as_text=True)
    assert 'src="/static/js/conversation.js"' in page
    assert "<script>" not in page


def test_long_thread_costs_no_more_queries_than_a_short_one(client, login_as, match, db):
    from sqlalchemy import event

    login_as(match.mentee)
    url = f"/matches/{match.id}/messages"
    counts = []
    for size in (10, 300):
        db.session.execute(db.insert(Message), [
            {"match_id": match.id, "author_id": match.mentor_id, "body": f"m{i}",
             "created_at": FIXED_NOW} for i in range(size)])
        db.session.commit()
        seen = []
        def listener(*_args, seen=seen):
            seen.append(1)

        event.listen(db.engine, "before_cursor_execute", listener)
        assert client.get(url).status_code == 200
        event.remove(db.engine, "before_cursor_execute", listener)
        counts.append(len(seen))
    assert counts[1] <= counts[0]
