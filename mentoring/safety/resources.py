"""Crisis resources shown on every page: the deployment's list, or the French defaults."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class CrisisResource:
    name: str
    number: str
    description: str
    is_emergency: bool = False


def _french_defaults() -> list[CrisisResource]:
    return [
        CrisisResource("SAMU", "15", _l("Medical emergency, day and night."), True),
        CrisisResource(
            _l("European emergency number"), "112", _l("Any emergency, from any phone."), True
        ),
        CrisisResource(
            _l("Emergency by text message"),
            "114",
            _l("By SMS, for people who cannot call (deaf, hard of hearing, or in danger)."),
            True,
        ),
        CrisisResource(
            "Allô Enfance en Danger", "119", _l("A child or teenager in danger: free, 24/7."), True
        ),
        CrisisResource(
            _l("3114 suicide prevention"),
            "3114",
            _l("If you are thinking about suicide or worried about someone: free, 24/7."),
        ),
        CrisisResource(
            "Fil Santé Jeunes",
            "0 800 235 236",
            _l("Free and anonymous listening for young people aged 12 to 25, every day."),
        ),
    ]


def _localised(value, locale: str) -> str:
    if isinstance(value, dict):
        return value.get(locale) or value.get("en") or next(iter(value.values()), "")
    return str(value)


def crisis_resources(locale: str) -> list[CrisisResource]:
    """The resources to show, emergency numbers first."""
    configured = current_app.config.get("CRISIS_RESOURCES")
    if not configured:
        return _french_defaults()
    items = [
        CrisisResource(
            name=_localised(item["name"], locale),
            number=str(item["number"]),
            description=_localised(item.get("description", ""), locale),
            is_emergency=bool(item.get("emergency", False)),
        )
        for item in configured
    ]
    return sorted(items, key=lambda item: not item.is_emergency)
