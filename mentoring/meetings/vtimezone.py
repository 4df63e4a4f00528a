"""VTIMEZONE components with yearly RRULE observances, read from the zone's POSIX TZ rule.

icalendar's add_missing_timezones() writes each observance as one comma-separated RDATE list,
which ical.js (Thunderbird) and vobject read as its first date only. The TZif file of every zone
ends with a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3") that states today's yearly rule; we
turn it into STANDARD/DAYLIGHT observances with RRULE:FREQ=YEARLY. Rules that RRULE cannot state
(transition times outside 00:00-24:00) fall back to one observance per transition.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}){0,2}"
_POSIX = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_off>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_off>{_OFFSET})?"
    r",M(?P<sm>\d+)\.(?P<sw>\d)\.(?P<sd>\d)(?:/(?P<st>[+-]?[\d:]+))?"
    r",M(?P<em>\d+)\.(?P<ew>\d)\.(?P<ed>\d)(?:/(?P<et>[+-]?[\d:]+))?)?$"
)
RRULE_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")  # POSIX counts from Sunday = 0


@dataclass(frozen=True)
class Observance:
    name: str
    offset_from: timedelta
    offset_to: timedelta
    month: int
    week: int  # 1..4, or 5 for "last"
    weekday: int  # POSIX: 0 = Sunday
    at: timedelta  # local wall time of the change, in the offset before it


def _seconds(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def posix_rule(name: str) -> str:
    """Return the POSIX TZ string at the end of the zone's TZif file."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder, name)
        if path.is_file():
            return path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    data = resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


def parse_posix(rule: str) -> tuple[str, timedelta, list[Observance]] | None:
    """Parse 'STDoff[DST[off],Mm.w.d[/t],Mm.w.d[/t]]'; None if RRULE cannot state it."""
    found = _POSIX.match(rule)
    if not found:
        return None
    std_name, std = found["std"].strip("<>"), -_seconds(found["std_off"])
    if not found["dst"]:
        return std_name, std, []
    dst_name = found["dst"].strip("<>")
    dst = -_seconds(found["dst_off"]) if found["dst_off"] else std + timedelta(hours=1)
    start, end = _seconds(found["st"] or "2"), _seconds(found["et"] or "2")
    if not (timedelta(0) <= start < timedelta(days=1) and timedelta(0) <= end < timedelta(days=1)):
        return None
    return std_name, std, [
        Observance(dst_name, std, dst, int(found["sm"]), int(found["sw"]), int(found["sd"]), start),
        Observance(std_name, dst, std, int(found["em"]), int(found["ew"]), int(found["ed"]), end),
    ]


def _yearly(observance: Observance, is_daylight: bool):
    component = TimezoneDaylight() if is_daylight else TimezoneStandard()
    component.add("tzname", observance.name)
    component.add("tzoffsetfrom", observance.offset_from)
    component.add("tzoffsetto", observance.offset_to)
    first = _nth_weekday(1970, observance.month, observance.week, observance.weekday)
    component.add("dtstart", first + observance.at)
    week = -1 if observance.week == 5 else observance.week
    component.add("rrule", {"freq": "yearly", "bymonth": observance.month,
                            "byday": f"{week}{RRULE_DAYS[observance.weekday]}"})
    return component


def _nth_weekday(year: int, month: int, week: int, posix_weekday: int) -> datetime:
    """The `week`-th (5 = last) given weekday of a month, at midnight (naive)."""
    python_weekday = (posix_weekday - 1) % 7
    day = datetime(year, month, 1)
    day += timedelta(days=(python_weekday - day.weekday()) % 7)
    for _ in range(week - 1):
        following = day + timedelta(days=7)
        if following.month != month:
            break
        day = following
    return day


def _transitions(name: str, first_year: int, last_year: int):
    """Every UTC-offset change of the zone between two years, found by bisection."""
    tz = zoneinfo.ZoneInfo(name)
    moment = datetime(first_year, 1, 1, tzinfo=UTC)
    stop = datetime(last_year + 1, 1, 1, tzinfo=UTC)
    while moment < stop:
        step = moment + timedelta(days=1)
        if moment.astimezone(tz).utcoffset() != step.astimezone(tz).utcoffset():
            low, high = moment, step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                same = middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            yield high, low.astimezone(tz), high.astimezone(tz)
        moment = step


def _listed(name: str, first_year: int, last_year: int) -> list:
    # The offset in force on 1 January, so that sessions before the first change are covered.
    start = datetime(first_year, 1, 1, tzinfo=UTC).astimezone(zoneinfo.ZoneInfo(name))
    offset = start.utcoffset() or timedelta(0)
    components = [_fixed(start.tzname() or name, offset, bool(start.dst()))]
    for at, before, after in _transitions(name, first_year, last_year):
        is_daylight = bool(after.dst())
        component = TimezoneDaylight() if is_daylight else TimezoneStandard()
        component.add("tzname", after.tzname())
        component.add("tzoffsetfrom", before.utcoffset())
        component.add("tzoffsetto", after.utcoffset())
        component.add("dtstart", (at + before.utcoffset()).replace(tzinfo=None))
        components.append(component)
    return components


def _fixed(name: str, offset: timedelta, is_daylight: bool = False):
    component = TimezoneDaylight() if is_daylight else TimezoneStandard()
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset)
    component.add("tzoffsetto", offset)
    component.add("dtstart", datetime(1970, 1, 1))
    return component


@lru_cache(maxsize=256)
def _observances(name: str, first_year: int, last_year: int) -> tuple:
    parsed = parse_posix(posix_rule(name))
    # Casablanca's POSIX rule says "+01 all year", yet its TZif lists a change to +00 around
    # each Ramadan: when the listed changes are not the rule's, write them one by one.
    if parsed is None or not _rule_explains(name, parsed, first_year, last_year):
        return tuple(_listed(name, first_year, last_year))
    std_name, std, rules = parsed
    if not rules:
        return (_fixed(std_name, std),)
    return (_yearly(rules[0], True), _yearly(rules[1], False))


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Alias -> canonical zone, from the "L target alias" lines of tzdata.zi (the backward file)."""
    sources = [Path(folder, "tzdata.zi") for folder in zoneinfo.TZPATH]
    text = next((p.read_text("utf-8") for p in sources if p.is_file()), None)
    if text is None:
        text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text("utf-8")
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _, target, alias = line.split()[:3]
            links[alias] = target
    return links


def canonical_zone(name: str) -> str:
    """The canonical IANA id of a zone ("America/Montreal" -> "America/Toronto")."""
    links = _links()
    seen = {name}
    while name in links and links[name] not in seen:  # links may chain across releases
        name = links[name]
        seen.add(name)
    return name


def _rule_explains(name: str, parsed, first_year: int, last_year: int) -> bool:
    """Whether the POSIX rule accounts for every offset change in the years (2 a year, or 0)."""
    expected = 2 * (last_year - first_year + 1) if parsed[2] else 0
    return sum(1 for _ in _transitions(name, first_year, last_year)) == expected


def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """Return a VTIMEZONE for `name` valid for the years the events span."""
    component = Timezone()
    component.add("tzid", name)
    for observance in _observances(name, first_year, last_year):
        component.add_component(observance)
    return component
