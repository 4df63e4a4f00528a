"""A person's data rights: download everything held about them, erase their account, retention.

Export walks every table with a foreign key to users, so a new table is exported without anyone
remembering to add it. Erasure deletes the person's own rows, blanks free text, and keeps only the
records a safeguarding review may need, linked to an anonymous account shell (see
docs/data-rights.md for the list and the reasons).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, delete, or_, select, update

from mentoring.accounts.models import User
from mentoring.agreements.goals import erase_goals_of
from mentoring.conversations.records import erase_messages_of
from mentoring.core.audit import AuditEvent, record
from mentoring.extensions import db
from mentoring.notify.models import Notification
from mentoring.notify.services import notify
from mentoring.pairing import services as pairing
from mentoring.pairing.models import PENDING_STATUSES, Match, MatchStatus
from mentoring.support.services import blank_notes_of_matches_of

# Columns never exported (secrets) or shown only to others (coordinators' or counterparts' text).
HIDDEN_COLUMNS = {
    "users": {"password_hash", "session_version", "totp_secret", "last_totp_step"},
    "recovery_codes": {"salt", "code_hash"},
    "calendar_feeds": {"key"},
    "matches": {"override_reason", "explanation"},
    "support_contacts": {"notes"},  # coordinators' notes about a match: theirs to read only
}
# Tables whose rows are kept after erasure (ids only, free text blanked): safeguarding records.
RETAINED_TABLES = {"users", "audit_events", "concerns", "checkins", "matches", "meeting_series",
                   "meeting_occurrences",
                   "messages"}  # kept as "message removed" for the other person (below)
# Free-text columns blanked in the retained tables when their author is erased.
AUTHORED_TEXT = {"concerns": ("reporter_id", "text"), "checkins": ("user_id", "comment"),
                 "audit_events": ("actor_id", "reason")}
ERASED_NAME = "—"


def _user_columns(table: Table) -> list:
    return [col for col in table.columns
            if any(fk.column.table.name == "users" for fk in col.foreign_keys)]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _plain(value: Any, zone: ZoneInfo) -> Any:
    """ISO dates; instants in the person's zone with its offset (18:00+01:00, not 17:00Z)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return value.value if hasattr(value, "value") else value


def _explained(name: str, value: Any, zone: ZoneInfo) -> tuple[str, Any]:
    """A column as a reader understands it: 'day': 'Tuesday', 'from': '13:00' (local time)."""
    if name == "weekday" and isinstance(value, int):
        return "day", WEEKDAYS[value]
    if name.endswith("_minute") and isinstance(value, int):
        label = {"start_minute": "from_local_time", "end_minute": "to_local_time"}.get(
            name, name.removesuffix("_minute") + "_local_time")
        return label, f"{value // 60:02d}:{value % 60:02d}"
    return name, _plain(value, zone)


def export_user_data(user: User) -> dict[str, list[dict]]:
    """Every row of every table that references the person, as JSON-ready dictionaries, with
    times in the person's zone and day names instead of numbers."""
    zone = ZoneInfo(user.timezone)
    data: dict[str, list[dict]] = {"users": [_row(db.metadata.tables["users"],
                                                  db.session.get(User, user.id), zone)]}
    for table in db.metadata.sorted_tables:
        columns = _user_columns(table)
        if not columns or table.name == "users":
            continue
        rows = db.session.execute(select(table).where(or_(*(c == user.id for c in columns))))
        found = [_row(table, row, zone) for row in rows.mappings()]
        if found:
            data[table.name] = found
    if user.is_mentor:  # a mentee never sees why a mentor declined, so only mentors get it
        hidden = data.get("matches", [])
        for row in hidden:
            if row.get("mentor_id") != user.id:
                row.pop("decline_reason", None)
    else:
        for row in data.get("matches", []):
            row.pop("decline_reason", None)
    return data


def _row(table: Table, row, zone: ZoneInfo) -> dict:
    hidden = HIDDEN_COLUMNS.get(table.name, set())
    get = row.get if hasattr(row, "get") else lambda name: getattr(row, name)
    return dict(_explained(col.name, get(col.name), zone) for col in table.columns
                if col.name not in hidden)


