"""Values every template can use: crisis resources, languages, local-time formatting."""

from __future__ import annotations

from flask import Flask

from mentoring.i18n import current_locale
from mentoring.safety.resources import crisis_resources


def register(app: Flask) -> None:
    @app.context_processor
    def globals_for_templates():
        locale = current_locale()
        return {
            "current_locale": locale,
            "crisis_resources": lambda: crisis_resources(locale),
            "programme_name": app.config["PROGRAMME_NAME"],
        }
