"""CSV files for coordinators: safe cells, and the participant list (no free text, no stories)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func

from mentoring.accounts.models import Role, User
from mentoring.extensions import db
from mentoring.pairing.models import OPEN_STATUSES, Match
from mentoring.profiles.models import MenteeProfile, MentorProfile

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PARTICIPANT_COLUMNS = ("pseudonym", "role", "status", "language", "timezone", "since",
                       "open_matches")


def safe_cell(value: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue()


def _day(instant: datetime | None) -> str:
    return instant.date().isoformat() if instant else ""


def mentee_status(profile: MenteeProfile, open_matches: int) -> tuple[str, datetime | None]:
    if profile.withdrawn_at is not None:
        return "withdrawn", profile.withdrawn_at
    if profile.requested_at is None:
        return "no_request", None
    return ("matched" if open_matches else "waiting"), profile.requested_at


def mentor_status(profile: MentorProfile) -> tuple[str, datetime | None]:
    if profile.rejected_at is not None:
        return "not_accepted", profile.rejected_at
    if profile.approved_at is not None:
        return ("paused" if profile.is_paused else "approved"), profile.approved_at
    if profile.submitted_at is not None:
        return "applied", profile.submitted_at
    return "no_application", None


def participant_rows() -> list[tuple]:
    """One row per mentee and mentor who has not erased their account, by role and pseudonym."""
    open_by_mentee = dict(db.session.execute(
        db.select(Match.mentee_id, func.count()).where(Match.status.in_(OPEN_STATUSES))
        .group_by(Match.mentee_id)).all())
    users = db.session.scalars(
        db.select(User).where(User.role != Role.COORDINATOR, User.erased_at.is_(None))
        .order_by(User.role, User.pseudonym, User.id))
    mentees = {p.user_id: p for p in db.session.scalars(db.select(MenteeProfile))}
    mentors = {p.user_id: p for p in db.session.scalars(db.select(MentorProfile))}
    rows = []
    for user in users:
        if user.id in mentees:
            open_matches = open_by_mentee.get(user.id, 0)
            status, since = mentee_status(mentees[user.id], open_matches)
        elif user.id in mentors:
            open_matches = mentors[user.id].open_matches
            status, since = mentor_status(mentors[user.id])
        else:
            continue
        rows.append((user.pseudonym, user.role.value, status, user.locale, user.timezone,
                     _day(since), open_matches))
    return rows


def participants_csv() -> str:
    return csv_text(PARTICIPANT_COLUMNS, participant_rows())
