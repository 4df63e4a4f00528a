"""Erasure proven with markers: a distinct marker in every free-text column a person can write,
then POST /account/delete, then a search of every row of every table the database holds.

The columns come from the models: every String, Text or JSON column is either written by the
person (listed in PERSON_WRITES with how its rows belong to them, and given a marker) or listed
in NOT_PERSON_TEXT with the reason. A new text column in neither list fails the test.
"""

from __future__ import annotations

import pytest
from sqlalchemy import JSON, String, Text, inspect, select, text, update
from sqlalchemy.orm.attributes import flag_modified

from mentoring.agreements.goals import add_goal, decide_suggestion, suggest_goal
from mentoring.agreements.goals import add_note as add_goal_note
from mentoring.conversations.models import Message
from mentoring.core.audit import record
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from mentoring.safety.models import CheckIn, ClosingSurvey, Concern, ConcernCategory, SessionNote
from tests.conftest import FIXED_NOW, PASSWORD
from tests.meetings.conftest import utc

# (table, column) -> the column naming the writer ("match": typed by either partner of a match).
PERSON_WRITES = {
    ("users", "email"): "id", ("users", "pseudonym"): "id",
    ("audit_events", "reason"): "actor_id",
    ("matches", "decline_reason"): "mentor_id",
    ("mentee_profiles", "goals_text"): "user_id", ("mentee_profiles", "area"): "user_id",
    ("mentor_profiles", "story"): "user_id", ("mentor_profiles", "bio"): "user_id",
    ("closing_surveys", "comment"): "user_id",
    ("meeting_series", "location"): "match", ("meeting_series", "video_url"): "match",
    ("messages", "body"): "author_id",
    ("session_notes", "text"): "author_id",
    ("checkins", "comment"): "user_id",
    ("concerns", "text"): "reporter_id",
    ("goals", "title"): "author_id", ("goal_notes", "text"): "author_id",
    # The person's words in the other partner's notification (a cancellation's reason).
    ("notifications", "params"): "counterpart",
}
# Tables that only one role writes in (a mentor's profile, notes, why they declined).
ONLY_FOR = {"mentee_profiles": "mentee", "mentor_profiles": "mentor", "session_notes": "mentor",
            "matches": "mentor"}
NOT_PERSON_TEXT = {
    "chosen from a list or set by the app": {
        ("users", "role"), ("users", "locale"), ("users", "timezone"), ("users", "country"),
        ("users", "consent_version"), ("audit_events", "action"),
        ("audit_events", "subject_type"), ("audit_events", "from_status"),
        ("audit_events", "to_status"), ("matches", "status"), ("matches", "end_reason"),
        ("matches", "explanation"), ("mentee_profiles", "meeting_format"),
        ("mentee_profiles", "gender"), ("mentee_profiles", "mentor_gender"),
        ("mentee_profiles", "age_band"), ("mentor_profiles", "gender"),
        ("mentor_profiles", "age_band"), ("notifications", "kind"), ("notifications", "topic"),
        ("notifications", "claimed_by"), ("notifications", "message_id"),
        ("meeting_series", "status"), ("meeting_series", "timezone"), ("meeting_series", "uid"),
        ("meeting_occurrences", "status"), ("concerns", "category"), ("concerns", "source"),
        ("concerns", "form_token"), ("scheduler_heartbeats", "worker"),
        ("api_tokens", "prefix"), ("api_tokens", "scopes"), ("held_messages", "decision"),
        ("held_messages", "kinds"), ("risk_flags", "category"), ("risk_phrases", "category"),
        ("risk_phrases", "normalised"),
        ("agreement_confirmations", "language"), ("agreement_confirmations", "rhythm"),
        ("goals", "status"), ("goals", "decision"),
        ("risk_phrases", "normalised"), ("support_contacts", "channel"),
        ("support_contacts", "contact_with"),
    },
    "secrets, erased with the account": {
        ("users", "password_hash"), ("users", "totp_secret"), ("recovery_codes", "salt"),
        ("recovery_codes", "code_hash"), ("calendar_feeds", "key"), ("api_tokens", "secret_hash"),
    },
    "deleted with the writer's account (erase_messages_of deletes their held messages)": {
        ("held_messages", "body"),
    },
    "written by coordinators, not by the person (see docs/data-rights.md)": {
        ("tags", "kind"), ("tags", "slug"), ("tags", "label_fr"), ("tags", "label_en"),
        ("excluded_pairs", "reason"), ("matches", "override_reason"),
        ("crisis_resource_lists", "country"), ("crisis_resource_lists", "resources"),
        ("api_tokens", "name"), ("conversation_accesses", "reason"), ("risk_phrases", "phrase"),
        ("agreement_versions", "text_en"), ("agreement_versions", "text_fr"),
        # blanked anyway when a person of the match is erased (test in tests/support)
        ("support_contacts", "notes"),
    },
}


