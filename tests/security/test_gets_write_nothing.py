"""A GET never changes what anyone sees next: every GET rule, as every role, leaves the database
as it was, driven by the url_map.

The allowed exceptions are the ones a reader expects: a coordinator's opening of a sensitive
record is logged (an audit row whose action starts with "viewed_"), once and in the request's own
transaction, and opening a conversation moves that reader's own read position in it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import event

from mentoring.extensions import db as _db
from tests.security.coverage import COVERAGE
from tests.security.test_url_map import CALLS

GETS = [path for path, method in CALLS if method == "GET"]
ROLES = (None, "owner_mentee", "owner_mentor", "stranger_mentee", "stranger_mentor",
         "coordinator")
READ_POSITIONS = "conversation_reads"


def _without_allowed(rows: dict[str, list[str]]) -> dict[str, list[str]]:
    kept = dict(rows)
    kept["audit_events"] = [row for row in rows["audit_events"] if "'viewed_" not in row]
    kept.pop(READ_POSITIONS)
    return kept


@pytest.fixture
def commits(app):
    """The number of commits since the last reset: a request is one transaction."""
    count = {"n": 0}

    def on_commit(_session):
        count["n"] += 1

    event.listen(_db.session, "after_commit", on_commit)
    yield count
    event.remove(_db.session, "after_commit", on_commit)


@pytest.mark.parametrize("path", GETS)
def test_a_get_as_anyone_changes_nothing_but_the_access_log(client, login_as, world, snapshot,
                                                            commits, path):
    url = world.url(COVERAGE[path].url)
    people = {role: SimpleNamespace(id=user.id) for role, user in world.people.items()}
    before = snapshot()
    for role in ROLES:
        with client.session_transaction() as session:
            session.clear()
        if role is not None:
            login_as(people[role])
        commits["n"] = 0
        first = client.get(url)
        assert first.status_code < 500 or path == "/readyz", (role, first.status_code)
        assert commits["n"] <= 1, f"{path} as {role}: {commits['n']} commits"
        after = snapshot()
        assert _without_allowed(after) == _without_allowed(before), f"{path} as {role}"
        before = after


def test_opening_a_concern_is_logged_once_in_one_commit(client, login_as, world, snapshot,
                                                        commits):
    login_as(world.people["coordinator"])
    before = snapshot()["audit_events"]
    commits["n"] = 0
    assert client.get(world.url("/programme/concerns/{concern}")).status_code == 200
    added = [row for row in snapshot()["audit_events"] if row not in before]
    assert len(added) == 1 and "viewed_concern" in added[0]
    assert commits["n"] == 1


def test_a_match_page_logs_two_readings_in_one_commit(client, login_as, world, db, snapshot,
                                                       commits):
    from mentoring.safety.notes import share_note
    from tests.conftest import FIXED_NOW

    share_note(world.people["owner_mentor"], world.ids["note"], FIXED_NOW)
    world.people["owner_mentee"].mentee_profile.goals_text = "Owner's goals"
    db.session.commit()
    login_as(world.people["coordinator"])
    before = snapshot()["audit_events"]
    commits["n"] = 0
    assert client.get(world.url("/matches/{match}")).status_code == 200
    added = [row for row in snapshot()["audit_events"] if row not in before]
    assert sorted(row.split("'")[1] for row in added) == ["viewed_request_text",
                                                           "viewed_shared_notes"], added
    assert commits["n"] == 1


def test_notifications_stay_new_until_marked_read(client, post, login_as, world, db):
    from mentoring.notify.models import Notification
    from mentoring.notify.services import notify
    from tests.conftest import FIXED_NOW

    mentee = world.people["owner_mentee"]
    shown = notify(mentee, "recovery_code_used", FIXED_NOW)
    db.session.commit()
    shown_id = shown.id
    login_as(mentee)
    for _ in range(2):  # a reload still shows it as new
        page = client.get("/notifications").get_data(as_text=True)
        assert "nouveau" in page and "Tout marquer comme lu" in page
    assert post("/notifications/read").headers["Location"] == "/notifications"
    page = client.get("/notifications").get_data(as_text=True)
    assert "Tout marquer comme lu" not in page
    db.session.expire_all()
    assert db.session.get(Notification, shown_id).read_at is not None