def erase_user(user: User, actor: User | None, now: datetime) -> None:
    """Close the person's matches (telling the other people), then erase their personal data."""
    _end_matches(user, actor or user, now)
    erase_messages_of(user, now)  # blanked, not deleted: the other person sees "message removed"
    erase_goals_of(user)  # with every note on them (the generic pass below cannot order these)
    for table in reversed(db.metadata.sorted_tables):
        if table.name in RETAINED_TABLES:
            continue
        for column in _user_columns(table):
            if column.nullable:  # someone else's row that merely names them (e.g. approved_by)
                db.session.execute(
                    update(table).where(column == user.id).values({column.name: None}))
            else:  # their own row
                db.session.execute(delete(table).where(column == user.id))
    _blank_authored_text(user)
    db.session.execute(update(Match).where(Match.mentor_id == user.id)
                       .values(decline_reason=None, override_reason=None))
    db.session.execute(update(Match).where(Match.mentee_id == user.id)
                       .values(override_reason=None))
    _anonymise(user, now)
    record(actor=actor, action="account_erased", subject_type="user", subject_id=user.id,
           now=now, to_status="erased")
    db.session.flush()


def _end_matches(user: User, actor: User, now: datetime) -> None:
    matches = db.session.scalars(select(Match).where(
        or_(Match.mentee_id == user.id, Match.mentor_id == user.id),
        Match.status.in_((*PENDING_STATUSES, MatchStatus.ACTIVE)))).all()
    for match in matches:
        if match.status is MatchStatus.ACTIVE:
            pairing.close(actor, match, "other", now)
        else:
            pairing.withdraw(actor if actor.is_coordinator else _as_party(match, user), match,
                             now, reason="account_erased")


def _as_party(match: Match, user: User) -> User:
    # withdraw() lets the mentee or a coordinator act; an erased mentor withdraws "as" the mentee.
    return match.mentee if match.mentor_id == user.id else user


def _blank_authored_text(user: User) -> None:
    for table_name, (author_column, text_column) in AUTHORED_TEXT.items():
        table = db.metadata.tables[table_name]
        db.session.execute(update(table).where(table.c[author_column] == user.id)
                           .values({text_column: None}))
    # A series' place and video link were typed by either partner (and may name where the person
    # lives or studies): blank them on every series of the person's matches.
    series = db.metadata.tables["meeting_series"]
    theirs = select(Match.id).where(or_(Match.mentee_id == user.id, Match.mentor_id == user.id))
    db.session.execute(update(series).where(series.c.match_id.in_(theirs))
                       .values(location=None, video_url=None))
    _drop_their_reasons(user, set(db.session.scalars(theirs)))
    blank_notes_of_matches_of(user)  # coordinators' support notes about their matches


def _drop_their_reasons(user: User, match_ids: set[int]) -> None:
    """A cancellation's reason is kept in the other partner's notification: the person's words,
    so they go too (the notification itself stays: the other person still needs to know)."""
    if not match_ids:
        return
    partners = select(Match.mentee_id).where(Match.id.in_(match_ids)).union(
        select(Match.mentor_id).where(Match.id.in_(match_ids)))
    others = db.session.scalars(select(Notification).where(
        Notification.user_id != user.id, Notification.user_id.in_(partners)))
    for notification in others:
        params = notification.params or {}
        if "reason" in params and params.get("match_id") in match_ids:
            notification.params = {k: v for k, v in params.items() if k != "reason"}


def _anonymise(user: User, now: datetime) -> None:
    user.email = f"erased-{user.id}@invalid"
    user.pseudonym = ERASED_NAME
    user.password_hash = "!"  # matches no password
    user.is_enabled = False
    user.session_version += 1
    user.consent_version = user.consented_at = user.last_seen_at = None
    user.totp_secret = user.totp_enabled_at = user.last_totp_step = None
    user.timezone, user.locale = "UTC", "fr"
    user.erased_at = now


def retention_sweep(now: datetime, months: int, warning_days: int) -> tuple[int, int]:
    """Warn people inactive for `months` minus `warning_days`; erase those warned long enough."""
    inactive_since = now - timedelta(days=30 * months)
    warn_before = inactive_since + timedelta(days=warning_days)
    last_active = db.func.coalesce(User.last_seen_at, User.created_at)
    people = select(User).where(User.erased_at.is_(None), User.is_enabled.is_(True),
                                User.role != "coordinator")
    warned = 0
    for user in db.session.scalars(people.where(last_active <= warn_before,
                                                User.retention_warned_at.is_(None))):
        user.retention_warned_at = now
        notify(user, "retention_warning", now)
        warned += 1
    erased = 0
    for user in db.session.scalars(people.where(
            last_active <= inactive_since,
            User.retention_warned_at <= now - timedelta(days=warning_days))):
        erase_user(user, None, now)
        erased += 1
    db.session.flush()
    return warned, erased


def audit_rows_about(user: User) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id)))
