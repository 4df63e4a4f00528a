"""Early warning: a health status for each active match, with its reasons, in fixed statements.

Rules (docs/support.md): a reason is serious or a watch sign. Serious: no session held for
NO_SESSION_DAYS days (for a match active that long), or the last two sessions missed (cancelled,
or a check-in says it did not take place). Watch: a check-in of the last LOW_CHECKIN_DAYS days with
a feeling or helpfulness of LOW_SCORE or less (1–5 scales), an overdue support contact, a proposal
to meet left unanswered for UNANSWERED_DAYS days. One serious reason, or two watch signs, make the
match "at risk"; one watch sign makes it "watch"; none, "ok".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from mentoring.extensions import db
from mentoring.meetings.models import MeetingSeries, Occurrence, OccurrenceStatus, SeriesStatus
from mentoring.pairing.models import Match, MatchStatus
from mentoring.safety.models import CheckIn
from mentoring.support.models import SupportContact
from mentoring.support.schedule import Schedule
from mentoring.support.services import (
    MatchSupport,
    active_support,
    current_schedule,
    open_follow_ups,
    overdue_and_due,
)

NO_SESSION_DAYS = 21
LOW_SCORE = 2
LOW_CHECKIN_DAYS = 21
UNANSWERED_DAYS = 5


class Health(enum.StrEnum):
    OK = "ok"
    WATCH = "watch"
    AT_RISK = "at_risk"

    @property
    def label(self):
        return {Health.OK: _l("OK"), Health.WATCH: _l("Watch"),
                Health.AT_RISK: _l("At risk")}[self]


class Reason(enum.StrEnum):
    NO_SESSION = "no_session"
    MISSED_TWICE = "missed_twice"
    LOW_CHECKIN = "low_checkin"
    CONTACT_OVERDUE = "contact_overdue"
    PROPOSAL_UNANSWERED = "proposal_unanswered"

    @property
    def is_serious(self) -> bool:
        return self in (Reason.NO_SESSION, Reason.MISSED_TWICE)

    @property
    def label(self):
        return _REASON_LABELS[self]


_REASON_LABELS = {
    Reason.NO_SESSION: _l("No session for three weeks"),
    Reason.MISSED_TWICE: _l("The last two sessions did not take place"),
    Reason.LOW_CHECKIN: _l("A low check-in (2 out of 5 or less)"),
    Reason.CONTACT_OVERDUE: _l("A support contact is overdue"),
    Reason.PROPOSAL_UNANSWERED: _l("A proposal to meet is still unanswered"),
}


@dataclass(frozen=True)
class MatchHealth:
    support: MatchSupport
    reasons: list[Reason] = field(default_factory=list)

    @property
    def match_id(self) -> int:
        return self.support.match_id

    @property
    def status(self) -> Health:
        serious = sum(r.is_serious for r in self.reasons)
        if serious or len(self.reasons) >= 2:
            return Health.AT_RISK
        return Health.WATCH if self.reasons else Health.OK


def _missed():
    said_no = select(CheckIn.id).where(CheckIn.occurrence_id == Occurrence.id,
                                       CheckIn.took_place.is_(False)).exists()
    return (Occurrence.status == OccurrenceStatus.CANCELLED) | said_no


def _last_held(now: datetime) -> dict[int, datetime]:
    rows = db.session.execute(
        select(MeetingSeries.match_id, func.max(Occurrence.start_at))
        .join(Occurrence, Occurrence.series_id == MeetingSeries.id)
        .join(Match, Match.id == MeetingSeries.match_id)
        .where(Match.status == MatchStatus.ACTIVE, Occurrence.start_at <= now, ~_missed(),
               MeetingSeries.confirmed_at.is_not(None))
        .group_by(MeetingSeries.match_id))
    return {match_id: at for match_id, at in rows}


def _missed_twice(now: datetime) -> set[int]:
    ranked = (
        select(MeetingSeries.match_id.label("match_id"), _missed().label("missed"),
               func.row_number().over(partition_by=MeetingSeries.match_id,
                                      order_by=Occurrence.start_at.desc()).label("rank"))
        .join(Occurrence, Occurrence.series_id == MeetingSeries.id)
        .join(Match, Match.id == MeetingSeries.match_id)
        .where(Match.status == MatchStatus.ACTIVE, Occurrence.start_at <= now,
               MeetingSeries.confirmed_at.is_not(None))
        .subquery())
    rows = db.session.execute(
        select(ranked.c.match_id).where(ranked.c.rank <= 2).group_by(ranked.c.match_id)
        .having(func.count() == 2, func.sum(db.case((ranked.c.missed, 1), else_=0)) == 2))
    return set(rows.scalars())


def _low_checkins(now: datetime) -> set[int]:
    low = (CheckIn.feeling <= LOW_SCORE) | (CheckIn.helpfulness <= LOW_SCORE)
    return set(db.session.scalars(
        select(CheckIn.match_id).join(Match, Match.id == CheckIn.match_id)
        .where(Match.status == MatchStatus.ACTIVE, low,
               CheckIn.created_at > now - timedelta(days=LOW_CHECKIN_DAYS))
        .group_by(CheckIn.match_id)))


def _unanswered(now: datetime) -> set[int]:
    return set(db.session.scalars(
        select(MeetingSeries.match_id).join(Match, Match.id == MeetingSeries.match_id)
        .where(and_(Match.status == MatchStatus.ACTIVE,
                    MeetingSeries.status == SeriesStatus.PROPOSED,
                    MeetingSeries.created_at <= now - timedelta(days=UNANSWERED_DAYS)))
        .group_by(MeetingSeries.match_id)))


def match_health(now: datetime, supports: list[MatchSupport] | None = None,
                 ) -> list[MatchHealth]:
    """Every active match's health, at risk first, then watch, then ok (seven statements)."""
    supports = active_support(now) if supports is None else supports
    last_held, missed, low, unanswered = (_last_held(now), _missed_twice(now),
                                          _low_checkins(now), _unanswered(now))
    quiet_since = now - timedelta(days=NO_SESSION_DAYS)
    result = []
    for support in supports:
        reasons = []
        match_id = support.match_id
        held = last_held.get(match_id)
        if support.activated_at <= quiet_since and (held is None or held <= quiet_since):
            reasons.append(Reason.NO_SESSION)
        if match_id in missed:
            reasons.append(Reason.MISSED_TWICE)
        if match_id in low:
            reasons.append(Reason.LOW_CHECKIN)
        if support.state.overdue_since is not None:
            reasons.append(Reason.CONTACT_OVERDUE)
        if match_id in unanswered:
            reasons.append(Reason.PROPOSAL_UNANSWERED)
        result.append(MatchHealth(support, reasons))
    order = {Health.AT_RISK: 0, Health.WATCH: 1, Health.OK: 2}
    return sorted(result, key=lambda h: (order[h.status], -len(h.reasons), h.match_id))


@dataclass(frozen=True)
class SupportBoard:
    schedule: Schedule
    overdue: list[MatchSupport]
    due: list[MatchSupport]
    follow_ups: list[SupportContact]
    health: list[MatchHealth]

    @property
    def at_risk(self) -> int:
        return sum(h.status is Health.AT_RISK for h in self.health)


def support_board(now: datetime) -> SupportBoard:
    """The dashboard's match support and early warning lists, in fixed statements."""
    schedule = current_schedule()
    supports = active_support(now, schedule)
    overdue, due = overdue_and_due(now, supports)
    return SupportBoard(schedule, overdue, due, open_follow_ups(),
                        match_health(now, supports))
