"""CSV import of participants (all rows or none) and the participant export."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from mentoring.accounts.models import Role, User
from mentoring.accounts.passwords import verify_password
from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles.models import AvailabilityInterval, MenteeProfile, MentorProfile, TagKind
from mentoring.programme.exports import safe_cell
from mentoring.programme.imports import parse_participants
from tests.conftest import FIXED_NOW

HEADER = "role,email,pseudonym,language,timezone,languages,experiences,topics,availability,age," \
         "capacity,minors_ok,format\n"
GOOD = HEADER + (
    "mentee,Lea@Example.org,Léa,fr,Europe/Paris,fr,anxiety,school|confidence,"
    "tue 18:00-20:00|thu 17:30-19:00,16,,,video\n"
    "mentor,sam@example.org,Sam,en,America/Montreal,en|fr,grief|anxiety,school,"
    "mon 19:00-21:00,24,2,yes,\n"
)


@pytest.fixture
def english(app):
    """A request context whose messages are in English, for calling the parser directly."""
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.fixture
def coordinator_in_english(make_coordinator, login_as, tags):
    return login_as(make_coordinator(locale="en"))


def _upload(post, text: str | bytes, name: str = "people.csv"):
    data = text.encode() if isinstance(text, str) else text
    return post("/programme/import/preview", {"file": (io.BytesIO(data), name)},
                content_type="multipart/form-data")


def _payload(page: str) -> str:
    return re.search(r'name="payload" type="hidden" value="([^"]+)"', page).group(1)


def _people(db) -> int:
    return db.session.scalar(db.select(db.func.count(User.id)).where(User.role != Role.COORDINATOR))


def test_good_file_is_previewed_then_imported(post, coordinator_in_english, db, outbox):
    preview = _upload(post, GOOD)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "2 people are ready to be imported" in page
    assert _people(db) == 0  # the preview writes nothing
    response = post("/programme/import/confirm", {"payload": _payload(page), "consent": "y",
                                                  "send_welcome": "y"})
    assert response.status_code == 302

    lea = db.session.scalar(db.select(User).where(User.email == "lea@example.org"))
    assert lea.role is Role.MENTEE and lea.pseudonym == "Léa" and lea.locale == "fr"
    assert {t.slug for t in lea.tags} == {"fr", "anxiety", "school", "confidence"}
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == lea.id))
    assert profile.requested_at is not None and profile.age_band == "15-17" and profile.is_minor
    slots = db.session.scalars(db.select(AvailabilityInterval).where(
        AvailabilityInterval.user_id == lea.id).order_by(AvailabilityInterval.weekday)).all()
    assert [(s.weekday, s.start_minute, s.end_minute) for s in slots] == [
        (1, 1080, 1200), (3, 1050, 1140)]
    assert not verify_password(lea.password_hash, "")
    assert lea.consented_at is not None

    sam = db.session.scalar(db.select(User).where(User.email == "sam@example.org"))
    mentor = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == sam.id))
    assert mentor.capacity == 2 and mentor.wants_minors and mentor.submitted_at is not None
    assert mentor.approved_at is None and sam.timezone == "America/Montreal"
    assert {t.slug for t in sam.tags_of(TagKind.LANGUAGE)} == {"en", "fr"}

    mails = outbox()
    assert sorted(m["To"] for m in mails) == ["lea@example.org", "sam@example.org"]
    assert "/password/forgot" in mails[0].get_body(("plain",)).get_content()


def test_with_the_mail_server_down_the_import_is_confirmed_and_the_welcomes_follow(
        app, post, coordinator_in_english, db, clock):
    """Once the people are committed, a refused e-mail cannot turn the answer into an error
    page saying nothing was saved: the welcome e-mails are rows the scheduler sends later."""
    from mentoring.notify.delivery import send_due_notifications
    from tests.meetings.smtp_server import free_port, start_smtp

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    page = _upload(post, GOOD).get_data(as_text=True)
    response = post("/programme/import/confirm", {"payload": _payload(page), "consent": "y",
                                                  "send_welcome": "y"})
    assert response.status_code == 302
    assert _people(db) == 2
    controller, handler = start_smtp()
    try:
        app.config["MAIL_PORT"] = controller.port
        assert send_due_notifications(FIXED_NOW + timedelta(minutes=2)) == 2  # after the backoff
    finally:
        controller.stop()
    assert sorted(handler.recipients()) == ["lea@example.org", "sam@example.org"]


def test_one_bad_row_writes_nothing_and_names_the_row(post, coordinator_in_english, db):
    bad = GOOD + "mentee,kim@example.org,Kim,fr,Mars/Olympus,fr,,,,17,,,\n"
    response = _upload(post, bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Row 4, column “timezone”: unknown time zone “Mars/Olympus”" in page
    assert "Import these people" not in page
    assert _people(db) == 0


def test_confirming_a_bad_file_writes_nothing(post, coordinator_in_english, app, db):
    from mentoring.programme.import_views import _signer

    with app.test_request_context():
        payload = _signer().dumps(GOOD + "mentor,kim@example.org,Kim,fr,Europe/Paris,fr,,,,16,,,\n")
    response = post("/programme/import/confirm", {"payload": payload, "consent": "y"})
    assert response.status_code == 400
    assert _people(db) == 0


def test_errors_are_translated(post, make_coordinator, login_as, tags):
    login_as(make_coordinator(locale="fr"))
    page = _upload(post, HEADER + "mentee,a@example.org,A,fr,Europe/Paris,fr,,,,9,,,\n")
    assert "Ligne 2, colonne «\u00a0age\u00a0»" in page.get_data(as_text=True)


@pytest.mark.parametrize(("row", "column", "problem"), [
    ("mentee,x@example.org,Xo,fr,Europe/Paris,fr|klingon,,,,20,,,", "languages",
     "unknown tag “klingon”"),
    ("mentee,x@example.org,Xo,fr,Europe/Paris,fr,,,tue 18:00,20,,,", "availability",
     "is not a slot"),
    ("mentee,x@example.org,Xo,fr,Europe/Paris,fr,,,tue 18:10-19:00,20,,,", "availability",
     "quarter hour"),
    ("mentor,x@example.org,Xo,fr,Europe/Paris,fr,,,,17,,,", "age", "from 18 to 99"),
    ("mentor,x@example.org,Xo,fr,Europe/Paris,fr,,,,30,9,,", "capacity", "from 1 to 5"),
    ("mentee,not-an-address,Xo,fr,Europe/Paris,fr,,,,20,,,", "email", "not an e-mail"),
    ("coordinator,x@example.org,Xo,fr,Europe/Paris,fr,,,,20,,,", "role", "mentee or mentor"),
    ("mentee,x@example.org,Xo,de,Europe/Paris,fr,,,,20,,,", "language", "fr or en"),
    ("mentee,x@example.org,Xo,fr,Europe/Paris,,,,,20,,,", "languages", "at least one"),
])
def test_each_kind_of_bad_cell_is_named(english, row, column, problem):
    known = {TagKind.LANGUAGE: {"fr", "en"}, TagKind.EXPERIENCE: set(), TagKind.TOPIC: set()}
    preview = parse_participants(HEADER + row + "\n", known, set())
    [error] = preview.errors
    assert (error.row, error.column) == (2, column) and problem in error.problem
    assert not preview.is_valid


def test_duplicate_emails_in_the_file_and_already_registered(post, coordinator_in_english, db,
                                                              make_mentee):
    make_mentee(email="taken@example.org")
    text = GOOD + ("mentee,LEA@example.org,Léa bis,fr,Europe/Paris,fr,,,,20,,,\n"
                   "mentee,taken@example.org,T,fr,Europe/Paris,fr,,,,20,,,\n")
    page = _upload(post, text).get_data(as_text=True)
    assert "Row 4, column “email”: this address is already on row 2." in page
    assert "Row 5, column “email”: this address already has an account." in page
    assert _people(db) == 1


def test_missing_column_and_semicolons(english):
    known = {kind: {"fr"} for kind in TagKind}
    preview = parse_participants("role,email,pseudonym\nmentee,a@b.org,Al\n", known, set())
    assert [(e.row, e.column) for e in preview.errors] == [(1, "timezone")]
    semicolons = "role;email;pseudonym;timezone;languages;age\nmentee;a@b.org;Al;UTC;fr;20\n"
    assert parse_participants(semicolons, known, set()).is_valid


def test_oversized_and_non_utf8_files_are_refused(post, coordinator_in_english, app, db):
    app.config["IMPORT_MAX_BYTES"] = 500
    response = _upload(post, GOOD + "#" * 600)
    assert response.status_code == 413 and "too large" in response.get_data(as_text=True)
    response = _upload(post, GOOD.replace("Léa", "L\xe9a").encode("latin-1"))
    assert response.status_code == 400 and "UTF-8" in response.get_data(as_text=True)
    assert _people(db) == 0


def test_a_forged_payload_is_refused(post, coordinator_in_english, db):
    response = post("/programme/import/confirm", {"payload": "forged", "consent": "y"})
    assert response.status_code == 400 and _people(db) == 0


def test_confirmation_needs_the_consent_box(post, coordinator_in_english, db):
    page = _upload(post, GOOD).get_data(as_text=True)
    assert post("/programme/import/confirm", {"payload": _payload(page)}).status_code == 400
    assert _people(db) == 0


def test_export_lists_participants_without_free_text(client, coordinator_in_english, db,
                                                     waiting_mentee, approved_mentor, coordinator):
    mentee = waiting_mentee(goals_text="My private story")
    mentor = approved_mentor()
    mentor.pseudonym = "=HYPERLINK(\"http://evil\")"
    db.session.add(Match(mentee_id=mentee.id, mentor_id=mentor.id, status=MatchStatus.ACTIVE))
    db.session.commit()
    response = client.get("/programme/export/participants.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "private story" not in text and "My story" not in text and "@" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["pseudonym", "role", "status", "language", "timezone", "since",
                       "open_matches"]
    by_role = {row[1]: row for row in rows[1:]}
    assert by_role["mentee"][2:] == ["matched", "fr", "Europe/Paris", "2026-11-19", "1"]
    assert by_role["mentor"][0].startswith("'=") and by_role["mentor"][2] == "approved"
    assert len(rows) == 3  # coordinators are not participants


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("Léa") == "Léa" and safe_cell(None) == "" and safe_cell(3) == "3"


@pytest.mark.parametrize("url", ["/programme/import", "/programme/export/participants.csv"])
def test_participants_cannot_import_or_export(client, make_mentor, login_as, url):
    login_as(make_mentor())
    assert client.get(url).status_code == 403


def test_the_documented_example_file_is_valid(english):
    from pathlib import Path

    from mentoring.programme.demo import TAXONOMY

    known = {kind: {slug for slug, _fr, _en in entries} for kind, entries in TAXONOMY.items()}
    text = (Path(__file__).parents[2] / "docs" / "examples" / "participants.csv").read_text()
    preview = parse_participants(text, known, set())
    assert preview.errors == [] and len(preview.rows) == 4
