"""Concerns: anyone in a match can raise one; an immediate risk reaches every coordinator at once.

An urgent concern is e-mailed to all coordinators when it is raised, stays at the top of their
dashboard until one of them acknowledges it, and is sent again after
`CONCERN_REALERT_MINUTES` while nobody has. The other person in the match never sees it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import update

from mentoring.accounts.models import User
from mentoring.accounts.queries import coordinators
from mentoring.core.audit import record
from mentoring.database import rows_changed
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.pairing.models import Match
from mentoring.safety.models import Concern, ConcernCategory

MAX_TEXT = 4000


def raise_concern(reporter: User, category: ConcernCategory, text: str | None, now: datetime,
                  match: Match | None = None, occurrence_id: int | None = None,
                  source: str = "report", form_token: str | None = None) -> Concern:
    """Record a concern; urgent ones alert every coordinator straight away.

    Raises IntegrityError when this person's form token is already saved (the same form, posted
    twice at the same moment): the caller rolls back and shows the saved concern."""
    if match is not None and not match.involves(reporter):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    text = (text or "").strip() or None
    if text and len(text) > MAX_TEXT:
        raise DomainError(_("Please keep it under 4,000 characters."))
    concern = Concern(reporter_id=reporter.id, match_id=match.id if match else None,
                      occurrence_id=occurrence_id, category=category, source=source, text=text,
                      created_at=now, form_token=form_token or None)
    db.session.add(concern)
    db.session.flush()
    record(actor=reporter, action="concern_raised", subject_type="concern",
           subject_id=concern.id, now=now, to_status=category.value)
    _alert(concern, now, first=True)
    return concern


def _alert(concern: Concern, now: datetime, first: bool) -> None:
    kind = "concern_urgent" if concern.is_urgent else "concern_new"
    if not concern.is_urgent and not first:
        return
    for coordinator in coordinators():
        notify(coordinator, kind, now, topic=f"concern:{concern.id}", concern_id=concern.id)
    concern.last_alert_at = now
    concern.alert_count += 1


def acknowledge(coordinator: User, concern: Concern, now: datetime) -> None:
    """A coordinator takes the concern in hand: the alerts stop."""
    result = db.session.execute(
        update(Concern).where(Concern.id == concern.id, Concern.acknowledged_at.is_(None))
        .values(acknowledged_at=now, acknowledged_by_id=coordinator.id)
        .execution_options(synchronize_session=False))
    if rows_changed(result) != 1:
        raise Conflict(_("Another coordinator has already acknowledged this concern."))
    db.session.refresh(concern)
    record(actor=coordinator, action="concern_acknowledged", subject_type="concern",
           subject_id=concern.id, now=now, from_status="new", to_status="acknowledged")


def resolve(coordinator: User, concern: Concern, now: datetime) -> None:
    if concern.acknowledged_at is None:
        acknowledge(coordinator, concern, now)
    if concern.resolved_at is not None:
        raise Conflict(_("This concern is already closed."))
    concern.resolved_at, concern.resolved_by_id = now, coordinator.id
    record(actor=coordinator, action="concern_resolved", subject_type="concern",
           subject_id=concern.id, now=now, from_status="acknowledged", to_status="resolved")
    db.session.flush()


def realert_unacknowledged(now: datetime, delay_minutes: int) -> int:
    """Alert coordinators again about urgent concerns nobody has acknowledged (a sweep)."""
    cutoff = now - timedelta(minutes=delay_minutes)
    due = db.session.scalars(db.select(Concern.id).where(
        Concern.category == ConcernCategory.IMMEDIATE_RISK, Concern.acknowledged_at.is_(None),
        Concern.last_alert_at <= cutoff)).all()
    sent = 0
    for concern_id in due:
        claim = db.session.execute(  # two schedulers: only one re-sends
            update(Concern).where(Concern.id == concern_id, Concern.acknowledged_at.is_(None),
                                  Concern.last_alert_at <= cutoff)
            .values(last_alert_at=now).execution_options(synchronize_session=False))
        if rows_changed(claim) == 1:
            concern = db.session.get_one(Concern, concern_id)
            db.session.refresh(concern)
            _alert(concern, now, first=False)
            record(actor=None, action="concern_realerted", subject_type="concern",
                   subject_id=concern.id, now=now, reason=f"alert {concern.alert_count}")
            sent += 1
    db.session.flush()
    return sent


def open_concerns() -> list[Concern]:
    """Unresolved concerns, urgent and unacknowledged first, then the oldest."""
    concerns = db.session.scalars(db.select(Concern).where(Concern.resolved_at.is_(None))
                                  .order_by(Concern.created_at)).all()
    return sorted(concerns, key=lambda c: (not (c.is_urgent and c.acknowledged_at is None),
                                           not c.is_urgent, c.created_at))


def concern_by_form_token(reporter: User, token: str | None) -> Concern | None:
    """The concern this person already posted with this form, if any (a double submit)."""
    if not token:
        return None
    return db.session.scalar(db.select(Concern).where(Concern.reporter_id == reporter.id,
                                                      Concern.form_token == token))


def concern_for(user: User, concern_id: int) -> Concern:
    """The reporter and coordinators may open a concern; anyone else gets 404."""
    concern = db.session.get(Concern, concern_id)
    if concern is None or not (user.is_coordinator or concern.reporter_id == user.id):
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    return concern


def category_label(category: ConcernCategory) -> str:
    return str(ConcernCategory(category).label)
