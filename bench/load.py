"""Load bench: main pages under 32 connections, next to a trivial Flask route served the same way.

Usage: .venv/bin/python bench/load.py [--duration 15] [--connections 32] [--reseed]
       [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Creates the PostgreSQL database `bench_load` (kept between runs; --reseed starts again), seeds
it with bench/load_data.py (COPY), serves the app and bench/trivial_app.py with gunicorn (2
workers each), logs in through the login form, and drives each page with wrk (Debian's `wrk`
package; a Python thread client when wrk is missing). Targets: each page at least 40 % of the
trivial route's requests/s, and p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import load_data  # noqa: E402
from tests.ops.live import SECRET_KEY, Browser, Gunicorn, app_environment  # noqa: E402

DATABASE = "bench_load"
FEED_KEY = "benchfeedkey0001"
RATIO_TARGET, P95_TARGET_MS = 0.40, 100.0


def prepare_database(admin_url: str, reseed: bool) -> str:
    """The bench database's SQLAlchemy URL, created, migrated and seeded when needed."""
    url = admin_url.rsplit("/", 1)[0] + f"/{DATABASE}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (DATABASE,)).fetchone()
        if exists and reseed:
            conn.execute(f"DROP DATABASE {DATABASE} WITH (FORCE)")
        if reseed or not exists:
            conn.execute(f"CREATE DATABASE {DATABASE}")
    alchemy_url = url.replace("postgresql://", "postgresql+psycopg://")
    with psycopg.connect(url) as conn:
        seeded = conn.execute("SELECT to_regclass('users') IS NOT NULL").fetchone()[0] and \
            conn.execute("SELECT count(*) FROM users").fetchone()[0] > 0
    migrate(alchemy_url)  # also brings a database seeded by an older version up to date
    if not seeded:
        started = time.monotonic()
        counts = load_data.seed(url, datetime.now(UTC), password_hash(), FEED_KEY)
        print(f"seeded in {time.monotonic() - started:.0f} s: "
              + ", ".join(f"{n:,} {table}" for table, n in counts.items()))
    load_data.enrol_coordinator(url, datetime.now(UTC))
    return alchemy_url


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


def run_wrk(url: str, cookie: str, seconds: int, connections: int) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "wrk_summary.lua"), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next(line for line in output.splitlines() if line.startswith("SUMMARY"))
    requests, duration_us, bad, errors, p50, p95, p99 = map(int, line.split()[1:])
    return {"rps": requests / (duration_us / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "p99": p99 / 1000, "bad": bad + errors, "requests": requests}


def run_threads(url: str, cookie: str, seconds: int, connections: int) -> dict:
    """The fallback load generator: one keep-alive connection per thread."""
    parts, latencies, bad, lock = urlsplit(url), [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            conn.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
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


def endpoints(app: Gunicorn, trivial: Gunicorn) -> list[tuple[str, str, str]]:
    """(name, url, Cookie header): the trivial route first, then the app's pages."""
    mentee = logged_in(app, "mentee0@bench.test")
    coordinator = logged_in(app, "coordinator@bench.test", load_data.COORDINATOR_TOTP_SECRET)
    chosen = [
        ("trivial Flask route", trivial.url + "/", ""),
        ("mentee dashboard", app.url + "/request/status", mentee),
        ("coordinator dashboard", app.url + "/programme/", coordinator),
        ("meeting page", app.url + "/matches/1/meetings", mentee),
        ("calendar feed (2 series)", app.url + f"/calendar/{feed_token()}.ics", ""),
    ]
    for name, url, cookie in chosen:  # measure pages, not redirects to the login or 404s
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        conn.request("GET", parts.path, headers={"Cookie": cookie} if cookie else {})
        assert conn.getresponse().status == 200, f"{name} ({parts.path}) does not answer 200"
    return chosen


def report(results: list[tuple[str, dict]], tool: str, seconds: int, connections: int) -> None:
    base = results[0][1]["rps"]
    print(f"\n{connections} connections, {seconds} s each, gunicorn 2 workers, load from {tool}\n")
    print("| endpoint | req/s | % of trivial | p50 ms | p95 ms | p99 ms | errors | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, r in results:
        ratio = r["rps"] / base
        met = name.startswith("trivial") or (ratio >= RATIO_TARGET and r["p95"] <= P95_TARGET_MS)
        print(f"| {name} | {r['rps']:,.0f} | {ratio:.0%} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['p99']:.1f} | {r['bad']} | {'met' if met else 'MISSED'} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    url = prepare_database(args.admin_url, args.reseed)
    tool = "wrk" if shutil.which("wrk") else "Python threads (wrk not installed)"
    run = run_wrk if shutil.which("wrk") else run_threads
    with tempfile.TemporaryDirectory() as folder:
        env = app_environment(url, Path(folder) / "instance")
        app = Gunicorn(env, Path(folder) / "app.log")
        trivial = Gunicorn(env, Path(folder) / "trivial.log", app="bench.trivial_app:app",
                           ready_path="/")
        try:
            app.wait_ready()
            trivial.wait_ready()
            results = []
            for name, target, cookie in endpoints(app, trivial):
                run(target, cookie, 2, args.connections)  # warm up: pools, caches, workers
                results.append((name, run(target, cookie, args.duration, args.connections)))
                print(f"{name}: {results[-1][1]['rps']:,.0f} "
                      "req/s", flush=True)
        finally:
            app.stop()
            trivial.stop()
    report(results, tool, args.duration, args.connections)


if __name__ == "__main__":
    main()
