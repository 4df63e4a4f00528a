"""Kaplan–Meier estimate of how long matches last (a pure function, no database)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def kaplan_meier(durations: Sequence[float],
                 ended: Sequence[bool]) -> list[tuple[float, float, int]]:
    """(time, share still going just after it, number at risk just before it) at each end.

    `durations` are days from the start of each match to its closure or, for a match still open
    (ended False: censored), to today. At each time t where at least one match ended,
    S(t) = S(before) × (1 − d/n), with d the matches ending at t and n those still going just
    before t; a match censored at t still counts in n at t (the usual convention).
    """
    times = np.asarray(durations, dtype=float)
    events = np.asarray(ended, dtype=bool)
    if times.shape != events.shape:
        raise ValueError("durations and ended differ in length")
    curve = []
    share = 1.0
    for t in np.unique(times[events]):
        at_risk = int(np.count_nonzero(times >= t))
        deaths = int(np.count_nonzero((times == t) & events))
        share *= 1 - deaths / at_risk
        curve.append((float(t), share, at_risk))
    return curve


def share_at(curve: list[tuple[float, float, int]], day: float) -> float:
    """S(day): the share after the last end at or before `day` (1 before any end)."""
    share = 1.0
    for t, value, _ in curve:
        if t > day:
            break
        share = value
    return share


def at_risk(durations: Sequence[float], day: float) -> int:
    """How many matches were followed at least `day` days (still going or closed later)."""
    return int(np.count_nonzero(np.asarray(durations, dtype=float) >= day))
