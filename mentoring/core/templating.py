"""Values every template can use: crisis resources, languages, local-time formatting."""

from __future__ import annotations

from flask import Flask, g, has_request_context, request
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from mentoring.accounts.zones import place_name
from mentoring.agreements import goals
from mentoring.agreements import services as agreements
from mentoring.clock import now_utc
from mentoring.conversations.services import unread_count_query as unread_messages_query
from mentoring.core.dates import date_in_words, french_ordinal
from mentoring.extensions import db
from mentoring.i18n import current_locale
from mentoring.notify.services import unread_count_query
from mentoring.pairing.services import status_label
from mentoring.safety import resources
from mentoring.safety.concerns import category_label
from mentoring.support.views import panel_for as support_panel

# Babel's "medium" date-time shows seconds ("16:58:23"): nobody reads a meeting to the second.
DATETIME_PATTERNS = {"full": {"fr": "EEEE d MMMM y 'à' HH:mm", "en": "EEEE d MMMM y, HH:mm"},
                     "long": {"fr": "d MMMM y 'à' HH:mm", "en": "d MMMM y, HH:mm"},
                     "medium": {"fr": "d MMMM y 'à' HH:mm", "en": "d MMMM y, HH:mm"},
                     "short": {"fr": "dd/MM/y HH:mm", "en": "dd/MM/y HH:mm"}}
def _visitor_country() -> str:
    if not has_request_context():
        return resources.default_country()
    if "crisis_country" not in g:
        languages = request.accept_languages
        g.crisis_country = resources.country_of(current_user, languages)
    return g.crisis_country


def emergency_sentence(user=None) -> str:
    """'In danger or worried for someone's life: call 911 or 988.', for the person's country."""
    country = resources.country_of(user) if user is not None else _visitor_country()
    numbers = resources.resources_for(country, current_locale()).emergency_numbers[:2]
    if len(numbers) >= 2:
        return _("In danger or worried for someone's life: call %(first)s or %(second)s.",
                 first=numbers[0], second=numbers[1])
    if numbers:
        return _("In danger or worried for someone's life: call %(number)s.", number=numbers[0])
    return _("In danger or worried for someone's life: call the emergency number of your "
             "country.")


def header_counts() -> tuple[int, int]:
    """Unread notifications and messages for the page header, asked in one statement, once per
    request (coordinators have no conversations)."""
    if not current_user.is_authenticated:
        return 0, 0
    if "header_counts" not in g:
        notifications = unread_count_query(current_user, now_utc()).scalar_subquery()
        if current_user.is_coordinator:
            g.header_counts = (db.session.scalar(select(notifications)) or 0, 0)
        else:
            messages = unread_messages_query(current_user).scalar_subquery()
            counts = db.session.execute(select(notifications, messages)).one()
            g.header_counts = (counts[0] or 0, counts[1] or 0)
    return g.header_counts


def agreement_of(match) -> dict:
    """What the match page shows of a match's agreement: who confirmed, and the goals' count."""
    confirmations = agreements.confirmations_of(match)
    return {"confirmations": confirmations,
            "confirmed_ids": {c.user_id for c in confirmations},
            "goals": [goal for goal in goals.goals_of(match) if goal.is_accepted]}


def register(app: Flask) -> None:
    def datetimeformat(value, format="medium", rebase=True):  # noqa: A002 (Flask-Babel's name)
        locale = current_locale()
        pattern = DATETIME_PATTERNS.get(format, {}).get(locale, format)
        return french_ordinal(format_datetime(value, pattern, rebase=rebase), locale)

    def dateformat(value, format="medium"):  # noqa: A002
        locale = current_locale()
        if format in ("medium", "long") and locale == "fr":
            format = "d MMMM y"
        return french_ordinal(format_date(value, format), locale)

    app.jinja_env.filters["datetimeformat"] = datetimeformat
    app.jinja_env.filters["dateformat"] = dateformat
    app.jinja_env.filters["date_in_words"] = date_in_words

    @app.context_processor
    def globals_for_templates():
        locale = current_locale()
        return {
            "current_locale": locale,
            "crisis_country": lambda: resources.resources_for(_visitor_country(), locale),
            "crisis_resources": lambda: resources.resources_for(_visitor_country(),
                                                                locale).resources,
            "all_crisis_countries": lambda: resources.all_countries(_visitor_country(), locale),
            "emergency_sentence": emergency_sentence,
            "place_name": lambda zone: place_name(zone, current_locale()),
            "programme_name": app.config["PROGRAMME_NAME"],
            "status_label": status_label,
            "concern_label": category_label,
            "endpoints": app.view_functions,
            "agreement_of": agreement_of,
            "support_panel": support_panel,  # the coordinator's match page shows it
            "unread_notifications": lambda: header_counts()[0],
            "unread_messages": lambda: header_counts()[1],
        }
