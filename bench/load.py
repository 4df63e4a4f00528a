"""Load bench: every main page under 32 connections, next to the app's floor (the help page).

Usage: .venv/bin/python bench/load.py [--size full|small] [--duration 15] [--connections 32]
       [--database bench_load] [--reseed] [--only NAME…]
       [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Creates the PostgreSQL database `bench_load` (kept between runs; --reseed starts again, and so
does a database seeded at another --size), seeds it with bench/load_data.py (COPY), serves the
app and bench/trivial_app.py with gunicorn (2 workers each), logs in through the login form, and
drives each page with wrk (Debian's `wrk` package; a Python thread client when wrk is missing).

Two rows are the floor: a trivial Flask route (the framework) and the help page read anonymously
(the app's own cheapest page). Targets, as shares of the help page's requests/s in the same run:
participant pages >= 50 %, coordinator pages >= 25 %, the calendar feed >= 50 % (full) and
>= 80 % (304 Not Modified); the help page >= 35 % of the trivial route; p95 <= 100 ms for all.
The 1-minute load average is taken before each row: the machine may be shared.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load_data  # noqa: E402
from tests.ops.live import SECRET_KEY, Browser, Gunicorn, app_environment  # noqa: E402

FEED_KEY = "benchfeedkey0001"
P95_TARGET_MS = 100.0
HELP = "help page, anonymous (the app's floor)"


def _seeded_users(url: str) -> int | None:
    """How many users the bench database holds (None: not migrated, or no messages table yet:
    seeded by an older version of the bench)."""
    with psycopg.connect(url) as conn:
        if not conn.execute("SELECT to_regclass('users') IS NOT NULL"
                            " AND to_regclass('messages') IS NOT NULL").fetchone()[0]:
            return None
        if not conn.execute("SELECT count(*) FROM messages").fetchone()[0]:
            return None
        return conn.execute("SELECT count(*) FROM users").fetchone()[0]


def prepare_database(admin_url: str, database: str, size: load_data.Size, reseed: bool) -> str:
    """The bench database's SQLAlchemy URL, created, migrated and seeded at `size` when needed."""
    url = admin_url.rsplit("/", 1)[0] + f"/{database}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (database,)).fetchone()
    if exists and not reseed and _seeded_users(url) not in (None, size.users):
        reseed = True  # seeded at the other size
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
        if reseed or not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    alchemy_url = url.replace("postgresql://", "postgresql+psycopg://")
    migrate(alchemy_url)  # also brings a database seeded by an older version up to date
    if _seeded_users(url) is None:
        if _has_users(url):
            return prepare_database(admin_url, database, size, reseed=True)
        started = time.monotonic()
        counts = load_data.seed(url, datetime.now(UTC), password_hash(), FEED_KEY, size)
        print(f"seeded in {time.monotonic() - started:.0f} s: "
              + ", ".join(f"{n:,} {table}" for table, n in counts.items()))
    load_data.enrol_coordinator(url, datetime.now(UTC))
    return alchemy_url


def _has_users(url: str) -> bool:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT count(*) FROM users").fetchone()[0] > 0


def upcoming_session(url: str, series_id: int = 1) -> int:
    """The id of the next session of a series (its own page)."""
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute("SELECT min(id) FROM meeting_occurrences WHERE series_id = %s"
                            " AND start_at > now()", (series_id,)).fetchone()[0]


def migrate(url: str) -> None:
    from flask_migrate import upgrade

    from mentoring import create_app

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)


def password_hash() -> str:
    from mentoring import create_app
    from mentoring.accounts.passwords import hash_password

    with create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://").app_context():
        return hash_password(load_data.PASSWORD)


def feed_token() -> str:
    """The mentor's feed URL token, signed with the servers' key (tests/ops/live.py)."""
    from mentoring.meetings.feeds import _mac

    return f"{FEED_KEY}.{_mac(FEED_KEY, SECRET_KEY)}"