def text_columns(db) -> set[tuple[str, str]]:
    return {(t.name, c.name) for t in db.metadata.sorted_tables for c in t.columns
            if isinstance(c.type, String | Text | JSON)}


def test_every_text_column_is_classified(db):
    known = set(PERSON_WRITES).union(*NOT_PERSON_TEXT.values())
    assert text_columns(db) - known == set(), "a new text column: plant a marker or say why not"
    assert known - text_columns(db) == set(), "remove columns that no longer exist"


def marker(table: str, column: str) -> str:
    return f"MARK-{table}-{column}-7f3a"


@pytest.fixture
def written_everywhere(db, make_active_match, book, tags):
    """An active match where both partners wrote in every column they can write."""
    match = make_active_match()
    series = book(match, utc(2026, 11, 26, 18, 0), count=3)
    first = sorted(series.occurrences, key=lambda o: o.start_at)[0]
    for person in (match.mentee, match.mentor):
        db.session.add(Concern(reporter_id=person.id, match_id=match.id, text="x",
                               category=ConcernCategory.BOUNDARY, created_at=FIXED_NOW))
        db.session.add(CheckIn(occurrence_id=first.id, match_id=match.id, user_id=person.id,
                               took_place=True, helpfulness=4, comment="x"))
        db.session.add(ClosingSurvey(match_id=match.id, user_id=person.id, comment="x",
                                     rating=4, created_at=FIXED_NOW))
        db.session.add(Message(match_id=match.id, author_id=person.id, body="x",
                               created_at=FIXED_NOW))
        record(actor=person, action="match_closed", subject_type="match", subject_id=match.id,
               now=FIXED_NOW, reason="x")
        other = match.mentor if person is match.mentee else match.mentee
        notify(other, "meeting_session_cancelled", FIXED_NOW, match_id=match.id,
               series_id=series.id, reason="x")
    db.session.add(SessionNote(match_id=match.id, author_id=match.mentor_id, text="x",
                               created_at=FIXED_NOW))
    goal = add_goal(match.mentee, match, "x", FIXED_NOW)
    suggested = suggest_goal(match.mentor, match, "y", FIXED_NOW)
    decide_suggestion(match.mentee, suggested, True, FIXED_NOW)
    for person in (match.mentee, match.mentor):
        add_goal_note(person, goal, "x", FIXED_NOW)
    db.session.commit()
    return match


def plant(db, match, person) -> dict[tuple[str, str], str]:
    """Write a marker into every PERSON_WRITES column of the person's rows; all must exist."""
    other = match.mentor_id if person.id == match.mentee_id else match.mentee_id
    planted = {}
    for (table_name, column_name), owner in PERSON_WRITES.items():
        table = db.metadata.tables[table_name]
        value = marker(table_name, column_name)
        if owner == "counterpart":
            rows = db.session.scalars(select(Notification).where(
                Notification.user_id == other, Notification.params["reason"].is_not(None))).all()
            for row in rows:
                row.params = {**row.params, "reason": value}
                flag_modified(row, "params")
            count = len(rows)
        elif owner == "match":
            count = db.session.execute(update(table).where(table.c.match_id == match.id)
                                       .values({column_name: value})).rowcount
        else:
            if ONLY_FOR.get(table_name, person.role.value) != person.role.value:
                continue
            if table_name == "users" and column_name == "email":
                value = f"{value.lower()}@example.org"
            count = db.session.execute(update(table).where(table.c[owner] == person.id)
                                       .values({column_name: value})).rowcount
        assert count >= 1, f"no row of {table_name} to mark for {person!r}"
        planted[(table_name, column_name)] = value
    db.session.commit()
    return planted


def whole_database(db) -> str:
    """Every value of every row of every table in the database (not only the models' tables)."""
    db.session.remove()
    with db.engine.connect() as connection:
        names = inspect(connection).get_table_names()
        rows = [repr(row) for name in names
                for row in connection.execute(text(f'SELECT * FROM "{name}"'))]
    return "\n".join(rows)


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_erasure_leaves_no_marker_anywhere_in_the_database(client, post, login_as, db, clock,
                                                           written_everywhere, who):
    match = written_everywhere
    person = match.mentee if who == "mentee" else match.mentor
    person_id = person.id
    planted = plant(db, match, person)
    dump = whole_database(db)
    assert all(value in dump for value in planted.values())  # the search can see them
    login_as(db.session.get(type(person), person_id))
    response = post("/account/delete", {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    dump = whole_database(db)
    left = sorted(column for column, value in planted.items() if value in dump)
    assert left == [], f"still in the database after erasure: {left}"
