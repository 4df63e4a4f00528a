"""Where one request's time goes: SQL statements and their time, and (with --profile) Python.

Usage: .venv/bin/python bench/page_profile.py [--database bench_load] [--runs 50] [--only NAME]
       [--profile PAGE] [--sql PAGE]

Runs in-process against the database bench/load.py seeded (run it once first), with Flask's
test client and the same login as the bench (a session cookie): no network, no concurrency. For
each page: median and p95 time of a warm request, the median CPU time of this process (Python:
less disturbed than wall time when the machine is shared), the number of SQL statements and the
time spent waiting for them. `--profile NAME` prints cProfile's top functions for that page,
`--sql NAME` the statements it runs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load  # noqa: E402
from tests.ops.live import SECRET_KEY  # noqa: E402

MENTEE, MENTOR, COORDINATOR = "mentee0@bench.test", "mentor0@bench.test", \
    "coordinator@bench.test"


def pages(session_id: int) -> list[tuple[str, str | None, str, dict]]:
    """(name, who, path, headers), as in bench/load.py."""
    feed = f"/calendar/{load.feed_token()}.ics"
    return [
        ("help page, anonymous", None, "/help", {}),
        ("mentee dashboard", MENTEE, "/request/status", {}),
        ("mentor dashboard", MENTOR, "/home", {}),
        ("match page", MENTEE, "/matches/1", {}),
        ("my meetings", MENTEE, "/meetings", {}),
        ("match's meetings", MENTEE, "/matches/1/meetings", {}),
        ("session page", MENTEE, f"/sessions/{session_id}", {}),
        ("account settings", MENTEE, "/account/settings", {}),
        ("conversation", MENTEE, "/matches/1/messages", {}),
        ("coordinator dashboard", COORDINATOR, "/programme/", {}),
        ("programme quality page", COORDINATOR, "/programme/insight/?days=365", {}),
        ("calendar feed, full", None, feed, {}),
        ("calendar feed, 304", None, feed, {"If-None-Match": "ETAG"}),
    ]


class Statements:
    """SQL statements and their total time, from SQLAlchemy's cursor events."""

    def __init__(self, engine):
        self.engine, self.seen, self.seconds, self._started = engine, [], 0.0, 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, *_args):
        self._started = time.perf_counter()

    def _after(self, _conn, _cursor, statement, *_args):
        self.seconds += time.perf_counter() - self._started
        self.seen.append(statement)

    def reset(self):
        self.seen, self.seconds = [], 0.0


def client_for(app, who: str | None):
    from mentoring.accounts.models import User
    from mentoring.accounts.sessions import stamp
    from mentoring.clock import now_utc
    from mentoring.extensions import db

    client = app.test_client()
    if who:
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == who))
            user_id = user.get_id()
        with client.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
            stamp(session, now_utc())
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--host-url", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", help="a page name (or part of it) to profile")
    parser.add_argument("--sql", help="a page name (or part of it) whose statements to print")
    parser.add_argument("--only", help="time only the pages whose name has this text")
    args = parser.parse_args()
    import os

    os.environ.setdefault("MENTORING_SECRET_KEY", SECRET_KEY)
    from mentoring import create_app
    from mentoring.extensions import db

    url = f"{args.host_url}/{args.database}"
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url.replace(
        "postgresql://", "postgresql+psycopg://"), SECRET_KEY=SECRET_KEY)
    with app.app_context():
        statements = Statements(db.engine)
    print(f"{'page':28} {'median ms':>9} {'p95 ms':>7} {'CPU ms':>7} {'SQL':>4} {'SQL ms':>7}")
    for name, who, path, headers in pages(load.upcoming_session(url)):
        if args.only and args.only not in name:
            continue
        client = client_for(app, who)
        if "ETAG" in headers.values():
            headers = {"If-None-Match": client.get(path).headers["ETag"]}
        times, cpu = [], []
        for _ in range(args.runs + 3):
            statements.reset()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, headers=headers)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        assert response.status_code in (200, 304), (name, response.status_code)
        times = sorted(times[3:])
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"{name:28} {statistics.median(times) * 1000:9.1f} {p95 * 1000:7.1f} "
              f"{statistics.median(cpu[3:]) * 1000:7.1f} "
              f"{len(statements.seen):4} {statements.seconds * 1000:7.1f}")
        if args.sql is not None and args.sql in name:
            for statement in statements.seen:
                print("   ", " ".join(statement.split())[:300])
        if args.profile is not None and args.profile in name:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.runs):
                client.get(path, headers=headers)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