def run_wrk(url: str, headers: dict, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "wrk_summary.lua"), url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next(line for line in output.splitlines() if line.startswith("SUMMARY"))
    requests, duration_us, bad, errors, p50, p95, p99 = map(int, line.split()[1:])
    return {"rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "p99": p99 / 1000, "bad": bad + errors, "requests": requests}


def run_threads(url: str, headers: dict, seconds: int, connections: int) -> dict:
    """The fallback load generator: one keep-alive connection per thread."""
    parts, latencies, bad, lock = urlsplit(url), [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            conn.request("GET", parts.path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            failed += response.status >= 400
        with lock:
            latencies.extend(mine)
            bad[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    cuts = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / (time.monotonic() - started), "p50": cuts[49] * 1000,
            "p95": cuts[94] * 1000, "p99": cuts[98] * 1000, "bad": bad[0],
            "requests": len(latencies)}


def logged_in(server: Gunicorn, email: str, totp_secret: str | None = None) -> str:
    browser = Browser(server.url)
    browser.log_in(email, load_data.PASSWORD, totp_secret)
    return browser.session_cookie()


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    headers: dict
    floor: str | None  # the row whose throughput this one is compared with
    share: float | None  # the target share of that row's requests/s
    status: int = 200


def pages(app: Gunicorn, trivial: Gunicorn, url: str) -> list[Page]:
    """The floor rows first, then every participant page, the coordinator's, and the feed."""
    mentee = {"Cookie": logged_in(app, "mentee0@bench.test")}
    mentor = {"Cookie": logged_in(app, "mentor0@bench.test")}
    coordinator = {"Cookie": logged_in(app, "coordinator@bench.test",
                                       load_data.COORDINATOR_TOTP_SECRET)}
    feed = app.url + f"/calendar/{feed_token()}.ics"
    etag = _get(feed, {})[1]
    session = upcoming_session(url)
    trivial_row, participant, staff = "trivial Flask route", 0.50, 0.25
    return [
        Page(trivial_row, trivial.url + "/", {}, None, None),
        Page(HELP, app.url + "/help", {}, trivial_row, 0.35),
        Page("mentee dashboard", app.url + "/request/status", mentee, HELP, participant),
        Page("mentor dashboard", app.url + "/home", mentor, HELP, participant),
        Page("match page", app.url + "/matches/1", mentee, HELP, participant),
        Page("my meetings", app.url + "/meetings", mentee, HELP, participant),
        Page("match's meetings", app.url + "/matches/1/meetings", mentee, HELP, participant),
        Page("session page", app.url + f"/sessions/{session}", mentee, HELP, participant),
        Page("account settings", app.url + "/account/settings", mentee, HELP, participant),
        Page("conversation (60 messages)", app.url + "/matches/1/messages", mentee, HELP,
             participant),
        Page("coordinator dashboard", app.url + "/programme/", coordinator, HELP, staff),
        Page("calendar feed, full (2 series)", feed, {}, HELP, 0.50),
        Page("calendar feed, unchanged (304)", feed, {"If-None-Match": etag}, HELP, 0.80,
             status=304),
    ]


def _get(url: str, headers: dict) -> tuple[int, str | None]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    conn.request("GET", parts.path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("ETag")


def check(page: Page) -> None:
    """Measure pages, not redirects to the login or 404s."""
    status = _get(page.url, page.headers)[0]
    assert status == page.status, f"{page.name} ({page.url}) answers {status}"


def report(results: list[tuple[Page, dict]], tool: str, seconds: int, connections: int,
           size: str) -> None:
    rps = {page.name: r["rps"] for page, r in results}
    print(f"\n{size} data, {connections} connections, {seconds} s each, gunicorn 2 workers, "
          f"load from {tool}\n")
    print("| page | req/s | p50 ms | p95 ms | share of the help page | target | met | errors "
          "| load |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |")
    for page, r in results:
        help_share = f"{r['rps'] / rps[HELP]:.0%}" if HELP in rps else "?"
        if page.floor is None:
            help_share, target, met = "—", "—", "—"
        else:
            share = r["rps"] / rps[page.floor] if page.floor in rps else 0.0
            floor = "trivial" if page.floor != HELP else "help"
            target = f"≥ {page.share:.0%} of {floor}, p95 ≤ {P95_TARGET_MS:.0f}"
            if page.floor != HELP:
                help_share = f"100 % ({share:.0%} of trivial)"
            met = "met" if share >= page.share and r["p95"] <= P95_TARGET_MS else "MISSED"
        print(f"| {page.name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {help_share} "
              f"| {target} | {met} | {r['bad']} | {r['load']:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--size", choices=sorted(load_data.SIZES), default="full")
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", nargs="*", help="measure only pages whose name has one of "
                        "these words (the floor rows are always measured)")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    url = prepare_database(args.admin_url, args.database, load_data.SIZES[args.size],
                           args.reseed)
    tool = "wrk" if shutil.which("wrk") else "Python threads (wrk not installed)"
    run = run_wrk if shutil.which("wrk") else run_threads
    with tempfile.TemporaryDirectory() as folder:
        env = app_environment(url, Path(folder) / "instance")
        app = Gunicorn(env, Path(folder) / "app.log")
        trivial = Gunicorn(env, Path(folder) / "trivial.log", app="bench.trivial_app:app",
                           ready_path="/")
        try:
            app.wait_ready(timeout=180)  # a shared, busy machine starts workers slowly
            trivial.wait_ready(timeout=180)
            results = []
            chosen = [page for page in pages(app, trivial, url) if page.floor in (None, "trivial"
                      " Flask route") or not args.only
                      or any(word in page.name for word in args.only)]
            for page in chosen:
                check(page)
            for page in chosen:
                run(page.url, page.headers, 2, args.connections)  # warm up: pools, workers
                load = os.getloadavg()[0]
                results.append((page, {**run(page.url, page.headers, args.duration,
                                             args.connections), "load": load}))
                print(f"{page.name}: {results[-1][1]['rps']:,.0f} req/s (load {load:.2f})",
                      flush=True)
        finally:
            app.stop()
            trivial.stop()
    report(results, tool, args.duration, args.connections, args.size)


if __name__ == "__main__":
    main()
