"""Turn a matcher result into rows a coordinator can read and act on."""

from __future__ import annotations

from dataclasses import dataclass

import matching
from mentoring.accounts.models import User
from mentoring.extensions import db
from mentoring.pairing.wording import render_explanation

ALTERNATIVES = 3


@dataclass(frozen=True)
class Alternative:
    mentor_id: int
    mentor: str
    score: float


@dataclass(frozen=True)
class ProposedPair:
    mentee_id: int
    mentee: str
    mentor_id: int
    mentor: str
    score: float
    terms: dict[str, float]
    explanation: str
    alternatives: list[Alternative]


@dataclass(frozen=True)
class UnmatchedRow:
    mentee_id: int
    mentee: str
    reasons: str
    nearest: Alternative | None
    nearest_explanation: str | None


@dataclass(frozen=True)
class Preview:
    pairs: list[ProposedPair]
    unmatched: list[UnmatchedRow]
    objective: float
    mentees: int
    mentors: int


def _names(cohort: matching.Cohort) -> dict[int, str]:
    ids = [int(p.id) for p in cohort.mentees] + [int(p.id) for p in cohort.mentors]
    rows = db.session.execute(db.select(User.id, User.pseudonym).where(User.id.in_(ids)))
    return dict(rows.all())


def _alternatives(cohort, mentee_id: str, exclude: str | None, names) -> list[Alternative]:
    found = matching.top_alternatives(cohort, mentee_id, ALTERNATIVES + 1)
    return [Alternative(int(s.mentor), names[int(s.mentor)], s.score)
            for s in found if s.mentor != exclude][:ALTERNATIVES]


def build_preview(cohort: matching.Cohort, assignment: matching.Assignment,
                  labels: dict[str, str]) -> Preview:
    names = _names(cohort)
    pairs = [
        ProposedPair(
            mentee_id=int(p.mentee), mentee=names[int(p.mentee)], mentor_id=int(p.mentor),
            mentor=names[int(p.mentor)], score=p.score, terms=dict(p.terms),
            explanation=render_explanation(p.explanation.parts, labels),
            alternatives=_alternatives(cohort, p.mentee, p.mentor, names),
        )
        for p in assignment.pairs
    ]
    unmatched = [
        UnmatchedRow(
            mentee_id=int(u.mentee), mentee=names[int(u.mentee)],
            reasons=render_explanation(u.reasons.parts, labels),
            nearest=Alternative(int(u.nearest.mentor), names[int(u.nearest.mentor)],
                                u.nearest.score) if u.nearest else None,
            nearest_explanation=render_explanation(u.nearest.explanation.parts, labels)
            if u.nearest else None,
        )
        for u in assignment.unmatched
    ]
    return Preview(pairs, unmatched, assignment.objective, len(cohort.mentees),
                   len(cohort.mentors))
