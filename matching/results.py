"""Result dataclasses: explanations, pair scores, unmatched mentees and the assignment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.wording import render_english

Part = dict[str, Any]


class Explanation:
    """Structured parts ({"code": ..., params}) for translation, plus a default English text.

    The parts of a pair's explanation may be built on first use (`Explanation.deferred`):
    a cohort of 100,000 mentees yields 100,000 pairs, and a coordinator reads them a page at
    a time. Built or not, an explanation compares, prints and pickles by its parts.
    """

    __slots__ = ("_parts", "_source", "_index")

    def __init__(self, parts: tuple[Part, ...]) -> None:
        self._parts: tuple[Part, ...] | None = tuple(parts)
        self._source: Any = None
        self._index = 0

    @classmethod
    def deferred(cls, source: Any, index: int) -> Explanation:
        """Parts built by `source.parts(index)` when first read."""
        explanation = cls.__new__(cls)
        explanation._parts, explanation._source, explanation._index = None, source, index
        return explanation

    @property
    def parts(self) -> tuple[Part, ...]:
        if self._parts is None:
            self._parts = tuple(self._source.parts(self._index))
            self._source = None
        return self._parts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Explanation):
            return NotImplemented
        return self.parts == other.parts

    __hash__ = None  # type: ignore[assignment]  # parts hold dicts, as before

    def __repr__(self) -> str:
        return f"Explanation(parts={self.parts!r})"

    def __reduce__(self):
        return (Explanation, (self.parts,))

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
