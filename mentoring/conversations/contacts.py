"""Contact details in a message: phone numbers, e-mail addresses, social-media handles, links.

In a match with a minor such a message is held (or refused, by programme setting) so that the
pair stays on the programme's channel; elsewhere the writer gets a gentle reminder.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Eight digits or more, with the usual separators: 06 12 34 56 78, +33 6 12 34 56 78, 514-555-0199.
PHONE = re.compile(r"(?<![\w])\+?\d(?:[\s.\-/()]*\d){7,}")
LINK = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|fr|be|ch|ca|lu|org|net|io|gg|"
                  r"me|ly|app|tv|co|info|link)\b(?:/\S*)?")
HANDLE = re.compile(r"(?i)(?<![\w@.])@[a-z0-9_.]{2,}|\b(?:snap(?:chat)?|insta(?:gram)?|tiktok|"
                    r"discord|telegram|whatsapp|signal|facebook|fb|twitter|x)\s*[:=]\s*\S+")

KIND_LABELS = {
    "phone": _l("a phone number"),
    "email": _l("an e-mail address"),
    "handle": _l("a social-media handle"),
    "link": _l("a link"),
}


def contact_kinds(body: str) -> list[str]:
    """The kinds of contact detail found, in a fixed order (e-mail first: it holds a '@')."""
    kinds = []
    if EMAIL.search(body):
        kinds.append("email")
    rest = EMAIL.sub(" ", body)
    if PHONE.search(rest):
        kinds.append("phone")
    if HANDLE.search(rest):
        kinds.append("handle")
    if LINK.search(rest):
        kinds.append("link")
    return kinds


def describe(kinds: list[str] | str) -> str:
    """'a phone number, a link' in the reader's language."""
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k]
    return ", ".join(str(KIND_LABELS[k]) for k in kinds if k in KIND_LABELS)
