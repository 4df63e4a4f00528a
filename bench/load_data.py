"""A large programme for bench/load.py, written with PostgreSQL's COPY (not the ORM row by row).

FULL: 10,000 mentees, 4,000 mentors (capacity 3, two active matches each), 8,000 active matches,
each with a weekly series of 52 sessions (half a year behind, half ahead: 416,000 sessions),
2,000 mentees waiting, one coordinator. SMALL is a tenth of it, for quick iterations. Everyone's
password is PASSWORD.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import psycopg

PASSWORD = "bench password 2026"
# Coordinators must use two-factor authentication: the bench coordinator is enrolled with this key.
COORDINATOR_TOTP_SECRET = "BENCHCOORDINATORKEYFORLOADTEST22"
ZONES = ("Europe/Paris", "America/Montreal")
COORDINATOR_ID = 1
WEEKS = 52
MESSAGES = 60  # per match: more than the 50 a conversation page shows


@dataclass(frozen=True)
class Size:
    mentees: int
    mentors: int
    matches: int  # two per mentor: the first `matches` mentees are matched, the rest wait

    @property
    def users(self) -> int:
        return 1 + self.mentors + self.mentees


FULL = Size(mentees=10_000, mentors=4_000, matches=8_000)
SMALL = Size(mentees=1_000, mentors=400, matches=800)
SIZES = {"full": FULL, "small": SMALL}


def mentor_id(n: int) -> int:
    return 2 + n


def mentee_id(n: int, size: Size) -> int:
    return 2 + size.mentors + n


def _copy(cur, table: str, columns: tuple[str, ...], rows) -> int:
    count = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _users(now: datetime, password_hash: str, size: Size):
    created = now - timedelta(days=400)
    person = ("fr", created, True, 1, "2026-11", created)
    yield (COORDINATOR_ID, "coordinator@bench.test", "Coordinator", password_hash,
           "coordinator", "Europe/Paris", *person)
    for n in range(size.mentors):
        yield (mentor_id(n), f"mentor{n}@bench.test", f"Mentor {n}", password_hash, "mentor",
               ZONES[n % 2], *person)
    for n in range(size.mentees):
        yield (mentee_id(n, size), f"mentee{n}@bench.test", f"Mentee {n}", password_hash, "mentee",
               ZONES[n % 2], *person)


def _mentor_profiles(now: datetime, rng: random.Random, size: Size):
    today = now.date()
    for n in range(size.mentors):
        created = now - timedelta(days=300)
        expires = today + timedelta(days=rng.randrange(10, 700))  # some expire within 30 days
        yield (mentor_id(n), created, created, now - timedelta(days=290), COORDINATOR_ID,
               "My story.", "Hello.", "25-29", 3, False, False, today - timedelta(days=290),
               expires, today - timedelta(days=285), False, 2)


def _mentee_profiles(now: datetime, rng: random.Random, size: Size):
    for n in range(size.mentees):
        created = now - timedelta(days=rng.randrange(190, 300))
        requested = created if n < size.matches else now - timedelta(days=rng.randrange(1, 60))
        yield (mentee_id(n, size), created, requested, "video", "18-24", False, False, False)


def _availability(size: Size):
    users = [mentor_id(n) for n in range(size.mentors)]
    users += [mentee_id(n, size) for n in range(size.mentees)]
    for user in users:
        for weekday in range(5):
            yield (user, weekday, 17 * 60, 21 * 60)


def _matches(now: datetime, size: Size):
    for n in range(size.matches):
        yield (n + 1, mentee_id(n, size), mentor_id(n % size.mentors), "active", COORDINATOR_ID,
               now - timedelta(days=200), now - timedelta(days=199), now - timedelta(days=195))


def _first_session(n: int, now: datetime, size: Size) -> datetime:
    """Local wall time of match n's first session: its mentor's two matches on different days."""
    monday = (now - timedelta(weeks=WEEKS // 2)).date()
    monday -= timedelta(days=monday.weekday())
    day = monday + timedelta(days=(n // size.mentors) * 2 + (n % 2))
    return datetime.combine(day, time(18, 0))


def _series(now: datetime, size: Size):
    for n in range(size.matches):
        zone = ZONES[n % 2]
        created = now - timedelta(days=195)
        yield (n + 1, n + 1, "confirmed", mentee_id(n, size), zone, _first_session(n, now, size),
               45, 1,
               WEEKS, f"{uuid.UUID(int=n + 1)}@bench.test", 0, created, created, created)


def _occurrences(now: datetime, size: Size):
    for n in range(size.matches):
        zone, first = ZoneInfo(ZONES[n % 2]), _first_session(n, now, size)
        for week in range(WEEKS):
            start = (first + timedelta(weeks=week)).replace(tzinfo=zone).astimezone(UTC)
            yield (n + 1, start, start, start + timedelta(minutes=45), "scheduled")


def _messages(now: datetime, size: Size):
    """A conversation of MESSAGES messages in every match, one a day, the two taking turns."""
    for n in range(size.matches):
        people = (mentee_id(n, size), mentor_id(n % size.mentors))
        for i in range(MESSAGES):
            sent = now - timedelta(days=MESSAGES - i, hours=n % 12)
            yield (n + 1, people[i % 2], f"Message {i} of conversation {n + 1}.", sent)


def seed(url: str, now: datetime, password_hash: str, feed_key: str,
         size: Size = FULL) -> dict[str, int]:
    """Fill an empty, migrated database; return the number of rows per table."""
    rng = random.Random(7)
    counts = {}
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        counts["users"] = _copy(cur, "users", (
            "id", "email", "pseudonym", "password_hash", "role", "timezone", "locale",
            "created_at", "is_enabled", "session_version", "consent_version", "consented_at"),
            _users(now, password_hash, size))
        counts["mentor_profiles"] = _copy(cur, "mentor_profiles", (
            "user_id", "created_at", "submitted_at", "approved_at", "approved_by_id", "story",
            "bio", "age_band", "capacity", "wants_minors", "minors_cleared",
            "screening_checked_on", "screening_expires_on", "training_completed_on",
            "is_paused", "open_matches"), _mentor_profiles(now, rng, size))
        counts["mentee_profiles"] = _copy(cur, "mentee_profiles", (
            "user_id", "created_at", "requested_at", "meeting_format", "age_band",
            "mentor_gender_required", "is_minor", "needs_guardian_consent"),
            _mentee_profiles(now, rng, size))
        counts["availability_intervals"] = _copy(cur, "availability_intervals", (
            "user_id", "weekday", "start_minute", "end_minute"), _availability(size))
        counts["matches"] = _copy(cur, "matches", (
            "id", "mentee_id", "mentor_id", "status", "approved_by_id", "created_at",
            "accepted_at", "activated_at"), _matches(now, size))
        counts["meeting_series"] = _copy(cur, "meeting_series", (
            "id", "match_id", "status", "proposed_by_id", "timezone", "first_start_local",
            "duration_minutes", "interval_weeks", "count", "uid", "sequence", "created_at",
            "updated_at", "confirmed_at"), _series(now, size))
        counts["meeting_occurrences"] = _copy(cur, "meeting_occurrences", (
            "series_id", "recurrence_at", "start_at", "end_at", "status"), _occurrences(now, size))
        counts["messages"] = _copy(cur, "messages", (
            "match_id", "author_id", "body", "created_at"), _messages(now, size))
        cur.execute("INSERT INTO calendar_feeds (user_id, key, created_at) VALUES (%s, %s, %s)",
                    (mentor_id(0), feed_key, now))
        for table in ("users", "matches", "meeting_series"):
            cur.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
        cur.execute("ANALYZE")
    return counts


def enrol_coordinator(url: str, now: datetime) -> None:
    """Coordinators must use two-factor authentication: enrol the bench one with a known key."""
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE users SET totp_secret = %s, totp_enabled_at = %s,"
                     " last_totp_step = NULL WHERE id = %s",
                     (COORDINATOR_TOTP_SECRET, now, COORDINATOR_ID))
