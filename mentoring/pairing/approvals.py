"""Coordinators approve proposed or manual pairs; each pair is re-checked against the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

import matching
from mentoring.accounts.models import Role, User
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.pairing import services
from mentoring.pairing.models import Match
from mentoring.pairing.rounds import SAFEGUARDING_VIOLATIONS, RoundSettings, build_cohort
from mentoring.profiles.models import MenteeProfile


@dataclass(frozen=True)
class PairCheck:
    mentee: User
    mentor: User
    score: matching.PairScore | None
    violations: tuple[str, ...]

    @property
    def safeguarding(self) -> tuple[str, ...]:
        return tuple(v for v in self.violations if v in SAFEGUARDING_VIOLATIONS)

    @property
    def soft(self) -> tuple[str, ...]:
        return tuple(v for v in self.violations if v not in SAFEGUARDING_VIOLATIONS)


class PairsRefused(Conflict):
    """Nothing was approved: `by_mentee` holds one sentence per faulty row (mentee id)."""

    def __init__(self, by_mentee: dict[int, str]):
        super().__init__(ngettext(
            "Nothing was approved: %(num)d pair cannot be approved as it is.",
            "Nothing was approved: %(num)d pairs cannot be approved as they are.",
            len(by_mentee)))
        self.by_mentee = by_mentee


def _refusal(error: DomainError, field: str) -> DomainError:
    error.field = field  # type: ignore[attr-defined]  # the form field a view marks
    return error


def _person(user_id: int | None, role: Role) -> User:
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or user.role is not role:
        raise _refusal(NotFound(_("This person does not exist.")),
                       "mentee_id" if role is Role.MENTEE else "mentor_id")
    return user


def check_pair(mentee_id: int, mentor_id: int, settings: RoundSettings,
               now: datetime) -> PairCheck:
    """Score a pair and list every hard rule it breaks, from the current rows."""
    mentee, mentor = _person(mentee_id, Role.MENTEE), _person(mentor_id, Role.MENTOR)
    profile = db.session.scalar(db.select(MenteeProfile).where(MenteeProfile.user_id == mentee.id))
    if profile is None or not profile.is_waiting or services.open_match_of(mentee) is not None:
        raise _refusal(Conflict(_("%(name)s is not waiting for a mentor.", name=mentee.pseudonym)),
                       "mentee_id")
    pinned = RoundSettings(weights=settings.weights, mode=settings.mode,
                           session_minutes=settings.session_minutes,
                           mentee_ids=(mentee.id,), mentor_ids=(mentor.id,))
    cohort = build_cohort(pinned, now, extra_mentee=profile)
    extra = [] if profile.has_consent_to_match else ["no_consent"]
    if not cohort.mentors:
        return PairCheck(mentee, mentor, None, tuple(extra + ["not_matchable"]))
    score = matching.score_pair(cohort, str(mentee.id), str(mentor.id))
    return PairCheck(mentee, mentor, score, tuple(extra) + tuple(score.violations))


def approve_pairs(coordinator: User, pairs: list[tuple[int, int]], settings: RoundSettings,
                  now: datetime, respond_days: int) -> list[Match]:
    """Approve several proposed pairs at once: all of them, or none (PairsRefused names every
    faulty pair) if one breaks a rule. Pairs are checked in order, so a mentor chosen twice is
    refused at the pair that would take a place they no longer have."""
    if not pairs:
        raise DomainError(_("Choose at least one pair to approve."))
    mentee_ids = [mentee_id for mentee_id, _mentor in pairs]
    if len(set(mentee_ids)) != len(mentee_ids):
        raise Conflict(_("A mentee appears twice in the pairs to approve."))
    matches: list[Match] = []
    refused: dict[int, str] = {}
    for mentee_id, mentor_id in pairs:
        taken = next((match for match in matches if match.mentor_id == mentor_id), None)
        try:
            matches.append(_approve_one(coordinator, mentee_id, mentor_id, settings, now,
                                        respond_days, taken))
        except DomainError as error:
            refused[mentee_id] = error.message
    if refused:
        raise PairsRefused(refused)
    return matches


def _approve_one(coordinator, mentee_id, mentor_id, settings, now, respond_days,
                 taken_in_form: Match | None) -> Match:
    check = check_pair(mentee_id, mentor_id, settings, now)
    if check.violations == ("no_capacity",) and taken_in_form is not None:
        raise Conflict(_("%(mentor)s is also chosen for %(other)s in this form and has no other "
                         "free place: choose another mentor or \"Not now\".",
                         mentor=check.mentor.pseudonym,
                         other=taken_in_form.mentee.pseudonym))
    if check.violations:
        raise Conflict(_("%(mentee)s and %(mentor)s can no longer be paired: %(why)s",
                         mentee=check.mentee.pseudonym, mentor=check.mentor.pseudonym,
                         why=violation_sentence(check.violations)))
    assert check.score is not None  # a pair without violations has been scored
    return services.approve_pair(
        coordinator, check.mentee, check.mentor, now, respond_days=respond_days,
        score=check.score.score, explanation=list(check.score.explanation.parts))


def approve_manual_pair(coordinator: User, mentee_id: int, mentor_id: int, reason: str | None,
                        settings: RoundSettings, now: datetime, respond_days: int) -> Match:
    """A coordinator's own pair: safeguarding rules hold; other rules need a written reason."""
    check = check_pair(mentee_id, mentor_id, settings, now)
    if check.safeguarding:
        raise _refusal(Conflict(_("This pair cannot be approved: %(why)s",
                                  why=violation_sentence(check.safeguarding))), "mentor_id")
    reason = (reason or "").strip()
    if check.soft and len(reason) < 10:
        raise _refusal(DomainError(_("This pair breaks a matching rule (%(why)s): write why you "
                                     "approve it anyway.", why=violation_sentence(check.soft))),
                       "reason")
    explanation = list(check.score.explanation.parts) if check.score else None
    return services.approve_pair(
        coordinator, check.mentee, check.mentor, now, respond_days=respond_days,
        score=check.score.score if check.score else None, explanation=explanation,
        override_reason=reason if check.soft else None)


def mark_incompatible(coordinator: User, mentee_id: int, mentor_id: int, now: datetime) -> None:
    mentee, mentor = _person(mentee_id, Role.MENTEE), _person(mentor_id, Role.MENTOR)
    services.exclude_pair(mentee.id, mentor.id, "incompatible", coordinator, now)
    record(actor=coordinator, action="pair_incompatible", subject_type="mentee",
           subject_id=mentee.id, now=now, reason=f"mentor {mentor.id}")
    db.session.flush()


def violation_sentence(codes) -> str:
    sentences = {
        "no_shared_language": _("they share no language"),
        "no_common_availability": _("they have no common weekly time long enough for a session"),
        "no_capacity": _("the mentor has no free place"),
        "minor_needs_cleared_mentor": _("the mentee is under 18 and the mentor is not cleared "
                                        "to mentor minors"),
        "required_gender_preference": _("the mentee required a mentor of another gender"),
        "excluded": _("this pair was declined, ended or marked incompatible before"),
        "not_matchable": _("the mentor is not approved, is paused, or their screening or "
                           "training is not valid"),
        "no_consent": _("a parent or guardian's consent has not been recorded"),
    }
    return "; ".join(sentences.get(code, code) for code in codes)
