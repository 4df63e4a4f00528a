"""Values every template can use: crisis resources, languages, local-time formatting."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from mentoring.clock import now_utc
from mentoring.conversations.services import unread_count as unread_messages
from mentoring.i18n import current_locale
from mentoring.notify.services import unread_count
from mentoring.pairing.services import status_label
from mentoring.safety.concerns import category_label
from mentoring.safety.resources import crisis_resources


def register(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates():
        locale = current_locale()
        return {
            "current_locale": locale,
            "crisis_resources": lambda: crisis_resources(locale),
            "programme_name": app.config["PROGRAMME_NAME"],
            "status_label": status_label,
            "concern_label": category_label,
            "endpoints": app.view_functions,
            "unread_notifications": lambda: unread_count(current_user, now_utc())
            if current_user.is_authenticated else 0,
            "unread_messages": lambda: unread_messages(current_user)
            if current_user.is_authenticated and not current_user.is_coordinator else 0,
        }
