"""Factory fixtures shared by every test folder: tags, waiting mentees, approved mentors,
active matches and booked series. `tests/conftest.py` makes them available everywhere; a folder's
own conftest holds only what that folder needs alone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mentoring.meetings import services
from mentoring.meetings.slots import Plan
from mentoring.pairing.models import Match, MatchStatus
from mentoring.profiles import services as availability
from mentoring.profiles.models import AvailabilityInterval, MentorProfile, Tag, TagKind
from mentoring.profiles.requests import (
    ApplicationAnswers,
    RequestAnswers,
    submit_application,
    submit_request,
)

# The tests' fixed instant (also tests.conftest.FIXED_NOW).
FIXED_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
EVENING = (1, 18 * 60, 21 * 60)  # Tuesday 18:00-21:00 local


@pytest.fixture
def tags(db):
    """A small taxonomy: slug -> Tag."""
    made = {}
    for kind, slugs in {TagKind.EXPERIENCE: ["anxiety", "grief", "bullying"],
                        TagKind.TOPIC: ["school", "confidence"],
                        TagKind.LANGUAGE: ["fr", "en"]}.items():
        for slug in slugs:
            made[slug] = Tag(kind=kind, slug=slug, label_fr=f"{slug}-fr", label_en=f"{slug}-en")
            db.session.add(made[slug])
    db.session.commit()
    return made


@pytest.fixture
def waiting_mentee(make_mentee, tags, db):
    """Factory: a mentee who has sent a request and is waiting."""

    def make(age=20, languages=("fr",), experiences=("anxiety",), goals=("school",),
             slots=(EVENING,), timezone="Europe/Paris", now=FIXED_NOW, **request_fields):
        user = make_mentee(timezone=timezone)
        submit_request(user, RequestAnswers(
            goal_ids=[tags[g].id for g in goals], goals_text=request_fields.pop("goals_text", None),
            experience_ids=[tags[e].id for e in experiences],
            language_ids=[tags[x].id for x in languages], meeting_format="video", area=None,
            age=age, gender=request_fields.pop("gender", None),
            mentor_gender=request_fields.pop("mentor_gender", None),
            mentor_gender_required=request_fields.pop("mentor_gender_required", False),
            timezone=timezone), now - timedelta(days=5), consent_age=15)
        for slot in slots:
            availability.add_availability(user, *slot)
        db.session.commit()
        return user

    return make


@pytest.fixture
def approved_mentor(make_mentor, make_coordinator, tags, db):
    """Factory: a screened, trained, approved mentor with free places."""

    def make(capacity=1, languages=("fr",), experiences=("anxiety",), topics=("school",),
             slots=(EVENING,), timezone="Europe/Paris", minors=False, **fields):
        user = make_mentor(timezone=timezone)
        submit_application(user, ApplicationAnswers(
            experience_ids=[tags[e].id for e in experiences], story="My story.",
            topic_ids=[tags[t].id for t in topics], language_ids=[tags[x].id for x in languages],
            bio="Hello, I am a student.", age=fields.pop("age", 23),
            gender=fields.pop("gender", None), capacity=capacity, wants_minors=minors,
            timezone=timezone), FIXED_NOW - timedelta(days=30))
        profile = db.session.scalar(
            db.select(MentorProfile).where(MentorProfile.user_id == user.id))
        today = FIXED_NOW.date()
        profile.approved_at = FIXED_NOW - timedelta(days=20)
        profile.screening_checked_on = today - timedelta(days=30)
        profile.screening_expires_on = fields.pop("screening_expires_on",
                                                  today + timedelta(days=365))
        profile.training_completed_on = today - timedelta(days=25)
        profile.minors_cleared = minors
        for name, value in fields.items():
            setattr(profile, name, value)
        for slot in slots:
            availability.add_availability(user, *slot)
        db.session.commit()
        return user

    return make


@pytest.fixture
def coordinator(make_coordinator):
    return make_coordinator(email="coordinator@example.org")


EVENINGS = [(day, 17 * 60, 21 * 60) for day in range(7)]


def add_availability(db, user, intervals) -> None:
    for weekday, start, end in intervals:
        db.session.add(AvailabilityInterval(user_id=user.id, weekday=weekday,
                                            start_minute=start, end_minute=end))


@pytest.fixture
def make_active_match(db, make_mentee, make_mentor):
    """Factory: an ACTIVE match (rows only), both people free every evening by default."""

    def make(mentee=None, mentor=None, *, mentee_tz="Europe/Paris", mentor_tz="Europe/Paris",
             mentee_hours=EVENINGS, mentor_hours=EVENINGS) -> Match:
        mentee = mentee or make_mentee(timezone=mentee_tz)
        mentor = mentor or make_mentor(timezone=mentor_tz)
        if mentee_hours:
            add_availability(db, mentee, mentee_hours)
        if mentor_hours:
            add_availability(db, mentor, mentor_hours)
        match = Match(mentee_id=mentee.id, mentor_id=mentor.id, status=MatchStatus.ACTIVE,
                      activated_at=FIXED_NOW)
        db.session.add(match)
        db.session.commit()
        return match

    return make


@pytest.fixture
def frozen(clock):
    """The app's clock at FIXED_NOW (the one way to freeze it: the `clock` fixture)."""
    return clock


@pytest.fixture
def book(db):
    """Factory: propose as the mentee and confirm as the mentor; returns the committed series."""

    def do_book(match: Match, start_at: datetime, now: datetime = FIXED_NOW, **plan):
        series = services.propose_series(match, match.mentee, now, Plan(start_at, **plan))
        services.confirm_series(series, match.mentor, now)
        db.session.commit()
        return series

    return do_book


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
