"""Build explanation parts for pairs and reasons for unmatched mentees from the data."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from matching.model import Cohort, Mentee, Mentor
from matching.results import Explanation, PairScore, Part
from matching.scoring import SCORE_SCALE, Evaluation, ScoringContext
from matching.weekly import local_day_and_minute

PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
# Local hours starting each part of the day; night runs from 22:00 past midnight to 05:00.
_PART_BOUNDS = (5, 12, 17, 22)
REASON_ORDER = ("no_shared_language", "no_common_availability", "minor_needs_cleared_mentor",
                "required_gender_preference", "excluded", "no_capacity")
_PAIR_CHUNK = 8192


def _part_of_day(minute: int) -> int:
    """Index into PARTS_OF_DAY of a local minute of the day."""
    hour = minute // 60
    for index, (start, end) in enumerate(zip(_PART_BOUNDS, _PART_BOUNDS[1:], strict=False)):
        if start <= hour < end:
            return index
    return PARTS_OF_DAY.index("night")


@lru_cache(maxsize=256)
def _local_calendar(timezone: str, week, slot_minutes: int, n_slots: int) -> np.ndarray:
    """One-hot (slots, 7 days + 4 parts of day) of each UTC slot's local start in `timezone`."""
    table = np.zeros((n_slots, 11), dtype=np.float32)
    for slot in range(n_slots):
        day, minute = local_day_and_minute(week, timezone, slot * slot_minutes)
        table[slot, day] = 1.0
        table[slot, 7 + _part_of_day(minute)] = 1.0
    return table


def _calendar_hits(ctx: ScoringContext, cohort: Cohort, rows, cols) -> np.ndarray:
    """Per pair, common slots per local weekday and part of day of the mentee."""
    patterns = ctx.features.patterns
    hits = np.zeros((len(rows), 11), dtype=np.float32)
    zones = np.array([cohort.mentees[row].timezone for row in rows], dtype=object)
    for timezone in dict.fromkeys(zones):
        calendar = _local_calendar(timezone, cohort.rules.reference_week,
                                   patterns.slot_minutes, patterns.slots.shape[1])
        for start in range(0, len(rows), _PAIR_CHUNK):
            part = np.flatnonzero(zones[start:start + _PAIR_CHUNK] == timezone) + start
            common = (patterns.slots[ctx.features.mentee_pattern[rows[part]]]
                      * patterns.slots[ctx.features.mentor_pattern[cols[part]]])
            hits[part] = common @ calendar
    return hits


def _shared(first: tuple[str, ...], second: tuple[str, ...]) -> list[str]:
    wanted = set(second)
    return [item for item in first if item in wanted]


def pair_parts(mentee: Mentee, mentor: Mentor, minutes: int, hits: np.ndarray) -> list[Part]:
    """Explanation parts for one pair, strongest reasons for peer fit first."""
    parts: list[Part] = []
    experiences = _shared(mentee.experiences, mentor.experiences)
    if experiences:
        parts.append({"code": "shared_experiences", "count": len(experiences),
                      "tags": experiences})
    goals = _shared(mentee.goals, mentor.topics)
    if goals:
        parts.append({"code": "goals_covered", "count": len(goals), "tags": goals})
    if minutes > 0:
        parts.append({"code": "common_hours", "minutes_per_week": int(minutes),
                      "days": [int(day) for day in np.flatnonzero(hits[:7])],
                      "part_of_day": PARTS_OF_DAY[int(np.argmax(hits[7:]))],
                      "timezone": mentee.timezone})
    languages = _shared(mentee.languages, mentor.languages)
    if languages:
        parts.append({"code": "shared_language", "languages": languages})
    if mentee.age is not None and mentor.age is not None:
        parts.append({"code": "age_gap", "years": int(round(abs(mentee.age - mentor.age)))})
    if mentee.waiting_days > 0:
        parts.append({"code": "waiting", "days": int(round(mentee.waiting_days))})
    return parts


def pair_scores(ctx: ScoringContext, cohort: Cohort, rows, cols, evaluation: Evaluation,
                fixed: np.ndarray | bool = False) -> list[PairScore]:
    """PairScore objects for 1-D arrays of pairs already evaluated together."""
    rows, cols = np.asarray(rows), np.asarray(cols)
    is_fixed = np.broadcast_to(fixed, rows.shape).tolist()
    hits = _calendar_hits(ctx, cohort, rows, cols)
    feasible = evaluation.feasible
    codes = list(evaluation.violations)
    broken = np.column_stack([evaluation.violations[code] for code in codes])
    terms = {name: np.round(values.astype(np.float64), 4).tolist()
             for name, values in evaluation.terms.items()}
    scores = (np.maximum(evaluation.score, 0) / SCORE_SCALE).tolist()
    result = []
    for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        mentee, mentor = cohort.mentees[row], cohort.mentors[col]
        parts = pair_parts(mentee, mentor, int(evaluation.common_minutes[k]), hits[k])
        result.append(PairScore(
            mentee.id, mentor.id, bool(feasible[k]),
            tuple(code for code, hit in zip(codes, broken[k], strict=True) if hit),
            scores[k], {name: values[k] for name, values in terms.items()},
            Explanation(tuple(parts)), is_fixed[k]))
    return result


def unmatched_reasons(violations: dict[str, np.ndarray], mentee: Mentee,
                      session_minutes: int, taken: bool) -> list[Part]:
    """Apply the hard rules in a fixed order and report the first that leaves no mentor."""
    remaining = np.ones(len(next(iter(violations.values()))), dtype=bool)
    if not remaining.size:
        return [{"code": "no_mentors"}]
    for code in REASON_ORDER:
        candidates = int(remaining.sum())
        remaining &= ~violations[code]
        if not remaining.any():
            part: Part = {"code": code}
            if code != "no_shared_language":
                part["candidates"] = candidates
            if code == "no_common_availability":
                part["session_minutes"] = session_minutes
            if code == "required_gender_preference":
                part["gender"] = mentee.mentor_gender
            return [part]
    return [{"code": "feasible_mentors_taken" if taken else "no_capacity",
             "candidates": int(remaining.sum())}]


def nearest_mentor(evaluation: Evaluation, row: int) -> int | None:
    """Best mentor for one evaluated row: fewest broken rules, then highest score."""
    if evaluation.score.shape[1] == 0:
        return None
    broken = sum(mask[row].astype(np.int64) for mask in evaluation.violations.values())
    # lexsort keys: last is primary; ties fall back to input order via the stable sort.
    order = np.lexsort((-evaluation.score[row].astype(np.int64), broken))
    return int(order[0])
