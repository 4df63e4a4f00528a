"""Matching rounds: database rows → matching.Cohort → matching.solve → proposals to show.

Proposals are computed, shown and approved; they are not stored. Approving re-checks each pair
against the current rows, so a stale preview cannot approve a pair that broke a rule since.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select
from sqlalchemy.orm import contains_eager

import matching
from matching.weekly import next_monday
from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.pairing.models import OPEN_STATUSES, ExcludedPair, Match
from mentoring.profiles.models import (
    AvailabilityInterval,
    MenteeProfile,
    MentorProfile,
    Tag,
    TagKind,
    user_tags,
)
from mentoring.profiles.requests import band_age

# Rules a coordinator can never override, even with a written reason.
SAFEGUARDING_VIOLATIONS = frozenset(
    {"minor_needs_cleared_mentor", "excluded", "no_capacity", "not_matchable", "no_consent"}
)


@dataclass(frozen=True)
class RoundSettings:
    weights: matching.Weights = field(default_factory=matching.Weights)
    mode: str = "most_matched"
    session_minutes: int = 45
    mentee_ids: tuple[int, ...] | None = None  # None: every waiting mentee
    mentor_ids: tuple[int, ...] | None = None  # None: every matchable mentor




def waiting_mentees() -> Select:
    """Mentees who asked, have not withdrawn and have no open match (consent or not)."""
    has_open = db.select(Match.id).where(Match.mentee_id == MenteeProfile.user_id,
                                         Match.status.in_(OPEN_STATUSES)).exists()
    return (db.select(MenteeProfile).join(MenteeProfile.user)
            .where(MenteeProfile.requested_at.is_not(None), MenteeProfile.withdrawn_at.is_(None),
                   User.is_enabled.is_(True), ~has_open))


def matchable_mentors(today: date) -> Select:
    """Approved, trained, screened, enabled mentors who are not paused."""
    return (db.select(MentorProfile).join(MentorProfile.user)
            .where(MentorProfile.approved_at.is_not(None), MentorProfile.is_paused.is_(False),
                   MentorProfile.training_completed_on.is_not(None),
                   MentorProfile.screening_expires_on > today, User.is_enabled.is_(True)))


def waiting_mentee_profiles() -> list[MenteeProfile]:
    return list(db.session.scalars(
        waiting_mentees().options(contains_eager(MenteeProfile.user))  # users in the same query
        .order_by(MenteeProfile.requested_at, MenteeProfile.user_id)))


def matchable_mentor_profiles(today: date) -> list[MentorProfile]:
    return list(db.session.scalars(
        matchable_mentors(today).options(contains_eager(MentorProfile.user))
        .order_by(MentorProfile.user_id)))


def _tags_by_user(user_ids: list[int]) -> dict[int, dict[TagKind, list[str]]]:
    rows = db.session.execute(
        db.select(user_tags.c.user_id, Tag.kind, Tag.slug)
        .join(Tag, Tag.id == user_tags.c.tag_id)
        .where(user_tags.c.user_id.in_(user_ids))
        .order_by(user_tags.c.user_id, Tag.slug)
    )
    found: dict[int, dict[TagKind, list[str]]] = defaultdict(lambda: defaultdict(list))
    for user_id, kind, slug in rows:
        found[user_id][kind].append(slug)
    return found


def _availability_by_user(user_ids: list[int]) -> dict[int, list[matching.WeeklyInterval]]:
    rows = db.session.scalars(
        db.select(AvailabilityInterval).where(AvailabilityInterval.user_id.in_(user_ids))
        .order_by(AvailabilityInterval.user_id, AvailabilityInterval.weekday,
                  AvailabilityInterval.start_minute)
    )
    found: dict[int, list[matching.WeeklyInterval]] = defaultdict(list)
    for row in rows:
        found[row.user_id].append(
            matching.WeeklyInterval(row.weekday, row.start_minute, row.end_minute))
    return found


def _as_mentee(profile: MenteeProfile, tags, availability, now: datetime) -> matching.Mentee:
    return matching.Mentee(
        id=str(profile.user_id), languages=tuple(tags[TagKind.LANGUAGE]),
        timezone=profile.user.timezone, availability=tuple(availability),
        experiences=tuple(tags[TagKind.EXPERIENCE]), goals=tuple(tags[TagKind.TOPIC]),
        age=band_age(profile.age_band), minor=profile.is_minor, gender=profile.gender,
        mentor_gender=profile.mentor_gender,
        mentor_gender_required=profile.mentor_gender_required and bool(profile.mentor_gender),
        waiting_days=max((now - (profile.requested_at or now)).total_seconds() / 86400, 0.0),
    )


def _as_mentor(profile: MentorProfile, tags, availability) -> matching.Mentor:
    return matching.Mentor(
        id=str(profile.user_id), languages=tuple(tags[TagKind.LANGUAGE]),
        timezone=profile.user.timezone, availability=tuple(availability),
        experiences=tuple(tags[TagKind.EXPERIENCE]), topics=tuple(tags[TagKind.TOPIC]),
        age=band_age(profile.age_band), gender=profile.gender, capacity=profile.capacity,
        load=min(profile.open_matches, profile.capacity),
        minors_ok=profile.minors_cleared and profile.wants_minors,
    )


def _excluded_pairs(mentee_ids: list[int], mentor_ids: list[int]) -> tuple:
    rows = db.session.execute(db.select(ExcludedPair.mentee_id, ExcludedPair.mentor_id).where(
        ExcludedPair.mentee_id.in_(mentee_ids), ExcludedPair.mentor_id.in_(mentor_ids)))
    return tuple((str(a), str(b)) for a, b in rows)


def build_cohort(settings: RoundSettings, now: datetime,
                 extra_mentee: MenteeProfile | None = None) -> matching.Cohort:
    """The cohort of a round, read from the database in a fixed number of queries."""
    mentees = [p for p in waiting_mentee_profiles() if p.has_consent_to_match]
    if settings.mentee_ids is not None:
        mentees = [p for p in mentees if p.user_id in set(settings.mentee_ids)]
    if extra_mentee is not None and extra_mentee not in mentees:
        mentees.append(extra_mentee)
    mentors = matchable_mentor_profiles(now.date())
    if settings.mentor_ids is not None:
        mentors = [p for p in mentors if p.user_id in set(settings.mentor_ids)]
    ids = [p.user_id for p in mentees + mentors]
    tags, availability = _tags_by_user(ids), _availability_by_user(ids)
    empty: dict = defaultdict(list)
    return matching.Cohort(
        mentees=tuple(_as_mentee(p, tags.get(p.user_id, empty), availability[p.user_id], now)
                      for p in mentees),
        mentors=tuple(_as_mentor(p, tags.get(p.user_id, empty), availability[p.user_id])
                      for p in mentors),
        rules=matching.Rules(reference_week=next_monday(now.date()),
                             session_minutes=settings.session_minutes, mode=settings.mode),
        weights=settings.weights,
        excluded=_excluded_pairs([p.user_id for p in mentees], [p.user_id for p in mentors]),
    )


def run_round(settings: RoundSettings, now: datetime) -> tuple[matching.Cohort,
                                                               matching.Assignment]:
    cohort = build_cohort(settings, now)
    return cohort, matching.solve(cohort)
