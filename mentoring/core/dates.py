"""Dates and times as a reader says them, in their language: no seconds, French '1er'."""

from __future__ import annotations

import re

from babel.dates import format_datetime as babel_format
from flask_babel import format_date, format_datetime

from mentoring.i18n import current_locale

_FIRST_OF_MONTH = re.compile(r"(?<![\d/])1 (janvier|février|mars|avril|mai|juin|juillet|août|"
                             r"septembre|octobre|novembre|décembre|janv\.|févr\.|avr\.|juil\.|"
                             r"sept\.|oct\.|nov\.|déc\.)")


def french_ordinal(text: str, locale: str) -> str:
    """French writes the first day of a month '1er février', never '1 février'."""
    return _FIRST_OF_MONTH.sub(r"1er \1", text) if str(locale)[:2] == "fr" else text


def date_in_words(value, pattern: str = "EEEE d MMMM y") -> str:
    """A date as the reader says it ('mardi 1er décembre 2026')."""
    return french_ordinal(format_date(value, pattern), current_locale())


def time_in_words(value, pattern: str = "EEEE d MMMM y, HH:mm", tzinfo=None,
                  locale: str | None = None) -> str:
    """An instant in the reader's zone (or `tzinfo`) and language, to the minute."""
    if tzinfo is None and locale is None:
        return french_ordinal(format_datetime(value, pattern), current_locale())
    locale = str(locale or current_locale())
    return french_ordinal(babel_format(value, pattern, tzinfo=tzinfo, locale=locale), locale)
