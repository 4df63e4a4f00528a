"""Weekly intervals and time-zone conversion for a reference week."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import MatchingInputError, WeeklyInterval
from matching.weekly import (
    MINUTES_PER_WEEK,
    common_utc_ranges,
    earliest_common_window,
    earliest_window_minute,
    format_interval,
    longest_common_run,
    parse_clock,
    parse_day,
    parse_interval,
    utc_ranges,
)

WINTER = date(2026, 11, 30)
BETWEEN_DST_CHANGES = date(2027, 3, 15)  # North America on summer time, Europe not yet
TUESDAY = 1


def hours(day, start, end):
    return WeeklyInterval(day, int(start * 60), int(end * 60))


def test_paris_evening_meets_montreal_afternoon_in_winter():
    common = common_utc_ranges([hours(TUESDAY, 19, 21)], "Europe/Paris",
                               [hours(TUESDAY, 13, 15)], "America/Montreal", WINTER)
    tuesday_18_utc = 1 * 1440 + 18 * 60
    assert common == ((tuesday_18_utc, tuesday_18_utc + 120),)


def test_offset_is_five_hours_between_the_american_and_european_dst_changes():
    paris = utc_ranges([hours(TUESDAY, 19, 21)], "Europe/Paris", BETWEEN_DST_CHANGES)
    montreal = utc_ranges([hours(TUESDAY, 13, 15)], "America/Montreal", BETWEEN_DST_CHANGES)
    assert paris == ((1440 + 18 * 60, 1440 + 20 * 60),)
    assert montreal == ((1440 + 17 * 60, 1440 + 19 * 60),)
    window = earliest_common_window([hours(TUESDAY, 19, 21)], "Europe/Paris",
                                    [hours(TUESDAY, 13, 15)], "America/Montreal",
                                    BETWEEN_DST_CHANGES, 60)
    assert window == (datetime(2027, 3, 16, 18, 0, tzinfo=UTC),
                      datetime(2027, 3, 16, 19, 0, tzinfo=UTC))
    assert earliest_common_window([hours(TUESDAY, 19, 21)], "Europe/Paris",
                                  [hours(TUESDAY, 13, 15)], "America/Montreal",
                                  BETWEEN_DST_CHANGES, 61) is None


def test_dst_change_inside_the_reference_week_uses_each_days_offset():
    week = date(2026, 10, 19)  # Europe leaves summer time on Sunday 25 October
    monday, sunday = utc_ranges([hours(0, 10, 11), hours(6, 10, 11)], "Europe/Paris", week)
    assert monday == (8 * 60, 9 * 60)
    assert sunday == (6 * 1440 + 9 * 60, 6 * 1440 + 10 * 60)


def test_interval_crossing_the_week_end_in_utc_wraps_to_monday():
    # Monday 05:00-06:00 in Kolkata (UTC+5:30) is Sunday 23:30 to Monday 00:30 UTC.
    ranges = utc_ranges([hours(0, 5, 6)], "Asia/Kolkata", WINTER)
    assert ranges == ((0, 30), (MINUTES_PER_WEEK - 30, MINUTES_PER_WEEK))
    assert longest_common_run(ranges) == 60
    assert earliest_window_minute(ranges, 60) == MINUTES_PER_WEEK - 30
    assert earliest_window_minute(ranges, 30) == 0
    assert earliest_window_minute(ranges, 61) is None


def test_common_window_across_the_week_end_is_found():
    window = earliest_common_window([hours(0, 5, 6)], "Asia/Kolkata",
                                    [hours(6, 23, 24), hours(0, 0, 1)], "UTC", WINTER, 60)
    assert window == (datetime(2026, 12, 6, 23, 30, tzinfo=UTC),
                      datetime(2026, 12, 7, 0, 30, tzinfo=UTC))


def test_parse_and_format_round_trip():
    interval = parse_interval({"day": "Tue", "start": "18:00", "end": "24:00"})
    assert interval == WeeklyInterval(1, 1080, 1440)
    assert format_interval(interval) == {"day": "tue", "start": "18:00", "end": "24:00"}
    assert parse_day("sunday") == 6 and parse_clock("07:45") == 465


@pytest.mark.parametrize(("value", "field"), [
    ({"day": "tue", "start": "20:00", "end": "18:00"}, "end"),
    ({"day": "tue", "start": "18:60", "end": "19:00"}, "start"),
    ({"day": "funday", "start": "18:00", "end": "19:00"}, "day"),
    ({"day": "tue", "start": "18:00"}, "end"),
])
def test_invalid_intervals_name_the_field(value, field):
    with pytest.raises(MatchingInputError) as caught:
        parse_interval(value)
    assert caught.value.field == field


def test_unknown_time_zone_is_rejected():
    with pytest.raises(MatchingInputError, match="unknown time zone"):
        utc_ranges([hours(0, 1, 2)], "Europe/Atlantis", WINTER)


def test_reference_week_must_be_a_monday():
    with pytest.raises(MatchingInputError, match="Monday"):
        utc_ranges([hours(0, 1, 2)], "UTC", date(2026, 12, 1))


intervals = st.builds(
    lambda day, start, length: WeeklyInterval(day, start, min(start + length, 1440)),
    st.integers(0, 6), st.integers(0, 1439), st.integers(1, 600))


@settings(max_examples=200, deadline=None)
@given(st.lists(intervals, max_size=5),
       st.sampled_from(["UTC", "Asia/Kolkata", "Pacific/Auckland", "America/Montreal"]))
def test_conversion_preserves_covered_minutes(local, timezone):
    """Outside DST changes, a conversion is a rotation of the week: coverage is preserved."""
    minutes = set()
    for item in local:
        minutes.update(range(item.day * 1440 + item.start, item.day * 1440 + item.end))
    converted = utc_ranges(local, timezone, WINTER)
    assert sum(end - start for start, end in converted) == len(minutes)
    assert all(0 <= start < end <= MINUTES_PER_WEEK for start, end in converted)
