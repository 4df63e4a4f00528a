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
