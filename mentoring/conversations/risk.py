"""Risk phrases: a curated French and English list, edited by coordinators, checked on each message.

Matching ignores case and accents and works on whole words: "me tuer" matches "Me TUÉR !" but
not "me tuerai" (see `normalise`). A match never blocks the message: the writer sees their
country's crisis resources and "I am not safe", and coordinators get a flag with the match, the
time and the category only. False positives are expected; the flag is a prompt to check in.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from functools import cache
from pathlib import Path

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.accounts.queries import coordinators
from mentoring.conversations.models import RiskCategory, RiskFlag, RiskPhrase
from mentoring.core.audit import record
from mentoring.errors import Conflict, DomainError, NotFound
from mentoring.extensions import db
from mentoring.notify.services import notify
from mentoring.pairing.models import Match

_NOT_WORD = re.compile(r"[^0-9a-z]+")
MAX_PHRASE = 120


def normalise(text: str) -> str:
    """Lower case, no accents, each run of non-letters one space: 'J’EN peux +' → 'j en peux'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


@cache
def shipped() -> dict[str, RiskCategory]:
    raw = json.loads(Path(__file__).with_name("risk_phrases.json").read_text("utf-8"))
    return {normalise(phrase): RiskCategory(category) for category, phrases in raw.items()
            if not category.startswith("_") for phrase in phrases}


def active_phrases() -> dict[str, RiskCategory]:
    """Normalised phrase -> category: the shipped list with the programme's changes applied."""
    phrases = dict(shipped())
    for change in db.session.scalars(db.select(RiskPhrase)):
        if change.is_removed:
            phrases.pop(change.normalised, None)
        else:
            phrases[change.normalised] = change.category
    return phrases


def categories_in(body: str) -> list[RiskCategory]:
    """The categories of the phrases found in a message, each once, in a stable order."""
    text = f" {normalise(body)} "
    found = {category for phrase, category in active_phrases().items()
             if phrase and f" {phrase} " in text}
    return [category for category in RiskCategory if category in found]


def flag(match: Match, categories: list[RiskCategory], now: datetime) -> list[RiskFlag]:
    """One flag per category for coordinators: a prompt to check in, without the message."""
    flags = [RiskFlag(match_id=match.id, category=category, created_at=now)
             for category in categories]
    db.session.add_all(flags)
    db.session.flush()
    for item in flags:
        for coordinator in coordinators():
            notify(coordinator, "risk_flag", now, topic=f"risk_flag:{item.id}",
                   match_id=match.id, category=item.category.value)
    return flags


def open_flags() -> list[RiskFlag]:
    return list(db.session.scalars(db.select(RiskFlag).where(RiskFlag.checked_at.is_(None))
                                   .order_by(RiskFlag.created_at, RiskFlag.id)))


def mark_checked(coordinator: User, flag_id: int, now: datetime) -> RiskFlag:
    item = db.session.get(RiskFlag, flag_id)
    if item is None:
        raise NotFound(_("This page does not exist, or you do not have access to it."))
    if item.checked_at is not None:
        raise Conflict(_("Another coordinator has already checked in about this flag."))
    item.checked_at, item.checked_by_id = now, coordinator.id
    record(actor=coordinator, action="risk_flag_checked", subject_type="match",
           subject_id=item.match_id, now=now, to_status=item.category.value)
    db.session.flush()
    return item


def phrase_list() -> list[tuple[str, RiskCategory, bool]]:
    """(phrase, category, is_shipped) for the coordinators' page, by category then phrase."""
    added = {c.normalised: c for c in db.session.scalars(db.select(RiskPhrase))}
    rows = [(phrase, category, True) for phrase, category in shipped().items()
            if not (phrase in added and added[phrase].is_removed)]
    rows += [(c.normalised, c.category, False) for c in added.values()
             if not c.is_removed and c.normalised not in shipped()]
    order = list(RiskCategory)
    return sorted(rows, key=lambda row: (order.index(row[1]), row[0]))


def add_phrase(coordinator: User, phrase: str, category: RiskCategory, now: datetime) -> None:
    key = normalise(phrase or "")
    if not key or len(phrase) > MAX_PHRASE:
        raise DomainError(_("Write a phrase of 1 to 120 characters."))
    row = _change(coordinator, key, phrase.strip(), category, False, now)
    record(actor=coordinator, action="risk_phrase_added", subject_type="risk_phrase",
           subject_id=row.id, now=now, to_status=category.value)


def remove_phrase(coordinator: User, phrase: str, now: datetime) -> None:
    key = normalise(phrase or "")
    category = active_phrases().get(key)
    if category is None:
        raise NotFound(_("This phrase is not in the list."))
    row = _change(coordinator, key, key, category, True, now)
    record(actor=coordinator, action="risk_phrase_removed", subject_type="risk_phrase",
           subject_id=row.id, now=now, to_status=category.value)


def _change(coordinator: User, key: str, phrase: str, category: RiskCategory, removed: bool,
            now: datetime) -> RiskPhrase:
    row = db.session.scalar(db.select(RiskPhrase).where(RiskPhrase.normalised == key))
    if row is None:
        row = RiskPhrase(normalised=key)
        db.session.add(row)
    row.phrase, row.category, row.is_removed = phrase, category, removed
    row.changed_by_id, row.changed_at = coordinator.id, now
    db.session.flush()
    return row
