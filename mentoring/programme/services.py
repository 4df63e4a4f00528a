"""Coordinator rules for the taxonomy and the dashboard figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy.orm import contains_eager

from mentoring.errors import Conflict, NotFound
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus
from mentoring.pairing.rounds import matchable_mentors, waiting_mentees
from mentoring.profiles.models import MenteeProfile, MentorProfile, Tag, TagKind
from mentoring.safety.checkins import NoShow, quiet_matches, recent_no_shows
from mentoring.safety.concerns import open_concerns
from mentoring.safety.models import Concern
from mentoring.support.health import SupportBoard, support_board

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def tags_by_kind() -> dict[TagKind, list[Tag]]:
    tags = db.session.scalars(db.select(Tag).order_by(Tag.kind, Tag.slug))
    grouped: dict[TagKind, list[Tag]] = {kind: [] for kind in TagKind}
    for tag in tags:
        grouped[tag.kind].append(tag)
    return grouped


def add_tag(kind: TagKind, slug: str, label_fr: str, label_en: str) -> Tag:
    """Create a tag; its slug is unique within its kind."""
    exists = db.session.scalar(db.select(Tag).where(Tag.kind == kind, Tag.slug == slug))
    if exists is not None:
        raise Conflict(_("A tag with this identifier already exists."))
    tag = Tag(kind=kind, slug=slug, label_fr=label_fr.strip(), label_en=label_en.strip())
    db.session.add(tag)
    db.session.flush()
    return tag


def toggle_tag(tag_id: int) -> Tag:
    """Retire a tag from new forms, or bring it back; people who chose it keep it."""
    tag = db.session.get(Tag, tag_id)
    if tag is None:
        raise NotFound(_("This tag does not exist."))
    tag.is_active = not tag.is_active
    db.session.flush()
    return tag


@dataclass(frozen=True)
class Dashboard:
    waiting: int
    longest_wait_since: datetime | None
    awaiting_consent: int
    applications: list[MentorProfile]
    expiring_proposals: list[Match]
    mentors_with_places: int
    free_places: int
    screenings_expiring: list[MentorProfile]
    unmatchable_mentors: list[MentorProfile]
    concerns: list[Concern]
    no_shows: list[NoShow]
    quiet_matches: list[Match]
    support: SupportBoard


def _waiting_figures() -> tuple[int, datetime | None, int]:
    """(mentees ready to match, the oldest request among them, mentees awaiting consent)."""
    ready = ~MenteeProfile.needs_guardian_consent | MenteeProfile.guardian_consent_at.is_not(None)
    row = db.session.execute(waiting_mentees().with_only_columns(
        db.func.count().filter(ready), db.func.min(MenteeProfile.requested_at).filter(ready),
        db.func.count().filter(~ready))).one()
    return row[0], row[1], row[2]


def _free_places(today) -> tuple[int, int]:
    """(matchable mentors with a free place, their free places), counted by the database."""
    free = MentorProfile.capacity - MentorProfile.open_matches
    row = db.session.execute(matchable_mentors(today).where(free > 0).with_only_columns(
        db.func.count(), db.func.coalesce(db.func.sum(free), 0))).one()
    return row[0], row[1]


def dashboard(now: datetime, warning_days: int) -> Dashboard:
    """What needs a coordinator's action: counts from the database, short lists of rows."""
    today = now.date()
    waiting, longest_wait_since, awaiting_consent = _waiting_figures()
    mentors_with_places, free_places = _free_places(today)
    return Dashboard(
        waiting=waiting,
        longest_wait_since=longest_wait_since,
        awaiting_consent=awaiting_consent,
        applications=list(db.session.scalars(
            db.select(MentorProfile).where(MentorProfile.submitted_at.is_not(None),
                                           MentorProfile.approved_at.is_(None),
                                           MentorProfile.rejected_at.is_(None))
            .order_by(MentorProfile.submitted_at))),
        expiring_proposals=list(db.session.scalars(
            db.select(Match).where(Match.status == MatchStatus.APPROVED,
                                   Match.respond_by_at <= now + timedelta(days=1))
            .order_by(Match.respond_by_at))),
        mentors_with_places=mentors_with_places,
        free_places=free_places,
        screenings_expiring=list(db.session.scalars(
            matchable_mentors(today)
            .where(MentorProfile.screening_expires_on <= today + timedelta(days=warning_days))
            .options(contains_eager(MentorProfile.user))
            .order_by(MentorProfile.screening_expires_on, MentorProfile.user_id))),
        unmatchable_mentors=list(db.session.scalars(
            db.select(MentorProfile).where(MentorProfile.approved_at.is_not(None),
                                           MentorProfile.screening_expires_on <= today))),
        concerns=open_concerns(),
        no_shows=recent_no_shows(now),
        quiet_matches=quiet_matches(now),
        support=support_board(now),
    )
