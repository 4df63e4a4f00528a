"""Time the calendar feed of a mentor with 10 weekly series over a year (target: <= 50 ms).

Usage: .venv/bin/python bench/feed_bench.py [--runs 50]

Builds the data in an in-memory SQLite database, then times `feed_bytes` (queries + iCalendar)
with a cold session each run, as a feed request would have, and prints the median and p95. The
feed each process keeps is dropped before each run: this times a feed that changed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentoring import create_app  # noqa: E402
from mentoring.accounts.models import Role, User  # noqa: E402
from mentoring.extensions import db  # noqa: E402
from mentoring.meetings.invites import FEEDS_KEPT, feed_bytes  # noqa: E402
from mentoring.meetings.models import OccurrenceStatus  # noqa: E402
from mentoring.meetings.services import confirm_series, propose_series  # noqa: E402
from mentoring.meetings.slots import Plan  # noqa: E402
from mentoring.pairing.models import Match, MatchStatus  # noqa: E402

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SERIES = 10


def person(role: Role, index: int, zone: str) -> User:
    user = User(email=f"{role.value}{index}@bench.example.org", pseudonym=f"{role.value} {index}",
                password_hash="x", role=role, locale="fr", timezone=zone)
    db.session.add(user)
    return user


def build() -> User:
    db.create_all()
    mentor = person(Role.MENTOR, 0, "Europe/Paris")
    for index in range(SERIES):
        mentee = person(Role.MENTEE, index, "America/Montreal" if index % 2 else "Europe/Paris")
        db.session.flush()
        match = Match(mentee_id=mentee.id, mentor_id=mentor.id, status=MatchStatus.ACTIVE,
                      activated_at=NOW)
        db.session.add(match)
        db.session.flush()
        first = NOW + timedelta(days=7 + index % 5, hours=8 + index)  # 10 different slots
        plan = Plan(start_at=first.replace(minute=0), until_on=date(2027, 11, 23))
        series = propose_series(match, mentee, NOW, plan)
        confirm_series(series, mentor, NOW)
        series.occurrences[3].status = OccurrenceStatus.CANCELLED  # an EXDATE each
    db.session.commit()
    return mentor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    runs = parser.parse_args().runs
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.app_context(), app.test_request_context():
        mentor_id = build().id
        sessions = sum(1 for _ in feed_bytes(db.session.get(User, mentor_id), NOW)
                       .split(b"\r\n") if _ == b"BEGIN:VEVENT")
        timings = []
        for _ in range(runs + 3):
            db.session.expire_all()  # a cold session, as each feed request gets
            app.extensions.pop(FEEDS_KEPT, None)  # built each time (no kept copy: a change)
            start = time.perf_counter()
            content = feed_bytes(db.session.get(User, mentor_id), NOW)
            timings.append((time.perf_counter() - start) * 1000)
        timings = sorted(timings[3:])  # the first runs warm up caches and imports
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(f"feed of a mentor with {SERIES} weekly series over a year "
          f"({sessions} VEVENTs, {len(content)} bytes), {runs} runs: "
          f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
