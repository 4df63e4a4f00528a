"""The one rule for pseudonyms, applied by sign-up, settings and the CSV import alike."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext as _

MIN_LENGTH, MAX_LENGTH = 2, 40
# Printable characters only: no line breaks (they would end up in e-mail headers and invites).
PSEUDONYM_PATTERN = r"^[^\x00-\x1f\x7f<>]+$"
# Right-to-left/left-to-right embeddings, overrides and isolates reorder the text around a name.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(char: str) -> bool:
    """A character that draws something: not a space, a format character (zero-width) or a mark."""
    return unicodedata.category(char)[0] not in ("Z", "C", "M") and char not in "\u115f\u1160\u3164"


def pseudonym_problem(value: str) -> str | None:
    """Why `value` (already stripped) cannot be a pseudonym, or None when it can."""
    if not MIN_LENGTH <= len(value) <= MAX_LENGTH:
        return _("Write a pseudonym of %(low)d to %(high)d characters.",
                 low=MIN_LENGTH, high=MAX_LENGTH)
    if not re.match(PSEUDONYM_PATTERN, value):
        return _("Use letters, digits and spaces only.")
    if _BIDI_CONTROLS.search(value):
        return _("The pseudonym contains a character that changes the writing direction; "
                 "please remove it.")
    if sum(_visible(char) for char in value) < MIN_LENGTH:
        return _("The pseudonym must contain at least two visible characters.")
    return None
