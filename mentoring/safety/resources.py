"""Crisis resources: the numbers of the person's own country first, on every page and e-mail.

The shipped lists (crisis_resources.json beside this file; sources in docs/safety.md) cover
France, Belgium, Switzerland, Luxembourg, Canada, Québec and an international fallback. A
programme replaces any country's list from /programme/helplines (CrisisResourceList rows), and a
deployment may point MENTORING_CRISIS_RESOURCES at a JSON file (a list: its default country's
resources; an object: country code -> list).

The person's country: their setting, else the country of their time zone, else (not logged in)
the region of the browser's language (fr-CA, fr-BE…), else the programme's default country.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from babel import Locale
from flask import current_app, g, has_app_context, has_request_context
from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from mentoring.accounts.zones import country_of_zone
from mentoring.extensions import db

FALLBACK = "INT"
KINDS = ("call", "text", "call_or_text", "web")


@dataclass(frozen=True)
class CrisisResource:
    name: str
    number: str
    description: str
    is_emergency: bool = False
    kind: str = "call"
    link: str | None = None

    @property
    def href(self) -> str:
        if self.kind == "web":
            return self.link or f"https://{self.number}"
        digits = "".join(ch for ch in self.number if ch.isdigit() or ch == "+")
        return f"sms:{digits}" if self.kind == "text" else f"tel:{digits}"


@dataclass(frozen=True)
class CountryResources:
    code: str
    name: str
    resources: list[CrisisResource] = field(default_factory=list)

    @property
    def emergency_numbers(self) -> list[str]:
        return [r.number for r in self.resources if r.is_emergency and r.kind != "web"]


@cache
def shipped() -> dict[str, dict]:
    """The lists shipped with the app: code -> {"name": {...}, "resources": [...]}."""
    raw = json.loads((Path(__file__).with_name("crisis_resources.json")).read_text("utf-8"))
    return {code: entry for code, entry in raw.items() if not code.startswith("_")}


def _localised(value, locale: str) -> str:
    if isinstance(value, dict):
        return value.get(locale) or value.get("en") or next(iter(value.values()), "")
    return str(value or "")


def _configured() -> dict[str, list[dict]]:
    """The deployment file's lists (MENTORING_CRISIS_RESOURCES), by country."""
    configured = current_app.config.get("CRISIS_RESOURCES")
    if not configured:
        return {}
    if isinstance(configured, list):
        return {default_country(): configured}
    return {code: (entry["resources"] if isinstance(entry, dict) else entry)
            for code, entry in configured.items()}


# The programme's lists as last read by this process: what every page shows while the database
# cannot be reached (the 503 page too), so that the numbers are never missing when things fail.
_last_read: dict[str, list[dict]] = {}
CACHE = "crisis_lists"  # app.extensions key: {"read_at", "lists", (country, locale): resources}


def _cache() -> dict:
    """This app's copy of the lists and of what was built from them, read again when older than
    CRISIS_LISTS_MAX_AGE_SECONDS (other processes' changes) or when this process changed them."""
    cache = current_app.extensions.setdefault(CACHE, {})
    max_age = current_app.config.get("CRISIS_LISTS_MAX_AGE_SECONDS", 10)
    if "lists" in cache and time.monotonic() - cache["read_at"] < max_age:
        return cache
    programme = _read_programme_lists()
    if programme is None:  # the database is down: the last copy, nothing kept
        return {"lists": _merged(dict(_last_read))}
    cache.clear()
    cache.update(read_at=time.monotonic(), lists=_merged(programme))
    return cache


def _read_programme_lists() -> dict[str, list[dict]] | None:
    """The programme's own lists from the database; None when it cannot be reached (a crisis
    number must not depend on the database answering)."""
    from mentoring.safety.models import CrisisResourceList

    in_request = has_request_context()
    if in_request and g.get("database_unavailable"):
        return None
    try:
        lists = {row.country: row.resources
                 for row in db.session.scalars(select(CrisisResourceList))}
    except DBAPIError as error:
        from mentoring.core.errors import is_database_unavailable

        if not is_database_unavailable(error):
            raise
        current_app.logger.warning("crisis lists: database unavailable, last copy shown")
        try:
            db.session.rollback()
        except DBAPIError:
            db.session().invalidate()
        if in_request:
            g.database_unavailable = True
        return None
    _last_read.clear()
    _last_read.update(lists)
    return lists


