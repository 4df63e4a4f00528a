"""A programme's own crisis lists: replace one country's shipped list, or go back to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from mentoring.accounts.models import User
from mentoring.core.audit import record
from mentoring.errors import NotFound
from mentoring.extensions import db
from mentoring.safety import resources
from mentoring.safety.models import CrisisResourceList


@dataclass(frozen=True)
class CountryList:
    code: str
    name: str
    entries: list[dict]
    edited: CrisisResourceList | None  # None: the shipped (or deployment's) list is shown


def countries(locale: str) -> list[CountryList]:
    """Every country we hold a list for, by name, the international fallback last."""
    lists = resources.raw_lists()
    edited = {row.country: row for row in db.session.scalars(db.select(CrisisResourceList))}
    names = resources.country_names(locale)
    codes = sorted((c for c in lists if c != resources.FALLBACK), key=lambda c: names.get(c, c))
    codes += [resources.FALLBACK] if resources.FALLBACK in lists else []
    return [CountryList(code, names.get(code, code), lists[code], edited.get(code))
            for code in codes]


def country_list(code: str, locale: str) -> CountryList:
    """The list held for `code`; for a country we hold none for yet, an empty one to fill in."""
    for country in countries(locale):
        if country.code == code:
            return country
    if code in resources.territory_names(locale):
        return CountryList(code, resources.territory_names(locale)[code], [], None)
    raise NotFound(_unknown())


def addable_countries(locale: str) -> list[tuple[str, str]]:
    """Countries the programme may add a list for: every country we hold no list for, by name."""
    held = set(resources.raw_lists())
    names = resources.territory_names(locale)
    return sorted(((code, name) for code, name in names.items() if code not in held),
                  key=lambda choice: choice[1])


def _unknown() -> str:
    return _("We hold no list for this country.")


def is_shipped(code: str) -> bool:
    return code in resources.shipped()


def save_list(coordinator: User, code: str, entries: list[dict], now: datetime) -> None:
    """The programme's list for `code` from now on (validated by the form), audited. A country
    without a shipped list may be added: people who live there then see it first."""
    if code not in resources.shipped() and code not in resources.territory_names("en"):
        raise NotFound(_unknown())
    row = db.session.get(CrisisResourceList, code)
    if row is None:
        row = CrisisResourceList(country=code)
        db.session.add(row)
    row.resources, row.updated_at, row.updated_by_id = entries, now, coordinator.id
    record(actor=coordinator, action="crisis_list_edited", subject_type="crisis_list",
           subject_id=0, now=now, reason=f"{code}: {len(entries)} entries")
    db.session.flush()


def reset_list(coordinator: User, code: str, now: datetime) -> bool:
    """Back to the list shipped with the app (for an added country: removed, so its people see the
    international list again); False if it was not edited."""
    row = db.session.get(CrisisResourceList, code)
    if row is None:
        return False
    db.session.delete(row)
    record(actor=coordinator, action="crisis_list_reset", subject_type="crisis_list",
           subject_id=0, now=now, reason=code)
    db.session.flush()
    return True
