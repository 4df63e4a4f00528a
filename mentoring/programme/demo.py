"""The demo programme and synthetic cohorts: people, tags and availability."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from mentoring.accounts.models import Role, User
from mentoring.accounts.passwords import hash_password
from mentoring.accounts.two_factor import enrol_with_secret
from mentoring.extensions import db
from mentoring.profiles.models import (
    AvailabilityInterval,
    MenteeProfile,
    MentorProfile,
    Tag,
    TagKind,
)
from mentoring.profiles.requests import ADULT_AGE, age_band

DEMO_PASSWORD = "demo-mentoring-2026"
DEMO_DOMAIN = "demo.example.org"
# The demo coordinator's two-factor key (coordinators must use 2FA): printed with the logins so
# that anyone can add it to an authenticator app. A demo only: real keys are drawn at enrolment.
DEMO_TOTP_SECRET = "DEMOCOORDINATORKEYFORTRYINGOUT22"
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
        email_verified_at=now,
    )
    db.session.add(user)
    return user


def _availability(user: User, rng: random.Random) -> None:
    slots = rng.sample(EVENINGS, k=rng.randint(2, 4))
    if user.timezone == "America/Montreal" and user.role is Role.MENTOR:
        # Lunch breaks in Montreal are evenings in Paris: room for transatlantic pairs.
        slots += [(1, 12 * 60, 14 * 60), (3, 12 * 60, 14 * 60)]
    for weekday, start, end in slots:
        shift = rng.choice([0, 60, 120]) if end - start > 180 else 0
        db.session.add(AvailabilityInterval(
            user=user, weekday=weekday, start_minute=start + shift, end_minute=end
        ))


def _tags(kind: TagKind, rng: random.Random, low: int, high: int) -> list[Tag]:
    tags = db.session.scalars(db.select(Tag).where(Tag.kind == kind).order_by(Tag.slug)).all()
    return rng.sample(list(tags), k=min(rng.randint(low, high), len(tags)))


def _languages(zone: str, rng: random.Random) -> list[Tag]:
    by_slug = {t.slug: t for t in db.session.scalars(
        db.select(Tag).where(Tag.kind == TagKind.LANGUAGE))}
    wanted = ["en", "fr"] if zone == "America/Montreal" else ["fr"]
    if rng.random() < 0.25:
        wanted.append(rng.choice(["ar", "es", "en"]))
    return [by_slug[s] for s in dict.fromkeys(wanted) if s in by_slug]


def _mentee_profile(user: User, index: int, now: datetime, rng: random.Random) -> MenteeProfile:
    age = rng.choice([14, 15, 16, 16, 17, 17, 18, 19, 20, 22])
    user.tags = (_tags(TagKind.EXPERIENCE, rng, 1, 3) + _tags(TagKind.TOPIC, rng, 1, 3)
                 + _languages(user.timezone, rng))
    return MenteeProfile(
        user=user, created_at=now - timedelta(days=index + 42),
        requested_at=now - timedelta(days=index + 42, hours=rng.randint(0, 20)),
        goals_text=None, meeting_format=rng.choice(["video", "video", "phone"]),
        age_band=age_band(age), is_minor=age < ADULT_AGE, needs_guardian_consent=age < 15,
        gender=rng.choice([None, "f", "m", "f", "x"]),
        guardian_consent_at=now if age < 15 and index % 2 else None,
    )


def _mentor_profile(user: User, now: datetime, rng: random.Random,
                    approved: bool) -> MentorProfile:
    user.tags = (_tags(TagKind.EXPERIENCE, rng, 2, 4) + _tags(TagKind.TOPIC, rng, 2, 4)
                 + _languages(user.timezone, rng))
    today = now.date()
    wants_minors = rng.random() < 0.7
    return MentorProfile(
        user=user, created_at=now, submitted_at=now - timedelta(days=40),
        approved_at=now - timedelta(days=30) if approved else None,
        story="(demo) " + rng.choice(STORIES), bio=rng.choice(BIOS),
        age_band=age_band(rng.randint(19, 27)), gender=rng.choice(["f", "m", "f", "x"]),
        capacity=rng.choice([1, 2, 2, 3]), wants_minors=wants_minors,
        minors_cleared=approved and wants_minors,
        screening_checked_on=today - timedelta(days=60) if approved else None,
        screening_expires_on=today + timedelta(days=rng.choice([20, 300, 500]))
        if approved else None,
        training_completed_on=today - timedelta(days=45) if approved else None,
    )


STORIES = ["I went through a hard time at school and found support in a peer group.",
           "I moved to a new country at sixteen and felt very alone the first year.",
           "Anxiety made my last years of school difficult; talking helped me most."]
BIOS = ["Student, I love music and long walks. I know what stress before exams feels like.",
        "I work in a library. I have been there too, and I like listening.",
        "Football coach at weekends. Happy to talk about anything, without judging."]


def add_people(role: Role, count: int, *, now: datetime, rng: random.Random, password_hash: str,
               prefix: str, approved: bool = True, first_name: int = 0) -> list[User]:
    """Create `count` participants of one role with filled-in profiles and availability."""
    people = []
    for index in range(count):
        zone = DEMO_ZONES[index % len(DEMO_ZONES)]
        email = f"{prefix}{index + 1:02d}@{DEMO_DOMAIN}"
        user = _person(role, email, pseudonym(first_name + index), zone, password_hash, now)
        if role is Role.MENTEE:
            db.session.add(_mentee_profile(user, index, now, rng))
        else:
            db.session.add(_mentor_profile(user, now, rng, approved))
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
    db.session.flush()
    enrol_with_secret(coordinator, DEMO_TOTP_SECRET, now)
    mentors = add_people(Role.MENTOR, 12, now=now, rng=rng, password_hash=password_hash,
                         prefix="mentor", first_name=40)
    add_people(Role.MENTOR, 2, now=now, rng=rng, password_hash=password_hash,
               prefix="applicant", approved=False, first_name=60)
    mentees = add_people(Role.MENTEE, 30, now=now, rng=rng, password_hash=password_hash,
                         prefix="mentee")
    db.session.flush()
    from mentoring.programme.demo_journey import add_demo_journey
    from mentoring.programme.demo_quality import add_quality_history

    add_demo_journey(coordinator, now)
    add_quality_history(coordinator, now, password_hash)
    return [
        DemoLogin("coordinator", coordinator.email),
        DemoLogin("mentor", mentors[0].email),
        DemoLogin("mentee", mentees[0].email),
    ]


def highlights() -> list[tuple[str, str]]:
    """Demo accounts worth opening first, with what each one shows."""
    from mentoring.pairing.models import Match, MatchStatus

    found = []
    for status, role, label in [
        (MatchStatus.ACTIVE, "mentee", "mentee (Paris) with an active match, sessions, check-ins"),
        (MatchStatus.ACTIVE, "mentor", "mentor (Montreal) of that match: times in both zones"),
        (MatchStatus.ACCEPTED, "mentee", "mentee asked to confirm a mentor"),
        (MatchStatus.APPROVED, "mentor", "mentor with a proposal to answer"),
    ]:
        match = db.session.scalar(db.select(Match).where(Match.status == status)
                                  .order_by(Match.id).limit(1))
        if match is not None:
            found.append((label, getattr(match, role).email))
    return found


def is_empty() -> bool:
    return db.session.scalar(db.select(User.id).limit(1)) is None
