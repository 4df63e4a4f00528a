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


def _parts(mentee: Mentee, mentor: Mentor, minutes: int, days: list[int],
           part_of_day: int) -> list[Part]:
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
        parts.append({"code": "common_hours", "minutes_per_week": minutes, "days": days,
                      "part_of_day": PARTS_OF_DAY[part_of_day],
                      "timezone": mentee.timezone})
    languages = _shared(mentee.languages, mentor.languages)
    if languages:
        parts.append({"code": "shared_language", "languages": languages})
    if mentee.age is not None and mentor.age is not None:
        parts.append({"code": "age_gap", "years": int(round(abs(mentee.age - mentor.age)))})
    if mentee.waiting_days > 0:
        parts.append({"code": "waiting", "days": int(round(mentee.waiting_days))})
    return parts


class _DeferredParts:
    """Builds the explanation parts of one pair_scores call, a block of pairs at a time.

    The first pair read of a block builds the whole block, so reading every pair costs
    about what building them all at once would, and reading one page costs one block.
    Holds the cohort and the pattern arrays (not copies) until every block is built.
    """

    BLOCK = 256

    def __init__(self, ctx: ScoringContext, cohort: Cohort, rows: np.ndarray, cols: np.ndarray,
                 minutes: np.ndarray) -> None:
        self.ctx, self.cohort, self.rows, self.cols, self.minutes = ctx, cohort, rows, cols, minutes
        self.built: dict[int, list[list[Part]]] = {}

    def parts(self, k: int) -> list[Part]:
        block = k // self.BLOCK
        if block not in self.built:
            span = slice(block * self.BLOCK, (block + 1) * self.BLOCK)
            self.built[block] = _block_parts(self.ctx, self.cohort, self.rows[span],
                                             self.cols[span], self.minutes[span])
        return self.built[block][k % self.BLOCK]


def _block_parts(ctx: ScoringContext, cohort: Cohort, rows: np.ndarray, cols: np.ndarray,
                 minutes: np.ndarray) -> list[list[Part]]:
    """Explanation parts of pairs evaluated together, in order."""
    hits = _calendar_hits(ctx, cohort, rows, cols)
    day_mask: list[list[bool]] = (hits[:, :7] > 0).tolist()
    part_of_day = np.argmax(hits[:, 7:], axis=1).tolist() if len(rows) else []
    mentees, mentors = cohort.mentees, cohort.mentors
    return [_parts(mentees[row], mentors[col], minute,
                   [day for day, hit in enumerate(day_mask[k]) if hit], part_of_day[k])
            for k, (row, col, minute) in enumerate(zip(rows.tolist(), cols.tolist(),
                                                       minutes.tolist(), strict=True))]


def pair_scores(ctx: ScoringContext, cohort: Cohort, rows, cols, evaluation: Evaluation,
                fixed: np.ndarray | bool = False, *, lazy: bool = True) -> list[PairScore]:
    """PairScore objects for 1-D arrays of pairs already evaluated together.

    With `lazy` (the default) explanation parts are built when first read; otherwise now.
    Both give equal parts.
    """
    rows, cols = np.asarray(rows), np.asarray(cols)
    is_fixed: list[bool] = np.broadcast_to(fixed, rows.shape).tolist()
    # Everything per pair is turned into Python lists in bulk: the loop below only builds
    # objects (numpy calls on single rows cost more than the work they do).
    minutes = evaluation.common_minutes.astype(np.int64)
    if lazy:
        source = _DeferredParts(ctx, cohort, rows, cols, minutes)
        explanations = [Explanation.deferred(source, k) for k in range(len(rows))]
    else:
        explanations = [Explanation(tuple(parts))
                        for parts in _block_parts(ctx, cohort, rows, cols, minutes)]
    feasible: list[bool] = evaluation.feasible.tolist()
    codes = list(evaluation.violations)
    broken = np.column_stack([evaluation.violations[code] for code in codes])
    any_broken: list[bool] = np.asarray(broken.any(axis=1)).tolist()
    broken_rows: list[list[bool]] = broken.tolist()
    names = list(evaluation.terms)
    terms: list[list[float]] = np.column_stack(
        [np.round(evaluation.terms[name].astype(np.float64), 4) for name in names]).tolist()
    scores = (np.maximum(evaluation.score, 0) / SCORE_SCALE).tolist()
    mentee_ids = [mentee.id for mentee in cohort.mentees]
    mentor_ids = [mentor.id for mentor in cohort.mentors]
    result = []
    for k, (row, col) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        violated = (tuple(code for code, hit in zip(codes, broken_rows[k], strict=True) if hit)
                    if any_broken[k] else ())
        result.append(PairScore(
            mentee_ids[row], mentor_ids[col], feasible[k], violated, scores[k],
            dict(zip(names, terms[k], strict=True)), explanations[k], is_fixed[k]))
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
