"""Result dataclasses: explanations, pair scores, unmatched mentees and the assignment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.wording import render_english

Part = dict[str, Any]


@dataclass(frozen=True)
class Explanation:
    """Structured parts ({"code": ..., params}) for translation, plus a default English text."""

    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        """The default English sentence, with tags and languages shown as their ids."""
        return render_english(self.parts)

    def render(self, labels: Mapping[str, str] | None = None) -> str:
        """English sentence with ids replaced by `labels` (e.g. {"fr": "French"})."""
        return render_english(self.parts, labels)


@dataclass(frozen=True)
class PairScore:
    """Score and feasibility of one (mentee, mentor) pair."""

    mentee: str
    mentor: str
    feasible: bool
    violations: tuple[str, ...]  # hard-rule codes the pair breaks, empty when feasible
    score: float  # weighted total in [0, 1], rounded to 1/10000 as optimised
    terms: Mapping[str, float]  # each term in [0, 1] before weighting
    explanation: Explanation
    fixed: bool = False  # kept as given by a coordinator


@dataclass(frozen=True)
class Unmatched:
    """A mentee left unmatched, why, and the closest alternative mentor."""

    mentee: str
    reasons: Explanation
    nearest: PairScore | None


@dataclass(frozen=True)
class Assignment:
    """The optimal assignment: pairs (fixed ones included), unmatched mentees and totals."""

    pairs: tuple[PairScore, ...]
    unmatched: tuple[Unmatched, ...]
    objective: float  # sum of the scores of all pairs
    matched: int
    mode: str
    stats: Mapping[str, Any] = field(default_factory=dict)
