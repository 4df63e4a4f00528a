"""Mentee requests and mentor applications: the rules behind the two forms."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.accounts.services import is_known_timezone
from mentoring.errors import Conflict, DomainError
from mentoring.extensions import db
from mentoring.profiles.models import MenteeProfile, MentorProfile, Tag, TagKind

# (lowest age, band label, age used by the matcher's age-closeness term)
AGE_BANDS = [(11, "11-14", 13), (15, "15-17", 16), (18, "18-20", 19), (21, "21-25", 23),
             (26, "26-30", 28), (31, "31+", 35)]
ADULT_AGE = 18


def age_band(age: int) -> str:
    """The band an age falls in: only the band is stored."""
    return [label for lowest, label, _mid in AGE_BANDS if age >= lowest][-1]


def band_age(band: str | None) -> float | None:
    """The representative age of a band, for the matcher."""
    return next((mid for _low, label, mid in AGE_BANDS if label == band), None)


def tag_choices(kind: TagKind, locale: str, selected: Sequence[int] = ()) -> list[tuple[int, str]]:
    """Active tags of a kind (plus retired ones a person already has), labelled in `locale`."""
    tags = db.session.scalars(db.select(Tag).where(Tag.kind == kind).order_by(Tag.slug))
    return [(t.id, t.label(locale)) for t in tags if t.is_active or t.id in selected]


def _set_tags(user: User, tag_ids_by_kind: dict[TagKind, list[int]]) -> None:
    wanted = {tid for ids in tag_ids_by_kind.values() for tid in ids}
    tags = db.session.scalars(db.select(Tag).where(Tag.id.in_(wanted))).all() if wanted else []
    for tag in tags:
        if tag.id not in tag_ids_by_kind.get(tag.kind, []):
            raise DomainError(_("Unknown choice in the list."))
    if len(tags) != len(wanted):
        raise DomainError(_("Unknown choice in the list."))
    user.tags = sorted(tags, key=lambda t: t.slug)


@dataclass(frozen=True)
class RequestAnswers:
    goal_ids: list[int]
    goals_text: str | None
    experience_ids: list[int]
    language_ids: list[int]
    meeting_format: str
    area: str | None
    age: int
    gender: str | None
    mentor_gender: str | None
    mentor_gender_required: bool
    timezone: str


def submit_request(user: User, answers: RequestAnswers, now: datetime,
                   consent_age: int) -> MenteeProfile:
    """Save a mentee's request; they wait from their first submission on."""
    profile = _mentee_profile(user)
    if not is_known_timezone(answers.timezone):
        raise DomainError(_("Unknown time zone."))
    if not answers.language_ids:
        raise DomainError(_("Choose at least one language."))
    _set_tags(user, {TagKind.TOPIC: answers.goal_ids, TagKind.EXPERIENCE: answers.experience_ids,
                     TagKind.LANGUAGE: answers.language_ids})
    user.timezone = answers.timezone
    profile.goals_text = (answers.goals_text or "").strip() or None
    profile.meeting_format = answers.meeting_format
    profile.area = (answers.area or "").strip() or None
    profile.age_band = age_band(answers.age)
    profile.is_minor = answers.age < ADULT_AGE
    profile.needs_guardian_consent = answers.age < consent_age
    profile.gender = answers.gender or None
    profile.mentor_gender = answers.mentor_gender or None
    profile.mentor_gender_required = bool(answers.mentor_gender and answers.mentor_gender_required)
    if profile.requested_at is None or profile.withdrawn_at is not None:
        profile.requested_at, profile.withdrawn_at = now, None
    db.session.flush()
    return profile


def _mentee_profile(user: User) -> MenteeProfile:
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == user.id))
    if profile is None:
        raise Conflict(_("Only mentees can ask for a mentor."))
    return profile


def mentor_profile_of(user: User) -> MentorProfile:
    profile = db.session.scalar(db.select(MentorProfile).where(MentorProfile.user_id == user.id))
    if profile is None:
        raise Conflict(_("Only mentors have an application."))
    return profile


@dataclass(frozen=True)
class ApplicationAnswers:
    experience_ids: list[int]
    story: str
    topic_ids: list[int]
    language_ids: list[int]
    bio: str
    age: int
    gender: str | None
    capacity: int
    wants_minors: bool
    timezone: str


def submit_application(user: User, answers: ApplicationAnswers, now: datetime) -> MentorProfile:
    """Save a mentor's application; a coordinator reviews it before any match."""
    profile = mentor_profile_of(user)
    if not is_known_timezone(answers.timezone):
        raise DomainError(_("Unknown time zone."))
    if answers.age < ADULT_AGE:
        raise DomainError(_("Mentors must be at least 18 years old."))
    _set_tags(user, {TagKind.EXPERIENCE: answers.experience_ids, TagKind.TOPIC: answers.topic_ids,
                     TagKind.LANGUAGE: answers.language_ids})
    user.timezone = answers.timezone
    profile.story = answers.story.strip()
    profile.bio = answers.bio.strip()
    profile.age_band = age_band(answers.age)
    profile.gender = answers.gender or None
    profile.wants_minors = answers.wants_minors
    change_capacity(profile, answers.capacity)
    profile.submitted_at = profile.submitted_at or now
    profile.rejected_at = None
    db.session.flush()
    return profile


def change_capacity(profile: MentorProfile, capacity: int) -> None:
    """Set how many mentees a mentor supports; a lower value never ends existing matches."""
    if not 1 <= capacity <= 5:
        raise DomainError(_("Capacity must be between 1 and 5."))
    profile.capacity = capacity


def update_mentor_settings(user: User, capacity: int, is_paused: bool) -> MentorProfile:
    profile = mentor_profile_of(user)
    change_capacity(profile, capacity)
    profile.is_paused = is_paused
    db.session.flush()
    return profile
