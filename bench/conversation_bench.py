"""Opening a conversation page and asking "what is new": queries and time, 10 vs 10,000 messages.

"what is new" is asked twice: when nothing is new, and when the last message is new to the reader.

    .venv/bin/python bench/conversation_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mentoring import create_app  # noqa: E402
from mentoring.accounts.models import Role, User  # noqa: E402
from mentoring.accounts.sessions import stamp  # noqa: E402
from mentoring.clock import now_utc  # noqa: E402
from mentoring.conversations.models import Message  # noqa: E402
from mentoring.extensions import db  # noqa: E402
from mentoring.pairing.models import Match, MatchStatus  # noqa: E402

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def measure(size: int) -> tuple[int, float, int, float, int, float]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.create_all()
        people = [User(email=f"{r.value}@bench.example", pseudonym=r.value, password_hash="x",
                       role=r, timezone="Europe/Paris") for r in (Role.MENTEE, Role.MENTOR)]
        db.session.add_all(people)
        db.session.flush()
        match = Match(mentee_id=people[0].id, mentor_id=people[1].id, status=MatchStatus.ACTIVE)
        db.session.add(match)
        db.session.flush()
        db.session.execute(db.insert(Message), [
            {"match_id": match.id, "author_id": people[i % 2].id, "body": f"message {i}",
             "created_at": NOW} for i in range(size)])
        db.session.commit()
        match_id, user_id = match.id, people[0].get_id()
        last = db.session.scalar(db.select(db.func.max(Message.id)))
        counter = {"n": 0}

        def count(*_args):
            counter["n"] += 1

        event.listen(db.engine, "before_cursor_execute", count)
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
            stamp(session, now_utc())
        results = []
        for url in (f"/matches/{match_id}/messages",
                    f"/matches/{match_id}/messages/new?after={last}",
                    f"/matches/{match_id}/messages/new?after={last - 1}"):
            client.get(url)  # warm up
            timings, queries = [], []
            for _ in range(20):
                counter["n"] = 0
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
                queries.append(counter["n"])
                assert response.status_code == 200, response.status_code
            results += [max(queries), statistics.median(timings) * 1000]
        event.remove(db.engine, "before_cursor_execute", count)
        return tuple(results)


if __name__ == "__main__":
    print("messages  page queries  page ms  new queries  new ms  one-new queries  one-new ms")
    for size in (10, 10_000):
        pq, pms, nq, nms, oq, oms = measure(size)
        print(f"{size:>8}  {pq:>12}  {pms:>7.1f}  {nq:>11}  {nms:>6.1f}  {oq:>15}  {oms:>10.1f}")
