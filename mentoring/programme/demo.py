"""The demo programme and synthetic cohorts: people, tags and availability."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentoring.accounts.models import Role, User
from mentoring.accounts.passwords import hash_password
from mentoring.extensions import db
from mentoring.profiles.models import (
    AvailabilityInterval,
    MenteeProfile,
    MentorProfile,
    Tag,
    TagKind,
)

DEMO_PASSWORD = "demo-mentoring-2026"
DEMO_DOMAIN = "demo.example.org"
DEMO_ZONES = ("Europe/Paris", "Europe/Paris", "America/Montreal", "Africa/Abidjan")

TAXONOMY = {
    TagKind.EXPERIENCE: [
        ("anxiety", "Anxiété", "Anxiety"),
        ("depression", "Déprime, dépression", "Low mood, depression"),
        ("school-stress", "Stress scolaire", "School stress"),
        ("bullying", "Harcèlement", "Bullying"),
        ("grief", "Deuil", "Grief"),
        ("family-conflict", "Conflits familiaux", "Family conflict"),
        ("moving-country", "Changer de pays", "Moving country"),
        ("loneliness", "Solitude", "Loneliness"),
        ("identity", "Identité, orientation", "Identity, orientation"),
        ("chronic-illness", "Maladie chronique", "Chronic illness"),
        ("eating", "Troubles alimentaires", "Eating difficulties"),
        ("care-leaver", "Sortie de l'aide sociale à l'enfance", "Leaving care"),
    ],
    TagKind.TOPIC: [
        ("school", "Études", "Studies"),
        ("confidence", "Confiance en soi", "Self-confidence"),
        ("friendships", "Amitiés", "Friendships"),
        ("family", "Famille", "Family"),
        ("sleep", "Sommeil", "Sleep"),
        ("stress", "Gérer le stress", "Managing stress"),
        ("future", "Projets d'avenir", "Future plans"),
        ("work", "Premier emploi", "First job"),
    ],
    TagKind.LANGUAGE: [
        ("fr", "Français", "French"),
        ("en", "Anglais", "English"),
        ("ar", "Arabe", "Arabic"),
        ("es", "Espagnol", "Spanish"),
    ],
}

COLOURS = ["Bleu", "Vert", "Orange", "Indigo", "Corail", "Jade", "Ocre", "Azur", "Lilas"]
ANIMALS = ["Renard", "Hibou", "Loutre", "Colibri", "Panda", "Lynx", "Koala", "Héron", "Dauphin"]
# (weekday, start, end) in local time: evenings on weekdays, afternoons at weekends.
EVENINGS = [(d, 17 * 60, 21 * 60) for d in range(5)]
EVENINGS += [(5, 14 * 60, 18 * 60), (6, 10 * 60, 13 * 60)]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str


def load_taxonomy() -> None:
    for kind, entries in TAXONOMY.items():
        for slug, label_fr, label_en in entries:
            db.session.add(Tag(kind=kind, slug=slug, label_fr=label_fr, label_en=label_en))
    db.session.flush()


def pseudonym(index: int) -> str:
    return f"{ANIMALS[index % len(ANIMALS)]} {COLOURS[(index // len(ANIMALS)) % len(COLOURS)]}"


def _person(role: Role, email: str, name: str, zone: str, password_hash: str, now: datetime):
    user = User(
        email=email, pseudonym=name, password_hash=password_hash, role=role,
        locale="en" if zone == "America/Montreal" and len(name) % 2 else "fr",
        timezone=zone, created_at=now, consent_version="2026-11", consented_at=now,
    )
    db.session.add(user)
    return user


def _availability(user: User, rng: random.Random) -> None:
    for weekday, start, end in rng.sample(EVENINGS, k=rng.randint(2, 4)):
        shift = rng.choice([0, 60, 120]) if end - start > 180 else 0
        db.session.add(AvailabilityInterval(
            user=user, weekday=weekday, start_minute=start + shift, end_minute=end
        ))


def add_people(role: Role, count: int, *, now: datetime, rng: random.Random, password_hash: str,
               prefix: str, approved: bool = True) -> list[User]:
    """Create `count` participants of one role with profiles and evening availability."""
    people = []
    for index in range(count):
        zone = DEMO_ZONES[index % len(DEMO_ZONES)]
        email = f"{prefix}{index + 1:02d}@{DEMO_DOMAIN}"
        offset = 0 if role is Role.MENTEE else 50
        user = _person(role, email, pseudonym(index + offset), zone, password_hash, now)
        if role is Role.MENTEE:
            db.session.add(MenteeProfile(user=user, created_at=now - timedelta(days=index)))
        else:
            db.session.add(MentorProfile(user=user, created_at=now,
                                         approved_at=now if approved else None))
        _availability(user, rng)
        people.append(user)
    db.session.flush()
    return people


def load_demo_programme(now: datetime) -> list[DemoLogin]:
    """Create the demo programme in an empty database and return the logins to print."""
    rng = random.Random(2026)
    password_hash = hash_password(DEMO_PASSWORD)
    load_taxonomy()
    coordinator = _person(Role.COORDINATOR, f"coordinator@{DEMO_DOMAIN}", "Coordination",
                          "Europe/Paris", password_hash, now)
    mentors = add_people(Role.MENTOR, 12, now=now, rng=rng, password_hash=password_hash,
                         prefix="mentor")
    add_people(Role.MENTOR, 2, now=now, rng=rng, password_hash=password_hash,
               prefix="applicant", approved=False)
    mentees = add_people(Role.MENTEE, 30, now=now, rng=rng, password_hash=password_hash,
                         prefix="mentee")
    db.session.flush()
    return [
        DemoLogin("coordinator", coordinator.email),
        DemoLogin("mentor", mentors[0].email),
        DemoLogin("mentee", mentees[0].email),
    ]


def is_empty() -> bool:
    return db.session.scalar(db.select(User.id).limit(1)) is None
