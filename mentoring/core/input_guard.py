"""The request boundary: what no route has to check for itself.

- Integer ids in URLs stop at the largest value the database's integer columns hold (PostgreSQL's
  `integer`), so `/…/2147483648` is an unknown page (404), not a database error.
- Control characters (NUL above all: PostgreSQL text cannot hold it) in the path, the query or a
  form field are refused with a sentence (400); tab and line breaks stay allowed in form fields.
- A single form field longer than MAX_FIELD_CHARS is refused with a sentence (400): no field of ours
  needs more, and the forms' own length limits answer more precisely below that.
"""

from __future__ import annotations

import re

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from mentoring.errors import DomainError

DB_INTEGER_MAX = 2**31 - 1
MAX_FIELD_CHARS = 20_000
# C0 controls except tab, line feed and carriage return, DEL, and C1 controls.
FIELD_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_PATH_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _at_most(limit: int) -> str:
    """A regular expression for the decimal numbers 0..limit (without leading zeros)."""
    digits = str(limit)
    options = [r"\d" if len(digits) == 2 else rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 \
        else []
    for i, digit in enumerate(digits):
        rest = len(digits) - i - 1
        low = "1" if i == 0 and rest else "0"
        top = int(digit) - 1 if rest else int(digit)
        if top >= int(low):
            tail = rf"\d{{{rest}}}" if rest else ""
            options.append(f"{digits[:i]}[{low}-{top}]{tail}")
    return "|".join(f"(?:{option})" for option in options)


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:…>` that matches only ids a database integer column can hold (else: 404).

    The limit is in the pattern, not only in `to_python`: Werkzeug then finds no rule at all
    (404) instead of a rule for another method (405).
    """

    regex = f"(?:{_at_most(DB_INTEGER_MAX)})"

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INTEGER_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _bad_text(values, pattern: re.Pattern) -> bool:
    return any(pattern.search(value) for value in values)


def check_request() -> None:
    if _PATH_CONTROLS.search(request.path) or _bad_text(request.args.keys(), _PATH_CONTROLS) \
            or _bad_text(request.args.values(), _PATH_CONTROLS):
        raise DomainError(_("The address contains a character that is not allowed (a control "
                      "character such as NUL)."))
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    form = request.form
    if _bad_text(form.keys(), _PATH_CONTROLS) or any(
            FIELD_CONTROLS.search(value) for value in form.values()):
        raise DomainError(_("The form contains an invisible control character (such as NUL) that "
                      "cannot be saved. Please remove it and send again."))
    if any(len(value) > MAX_FIELD_CHARS for value in form.values()):
        raise DomainError(_("A field is too long (at most %(count)d characters).",
                      count=MAX_FIELD_CHARS))
    if any(_PATH_CONTROLS.search(f.filename or "") for f in request.files.values()):
        raise DomainError(_("The file name contains a control character; please rename the file."))


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: the converter applies to rules added later."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.before_request(check_request)

