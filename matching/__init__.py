"""Optimal, explainable mentor-mentee assignment (pure numpy/scipy).

Start with `solve(cohort)`; `score_pair` and `top_alternatives` answer coordinators'
questions about single pairs, and `matching.weekly` holds the time-zone arithmetic that the
app's meeting booking shares with the matcher.
"""

from matching.api import score_pair, solve, top_alternatives
from matching.errors import MatchingInputError
from matching.fileformat import dump_result, load_cohort
from matching.model import Cohort, Mentee, Mentor, Rules, Weights
from matching.results import Assignment, Explanation, PairScore, Unmatched
from matching.weekly import (
    WeeklyInterval,
    common_utc_ranges,
    earliest_common_window,
    format_clock,
    format_day,
    format_interval,
    parse_clock,
    parse_day,
    parse_interval,
    utc_ranges,
)

__all__ = [
    "Assignment", "Cohort", "Explanation", "MatchingInputError", "Mentee", "Mentor",
    "PairScore", "Rules", "Unmatched", "Weights", "WeeklyInterval", "common_utc_ranges",
    "dump_result", "earliest_common_window", "format_clock", "format_day", "format_interval",
    "load_cohort", "parse_clock", "parse_day", "parse_interval", "score_pair", "solve",
    "top_alternatives", "utc_ranges",
]
