"""window_starts: every bookable start of a session inside shared weekly ranges."""

from __future__ import annotations

import pytest

from matching.errors import MatchingInputError
from matching.weekly import MINUTES_PER_WEEK, earliest_window_minute, window_starts


def test_starts_fit_the_session_inside_each_range():
    ranges = [(60, 150), (990, 1035)]
    assert window_starts(ranges, 45) == [60, 75, 90, 105, 990]


def test_starts_are_aligned_on_the_step():
    assert window_starts([(10, 100)], 45, step=15) == [15, 30, 45]


def test_a_window_may_wrap_past_the_end_of_the_week():
    ranges = [(0, 30), (MINUTES_PER_WEEK - 30, MINUTES_PER_WEEK)]
    assert window_starts(ranges, 45) == [MINUTES_PER_WEEK - 30, MINUTES_PER_WEEK - 15]


def test_the_first_start_is_the_earliest_window():
    ranges = [(300, 420), (2000, 2100)]
    assert window_starts(ranges, 60)[0] == earliest_window_minute(ranges, 60)


def test_too_short_ranges_give_nothing_and_bad_lengths_are_refused():
    assert window_starts([(0, 30)], 45) == []
    with pytest.raises(MatchingInputError):
        window_starts([(0, 30)], 0)


def test_many_people_at_once_convert_as_each_one_alone():
    """utc_ranges_many (the encoder's path) equals utc_ranges person by person, in weeks
    with a DST change, in zones with half-hour offsets, with wrap-around and touching
    intervals, and for people with no availability."""
    import random
    from datetime import date

    from matching.weekly import WeeklyInterval, utc_ranges, utc_ranges_many

    zones = ["Europe/Paris", "America/Montreal", "Asia/Kolkata", "Pacific/Auckland",
             "Australia/Lord_Howe", "America/St_Johns", "UTC", "Pacific/Kiritimati"]
    rng = random.Random(7)
    for week in (date(2026, 3, 23), date(2026, 3, 2), date(2026, 3, 30), date(2026, 10, 19),
                 date(2026, 11, 30)):
        people = []
        for _ in range(400):
            intervals = []
            for _ in range(rng.randint(0, 4)):
                start = rng.randrange(0, 1440, 30)
                intervals.append(WeeklyInterval(rng.randint(0, 6), start,
                                                rng.randrange(start + 30, 1441, 30)))
            people.append((tuple(intervals), rng.choice(zones)))
        people.append(((WeeklyInterval(6, 0, 1440), WeeklyInterval(0, 0, 1440)), "UTC"))
        expected = [utc_ranges(intervals, name, week) for intervals, name in people]
        assert utc_ranges_many(people, week) == expected
        assert any(len(ranges) > 1 for ranges in expected) and () in expected
    assert utc_ranges_many([((), "UTC")], date(2026, 3, 23)) == [()]
