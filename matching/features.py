"""Encode a cohort into arrays: language bitsets, tag matrices and availability slot patterns."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from math import gcd
from typing import TypeVar

import numpy as np

from matching.model import Cohort
from matching.weekly import MINUTES_PER_WEEK, utc_ranges_many

# Missing ages get far-apart sentinels so the age term of any pair involving them is zero.
MISSING_MENTEE_AGE = -1.0e6
MISSING_MENTOR_AGE = 1.0e6
NO_GENDER_REQUIRED = -1
UNKNOWN_GENDER = -2


@dataclass(frozen=True)
class Patterns:
    """Distinct weekly UTC availability patterns as slot bitsets of `slot_minutes` each."""

    slot_minutes: int
    ranges: tuple[tuple[tuple[int, int], ...], ...]
    slots: np.ndarray  # (patterns, slots) float32 0/1: available during the slot
    # Runs of slots that every pattern treats alike are merged so products are cheaper:
    segments: np.ndarray  # (patterns, segments) float32 0/1
    segment_minutes: np.ndarray  # (patterns, segments) float32 minutes of each merged run
    windows: np.ndarray  # (patterns, window columns) float32 0/1: a session may start there


@dataclass(frozen=True)
class Features:
    """Array view of a cohort; row i is cohort.mentees[i], column j is cohort.mentors[j]."""

    mentee_languages: np.ndarray  # (n, words) uint64 bitsets
    mentor_languages: np.ndarray
    mentee_experiences: np.ndarray  # (n, tags) float32 0/1
    mentor_experiences: np.ndarray
    mentee_goals: np.ndarray  # (n, topics) float32 0/1
    mentor_topics: np.ndarray
    experience_tags: tuple[str, ...]
    topic_tags: tuple[str, ...]
    mentee_age: np.ndarray  # float32, sentinel when missing
    mentor_age: np.ndarray
    mentee_minor: np.ndarray  # bool
    mentor_minors_ok: np.ndarray
    mentee_required_gender: np.ndarray  # int32 code or NO_GENDER_REQUIRED
    mentor_gender: np.ndarray  # int32 code or UNKNOWN_GENDER
    mentee_waiting: np.ndarray  # float32 waiting term in [0, 1]
    mentee_pattern: np.ndarray  # int32 index into patterns
    mentor_pattern: np.ndarray
    patterns: Patterns
    remaining: np.ndarray  # int64 mentor capacity left for the optimiser
    excluded_rows: np.ndarray  # int64 pairs that must never be proposed
    excluded_cols: np.ndarray
    fixed_rows: np.ndarray  # int64 pairs kept as given
    fixed_cols: np.ndarray


K = TypeVar("K", bound=Hashable)


def _index(values: Iterable[K]) -> dict[K, int]:
    """Number distinct strings in first-seen order, so encodings follow input order."""
    return {value: number for number, value in enumerate(dict.fromkeys(values))}


def _binary_matrix(tag_lists, vocabulary: dict[str, int]) -> np.ndarray:
    matrix = np.zeros((len(tag_lists), max(len(vocabulary), 1)), dtype=np.float32)
    rows = [row for row, tags in enumerate(tag_lists) for _ in tags]
    matrix[rows, [vocabulary[tag] for tags in tag_lists for tag in tags]] = 1.0
    return matrix


def _bitsets(tag_lists, vocabulary: dict[str, int]) -> np.ndarray:
    words = max(1, -(-len(vocabulary) // 64))
    bits = np.zeros((len(tag_lists), words), dtype=np.uint64)
    rows = np.array([row for row, tags in enumerate(tag_lists) for _ in tags], dtype=np.int64)
    numbers = np.array([vocabulary[tag] for tags in tag_lists for tag in tags], dtype=np.int64)
    # Each tag appears once per person (duplicates were dropped), so adding bits is OR-ing.
    np.add.at(bits, (rows, numbers // 64), np.left_shift(np.uint64(1),
                                                         (numbers % 64).astype(np.uint64)))
    return bits


def _ages(people, sentinel: float) -> np.ndarray:
    return np.array([sentinel if p.age is None else p.age for p in people], dtype=np.float32)


def _slot_minutes(all_ranges) -> int:
    """Largest slot length that divides every range boundary, so slot bitsets are exact."""
    step = MINUTES_PER_WEEK
    for ranges in all_ranges:
        for start, end in ranges:
            step = gcd(step, start, end)
    return step


def _cyclic_windows(slots: np.ndarray, width: int) -> np.ndarray:
    """Mark slots where `width` consecutive slots (wrapping at the week end) are all free."""
    windows = slots.astype(bool)
    covered = 1
    while covered < width:  # doubling: after each step a window spans `covered` slots
        step = min(covered, width - covered)
        windows = windows & np.roll(windows, -step, axis=1)
        covered += step
    return windows.astype(np.float32)


def _merge_alike_columns(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge runs of identical adjacent columns; return kept columns and run lengths."""
    if matrix.shape[0] == 0:
        return matrix[:, :1], np.ones(1, dtype=np.float32)
    starts = np.flatnonzero(np.r_[True, (matrix[:, 1:] != matrix[:, :-1]).any(axis=0)])
    lengths = np.diff(np.r_[starts, matrix.shape[1]]).astype(np.float32)
    return np.ascontiguousarray(matrix[:, starts]), lengths


