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


def _names(cohort: matching.Cohort, extra: tuple[int, ...] = ()) -> dict[int, str]:
    ids = [int(p.id) for p in cohort.mentees] + [int(p.id) for p in cohort.mentors] + list(extra)
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


def _row(cohort, mentee_id: int, mentor_id: int, chosen: int | None, names, labels):
    """One row as the coordinator saw it, scored on the current rows (maybe infeasible now)."""
    known_mentees = {p.id for p in cohort.mentees}
    known_mentors = {p.id for p in cohort.mentors}
    score, terms, explanation, alternatives = 0.0, {}, "", []
    if str(mentee_id) in known_mentees:
        alternatives = _alternatives(cohort, str(mentee_id), str(mentor_id), names)
        if str(mentor_id) in known_mentors:
            pair = matching.score_pair(cohort, str(mentee_id), str(mentor_id))
            score, terms = pair.score, dict(pair.terms)
            explanation = render_explanation(pair.explanation.parts, labels)
    offered = {alt.mentor_id for alt in alternatives} | {mentor_id}
    if chosen is not None and chosen not in offered:  # the replacement chosen stays offered
        scorable = str(mentee_id) in known_mentees and str(chosen) in known_mentors
        replaced = (matching.score_pair(cohort, str(mentee_id), str(chosen)).score
                    if scorable else 0.0)
        alternatives.append(Alternative(chosen, names.get(chosen, "?"), replaced))
    return ProposedPair(mentee_id, names.get(mentee_id, "?"), mentor_id,
                        names.get(mentor_id, "?"), score, terms, explanation, alternatives)


def rebuild_preview(cohort: matching.Cohort, assignment: matching.Assignment,
                    rows: list[tuple[int, int]], choices: dict[int, int | None],
                    labels: dict[str, str]) -> Preview:
    """The rows a coordinator was shown, again, so that their choices can be kept after an
    error; the unmatched mentees are those of a fresh run, minus the rows' mentees."""
    ids = tuple({i for pair in rows for i in pair} | {c for c in choices.values() if c})
    names = _names(cohort, ids)
    pairs = [_row(cohort, mentee, mentor, choices.get(mentee), names, labels)
             for mentee, mentor in rows]
    fresh = build_preview(cohort, assignment, labels)
    in_rows = {mentee for mentee, _mentor in rows}
    unmatched = [row for row in fresh.unmatched if row.mentee_id not in in_rows]
    return Preview(pairs, unmatched, sum(p.score for p in pairs), len(cohort.mentees),
                   len(cohort.mentors))
