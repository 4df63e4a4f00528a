"""The match agreement: its versions (edited by coordinators) and each person's confirmation."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from mentoring.accounts.models import User
from mentoring.agreements.defaults import DEFAULT_EN, DEFAULT_FR
from mentoring.agreements.models import AgreementConfirmation, AgreementVersion, MeetingRhythm
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotAllowed
from mentoring.extensions import db
from mentoring.pairing.models import Match, MatchStatus

MAX_TEXT = 6000


def current_version() -> AgreementVersion | None:
    """The newest stored version, or None while the programme still uses the shipped text."""
    return db.session.scalar(select(AgreementVersion).order_by(AgreementVersion.number.desc())
                             .limit(1))


def current_texts() -> tuple[str, str]:
    """(English, French) text that a person confirming now would read."""
    version = current_version()
    return (version.text_en, version.text_fr) if version else (DEFAULT_EN, DEFAULT_FR)


def _add_version(text_en: str, text_fr: str, actor: User | None, now: datetime) -> AgreementVersion:
    number = (db.session.scalar(select(func.max(AgreementVersion.number))) or 0) + 1
    version = AgreementVersion(number=number, text_en=text_en, text_fr=text_fr, created_at=now,
                               created_by_id=actor.id if actor else None)
    db.session.add(version)
    db.session.flush()
    return version


def edit_agreement(coordinator: User, text_en: str, text_fr: str, now: datetime
                   ) -> AgreementVersion:
    """Store a new version of the agreement; confirmations already given keep theirs."""
    if not coordinator.is_coordinator:
        raise NotAllowed(_("Only coordinators can change the agreement."))
    text_en, text_fr = text_en.strip(), text_fr.strip()
    if not text_en or not text_fr:
        raise DomainError(_("Write the agreement in both French and English."))
    if len(text_en) > MAX_TEXT or len(text_fr) > MAX_TEXT:
        raise DomainError(_("The agreement is too long: keep each language under 6000 "
                            "characters."))
    if (text_en, text_fr) == current_texts():
        raise DomainError(_("Nothing was changed: this is already the current agreement."))
    version = _add_version(text_en, text_fr, coordinator, now)
    record(actor=coordinator, action="agreement_edited", subject_type="agreement",
           subject_id=version.id, now=now)
    return version


def confirmations_of(match: Match) -> list[AgreementConfirmation]:
    return list(db.session.scalars(
        select(AgreementConfirmation).where(AgreementConfirmation.match_id == match.id)
        .order_by(AgreementConfirmation.confirmed_at)))


def confirmation_of(user: User, match: Match) -> AgreementConfirmation | None:
    return db.session.scalar(select(AgreementConfirmation).where(
        AgreementConfirmation.match_id == match.id, AgreementConfirmation.user_id == user.id))


def confirm_agreement(user: User, match: Match, language: str, now: datetime, *,
                      rhythm: MeetingRhythm | None = None, minutes: int | None = None
                      ) -> AgreementConfirmation:
    """The person confirms the agreement as it reads now, in the language they read it in."""
    if not match.involves(user):
        raise NotAllowed(_("Only the mentee and the mentor of this match confirm its agreement."))
    if match.status is not MatchStatus.ACTIVE:
        raise Conflict(_("The agreement is confirmed once the match has started."))
    if confirmation_of(user, match) is not None:
        raise Conflict(_("You have already confirmed this agreement."))
    if minutes is not None and not 15 <= minutes <= 240:
        raise DomainError(_("Choose a session length between 15 and 240 minutes."))
    version = current_version() or _add_version(DEFAULT_EN, DEFAULT_FR, None, now)
    confirmation = AgreementConfirmation(
        match_id=match.id, user_id=user.id, version_id=version.id,
        language="fr" if language == "fr" else "en", rhythm=rhythm, minutes=minutes,
        confirmed_at=now)
    db.session.add(confirmation)
    db.session.flush()
    return confirmation


def waiting_agreements(user: User) -> list[Match]:
    """The person's active matches whose agreement they have not confirmed yet (one query)."""
    confirmed = select(AgreementConfirmation.match_id).where(
        AgreementConfirmation.user_id == user.id)
    return list(db.session.scalars(
        select(Match).where((Match.mentee_id == user.id) | (Match.mentor_id == user.id),
                            Match.status == MatchStatus.ACTIVE, Match.id.not_in(confirmed))
        .order_by(Match.activated_at)))