def encode_patterns(cohort: Cohort) -> tuple[Patterns, np.ndarray, np.ndarray]:
    """Convert everyone's availability to UTC slot patterns, deduplicated."""
    week = cohort.rules.reference_week
    people = cohort.mentees + cohort.mentors
    person_ranges = utc_ranges_many([(p.availability, p.timezone) for p in people], week)
    distinct = _index(person_ranges)
    step = _slot_minutes(distinct)
    slots = np.zeros((len(distinct), MINUTES_PER_WEEK // step), dtype=np.float32)
    for row, ranges in enumerate(distinct):
        for start, end in ranges:
            slots[row, start // step:end // step] = 1.0
    width = -(-cohort.rules.session_minutes // step)
    segments, lengths = _merge_alike_columns(slots)
    windows = _cyclic_windows(slots, width)
    windows = _merge_alike_columns(windows[:, windows.any(axis=0)] if windows.any() else
                                   windows[:, :1])[0]
    patterns = Patterns(step, tuple(distinct), slots, segments, segments * (lengths * step),
                        windows)
    ids = np.array([distinct[ranges] for ranges in person_ranges], dtype=np.int32)
    return patterns, ids[:len(cohort.mentees)], ids[len(cohort.mentees):]


def _pair_indices(pairs, mentee_index, mentor_index) -> tuple[np.ndarray, np.ndarray]:
    rows = np.array([mentee_index[a] for a, _ in pairs], dtype=np.int64)
    cols = np.array([mentor_index[b] for _, b in pairs], dtype=np.int64)
    return rows, cols


def encode(cohort: Cohort) -> Features:
    """Build the array view of `cohort` (loops over people and tags only)."""
    mentees, mentors, rules = cohort.mentees, cohort.mentors, cohort.rules
    languages = _index(t for p in mentees + mentors for t in p.languages)
    experiences = _index(t for p in mentees + mentors for t in p.experiences)
    topics = _index([t for p in mentees for t in p.goals] + [t for p in mentors for t in p.topics])
    genders = _index(g for p in mentees + mentors for g in (p.gender,) if g is not None)
    genders.update({m.mentor_gender: len(genders) + i for i, m in enumerate(mentees)
                    if m.mentor_gender is not None and m.mentor_gender not in genders})
    patterns, mentee_pattern, mentor_pattern = encode_patterns(cohort)
    mentee_index = {p.id: i for i, p in enumerate(mentees)}
    mentor_index = {p.id: j for j, p in enumerate(mentors)}
    fixed_rows, fixed_cols = _pair_indices(cohort.fixed, mentee_index, mentor_index)
    excluded_rows, excluded_cols = _pair_indices(cohort.excluded, mentee_index, mentor_index)
    by_row = np.lexsort((excluded_cols, excluded_rows))  # chunked scans search by row
    excluded_rows, excluded_cols = excluded_rows[by_row], excluded_cols[by_row]
    capacity = np.array([m.capacity - m.load for m in mentors], dtype=np.int64)
    remaining = np.maximum(capacity - np.bincount(fixed_cols, minlength=len(mentors)), 0)
    return Features(
        mentee_languages=_bitsets([p.languages for p in mentees], languages),
        mentor_languages=_bitsets([p.languages for p in mentors], languages),
        mentee_experiences=_binary_matrix([p.experiences for p in mentees], experiences),
        mentor_experiences=_binary_matrix([p.experiences for p in mentors], experiences),
        mentee_goals=_binary_matrix([p.goals for p in mentees], topics),
        mentor_topics=_binary_matrix([p.topics for p in mentors], topics),
        experience_tags=tuple(experiences), topic_tags=tuple(topics),
        mentee_age=_ages(mentees, MISSING_MENTEE_AGE),
        mentor_age=_ages(mentors, MISSING_MENTOR_AGE),
        mentee_minor=np.array([p.minor for p in mentees], dtype=bool),
        mentor_minors_ok=np.array([p.minors_ok for p in mentors], dtype=bool),
        mentee_required_gender=np.array(
            [genders[p.mentor_gender]  # type: ignore[index]  # required implies a gender
             if p.mentor_gender_required else NO_GENDER_REQUIRED
             for p in mentees], dtype=np.int32),
        mentor_gender=np.array([UNKNOWN_GENDER if p.gender is None else genders[p.gender]
                                for p in mentors], dtype=np.int32),
        mentee_waiting=np.array([min(p.waiting_days / rules.waiting_cap_days, 1.0)
                                 for p in mentees], dtype=np.float32),
        mentee_pattern=mentee_pattern, mentor_pattern=mentor_pattern, patterns=patterns,
        remaining=remaining, excluded_rows=excluded_rows, excluded_cols=excluded_cols,
        fixed_rows=fixed_rows, fixed_cols=fixed_cols,
    )
