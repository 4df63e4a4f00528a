"""Small builders for matching tests (kept out of conftest so tests need no fixtures)."""

from __future__ import annotations

from datetime import date

from matching import Cohort, Mentee, Mentor, Rules, WeeklyInterval, Weights

REFERENCE_WEEK = date(2026, 11, 30)


def evening(day: int = 1, start_hour: int = 18, end_hour: int = 20) -> WeeklyInterval:
    """A local interval on `day` from start_hour to end_hour."""
    return WeeklyInterval(day, start_hour * 60, end_hour * 60)


def mentee(id: str = "e1", **fields) -> Mentee:
    """A French-speaking Paris mentee free Tuesday 18-20, overridable field by field."""
    values = {"languages": ("fr",), "timezone": "Europe/Paris", "availability": (evening(),),
              "experiences": ("anxiety",), "goals": ("school",), "age": 17}
    values.update(fields)
    return Mentee(id=id, **values)


def mentor(id: str = "m1", **fields) -> Mentor:
    """A French-speaking Paris mentor free Tuesday 18-20 with one place."""
    values = {"languages": ("fr",), "timezone": "Europe/Paris", "availability": (evening(),),
              "experiences": ("anxiety",), "topics": ("school",), "age": 22, "capacity": 1,
              "minors_ok": True}
    values.update(fields)
    return Mentor(id=id, **values)


def cohort(mentees, mentors, *, excluded=(), fixed=(), weights=None, **rules) -> Cohort:
    """A cohort in the default reference week with optional rule overrides."""
    rule_values = {"reference_week": REFERENCE_WEEK, "session_minutes": 60}
    rule_values.update(rules)
    return Cohort(tuple(mentees), tuple(mentors), Rules(**rule_values), weights or Weights(),
                  tuple(excluded), tuple(fixed))