def _merged(programme: dict[str, list[dict]]) -> dict[str, list[dict]]:
    lists = {code: entry["resources"] for code, entry in shipped().items()}
    lists.update(_configured())
    lists.update(programme)
    return lists


def forget_read_lists() -> None:
    """The next page reads the lists again (this process changed them)."""
    if has_app_context():
        current_app.extensions.pop(CACHE, None)


@event.listens_for(Session, "after_flush")
def _note_changed_lists(session: Session, _context) -> None:
    from mentoring.safety.models import CrisisResourceList

    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(row, CrisisResourceList) for row in changed):
        session.info[CACHE] = True
        forget_read_lists()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_changed_lists(session: Session, *_args) -> None:
    """Read again after the change is committed or rolled back (not what was flushed)."""
    if session.info.pop(CACHE, False):
        forget_read_lists()


def raw_lists() -> dict[str, list[dict]]:
    """Country -> resources as stored: the programme's, else the deployment's, else shipped."""
    return _cache()["lists"]


@cache
def _shipped_names(locale: str) -> dict[str, str]:
    return {code: _localised(entry["name"], locale) for code, entry in shipped().items()}


@cache
def territory_names(locale: str) -> dict[str, str]:
    """Every country (ISO 3166 two-letter code) by its name in `locale`, from Babel's CLDR data."""
    names = Locale.parse(locale).territories
    return {code: name for code, name in names.items()
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO")}


def country_names(locale: str) -> dict[str, str]:
    """Each country we hold a list for (shipped, or added by the programme) by its name."""
    names = dict(_shipped_names(locale))
    for code in raw_lists():
        if code not in names:
            names[code] = territory_names(locale).get(code, code)
    return names


def known_countries() -> set[str]:
    """The codes a person may choose: the shipped lists and those the programme added."""
    return set(shipped()) | set(raw_lists())


def _resources(items: list[dict], locale: str) -> list[CrisisResource]:
    parsed = [
        CrisisResource(
            name=_localised(item.get("name"), locale),
            number=str(item["number"]),
            description=_localised(item.get("description", ""), locale),
            is_emergency=bool(item.get("emergency", False)),
            kind=str(item["kind"]) if item.get("kind") in KINDS else "call",
            link=item.get("href"),
        )
        for item in items
    ]
    return sorted(parsed, key=lambda item: not item.is_emergency)


def default_country() -> str:
    return current_app.config.get("DEFAULT_COUNTRY", "FR")


def country_from_languages(accept_languages) -> str | None:
    """The first region named by the browser's languages that we hold a list for (fr-CA → CA)."""
    known = known_countries()
    for value, _quality in accept_languages:
        _lang, _sep, region = value.replace("_", "-").partition("-")
        if region.upper() in known:
            return region.upper()
    return None


def country_of(user, accept_languages=()) -> str:
    """The code whose list comes first for this person (or visitor)."""
    if user is not None and getattr(user, "is_authenticated", False):
        chosen = user.country or country_of_zone(user.timezone)
        if chosen:
            return chosen
        return default_country()
    return country_from_languages(accept_languages) or default_country()


def resources_for(country: str, locale: str) -> CountryResources:
    """The person's country's resources, emergencies first; the fallback list where we have
    none for their country."""
    cache = _cache()
    built = cache.get((country, locale))
    if built is None:
        lists = cache["lists"]
        code = country if country in lists else FALLBACK
        built = CountryResources(code, country_names(locale).get(code, code),
                                 _resources(lists.get(code, []), locale))
        cache[(country, locale)] = built
    return built


def all_countries(first: str, locale: str) -> list[CountryResources]:
    """Every country's list, the person's own first and the international fallback last."""
    cache = _cache()
    built = cache.get(("all", first, locale))
    if built is None:
        own = resources_for(first, locale)
        others = sorted((code for code in raw_lists() if code not in (own.code, FALLBACK)),
                        key=lambda code: country_names(locale).get(code, code))
        rest = [resources_for(code, locale) for code in others]
        tail = [resources_for(FALLBACK, locale)] if own.code != FALLBACK else []
        built = cache[("all", first, locale)] = [own, *rest, *tail]
    return built


def crisis_resources(locale: str, country: str | None = None) -> list[CrisisResource]:
    """The resources to show, emergency numbers first (the person's country)."""
    return resources_for(country or default_country(), locale).resources
