"""Reproducible synthetic cohorts with plausible structure, for benchmarks and scale tests.

A dominant language with a few minority ones, a few dozen tags of uneven popularity, and
availability mostly on weekday evenings and weekend days across four time zones, so the
share of feasible pairs resembles a real programme rather than a uniform random graph.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from matching.model import Cohort, Mentee, Mentor, Rules, Weights
from matching.weekly import WeeklyInterval

LANGUAGES = ("fr", "en", "ar", "es", "pt")
LANGUAGE_SHARES = (0.72, 0.16, 0.06, 0.04, 0.02)
ZONES = ("Europe/Paris", "America/Montreal", "Africa/Casablanca", "Indian/Reunion")
ZONE_SHARES = (0.6, 0.2, 0.1, 0.1)
EXPERIENCES = tuple(f"experience-{k:02d}" for k in range(30))
TOPICS = tuple(f"topic-{k:02d}" for k in range(15))
GENDERS = ("f", "m", "x")


def _popularity(count: int) -> np.ndarray:
    """Zipf-like shares: a few common tags, a long tail of rare ones."""
    weights = 1.0 / np.arange(1, count + 1) ** 0.8
    return weights / weights.sum()


def _tags(rng, vocabulary, low: int, high: int) -> tuple[str, ...]:
    size = int(rng.integers(low, high + 1))
    picked = rng.choice(len(vocabulary), size=size, replace=False, p=_popularity(len(vocabulary)))
    return tuple(vocabulary[k] for k in sorted(picked))


def _languages(rng, bilingual: float) -> tuple[str, ...]:
    first = LANGUAGES[rng.choice(len(LANGUAGES), p=LANGUAGE_SHARES)]
    if rng.random() < bilingual:
        second = "en" if first != "en" else "fr"
        return (first, second)
    return (first,)


def _availability(rng) -> tuple[WeeklyInterval, ...]:
    """One to three intervals: weekday evenings mostly, otherwise weekend daytime."""
    intervals = []
    for _ in range(int(rng.integers(1, 4))):
        half_hour = 30 if rng.random() < 0.2 else 0
        if rng.random() < 0.7:
            day, start = int(rng.integers(0, 5)), int(rng.integers(17, 21)) * 60 + half_hour
        else:
            day, start = int(rng.integers(5, 7)), int(rng.integers(9, 18)) * 60 + half_hour
        end = min(start + int(rng.integers(1, 4)) * 60, 1440)
        intervals.append(WeeklyInterval(day, start, end))
    return tuple(intervals)


def _mentee(rng, index: int) -> Mentee:
    age = int(rng.integers(14, 26))
    required = rng.random() < 0.15
    return Mentee(
        id=f"e{index}", languages=_languages(rng, 0.25),
        timezone=ZONES[rng.choice(len(ZONES), p=ZONE_SHARES)], availability=_availability(rng),
        experiences=_tags(rng, EXPERIENCES, 1, 4), goals=_tags(rng, TOPICS, 1, 3), age=age,
        minor=age < 18, gender=GENDERS[int(rng.integers(0, 3))],
        mentor_gender=GENDERS[int(rng.integers(0, 2))] if required else None,
        mentor_gender_required=required, waiting_days=int(rng.integers(0, 181)))


def _mentor(rng, index: int, capacity: int) -> Mentor:
    return Mentor(
        id=f"m{index}", languages=_languages(rng, 0.4),
        timezone=ZONES[rng.choice(len(ZONES), p=ZONE_SHARES)], availability=_availability(rng),
        experiences=_tags(rng, EXPERIENCES, 2, 5), topics=_tags(rng, TOPICS, 2, 4),
        age=int(rng.integers(18, 36)), gender=GENDERS[int(rng.integers(0, 3))],
        capacity=capacity, load=0, minors_ok=bool(rng.random() < 0.5))


def synthetic_cohort(n_mentees: int, n_mentors: int, capacity: int = 3, seed: int = 0,
                     mode: str = "most_matched", session_minutes: int = 60) -> Cohort:
    """A reproducible cohort of the given size (same seed, same cohort)."""
    rng = np.random.default_rng(seed)
    mentees = tuple(_mentee(rng, k) for k in range(n_mentees))
    mentors = tuple(_mentor(rng, k, capacity) for k in range(n_mentors))
    excluded = tuple((f"e{k}", f"m{int(rng.integers(0, n_mentors))}")
                     for k in range(0, n_mentees, 100)) if n_mentors else ()
    rules = Rules(reference_week=date(2026, 11, 30), session_minutes=session_minutes, mode=mode)
    return Cohort(mentees, mentors, rules, Weights(), excluded)
