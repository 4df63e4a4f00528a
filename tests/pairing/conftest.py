"""Factories for the pairing journey: tags, waiting mentees, approved mentors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentoring.profiles import services as availability
from mentoring.profiles.models import MentorProfile, Tag, TagKind
from mentoring.profiles.requests import (
    ApplicationAnswers,
    RequestAnswers,
    submit_application,
    submit_request,
)
from tests.conftest import FIXED_NOW

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
