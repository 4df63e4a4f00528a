"""The coordinator's form for one country's crisis resources: one row per entry, blank rows
left out, so that entries can be added without JavaScript."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

BLANK_ROWS = 2
PHONE = re.compile(r"^\+?[0-9][0-9 .()\-]*$")
WEB = re.compile(r"^(https://)?[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.I)
TEXT_FIELDS = ("name_fr", "name_en", "number", "link", "description_fr", "description_en")


class EntryForm(Form):
    name_fr = StringField(_l("Name (French)"), validators=[Length(max=120)])
    name_en = StringField(_l("Name (English)"), validators=[Length(max=120)])
    number = StringField(_l("Number or web address"), validators=[Length(max=60)])
    kind = SelectField(_l("How to reach it"), choices=[
        ("call", _l("Call")), ("text", _l("Text message")),
        ("call_or_text", _l("Call or text message")), ("web", _l("Website"))])
    link = StringField(_l("Link (websites only, https://…)"),
                       validators=[Optional(), Length(max=200)])
    emergency = BooleanField(_l("Emergency number (shown first, in the footer and e-mails)"))
    description_fr = TextAreaField(_l("Description (French)"), validators=[Length(max=300)])
    description_en = TextAreaField(_l("Description (English)"), validators=[Length(max=300)])
    remove = BooleanField(_l("Remove this entry"))

    @property
    def is_blank(self) -> bool:
        return not any((getattr(self, name).data or "").strip() for name in TEXT_FIELDS)

    @property
    def is_kept(self) -> bool:
        return not (self.is_blank or self.remove.data)

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not self.is_kept:
            return True
        return all([self._required(self.number, _l("Write the number to call or text.")),
                    self._required(self.name_fr, _l("Write the name in French.")),
                    self._required(self.name_en, _l("Write the name in English.")),
                    self._number_fits_kind(), self._link_is_https()])

    def _required(self, field, message) -> bool:
        field.data = (field.data or "").strip()
        if not field.data:
            field.errors.append(message)
            return False
        return True

    def _number_fits_kind(self) -> bool:
        number = self.number.data or ""
        if not number:
            return True  # already told
        if self.kind.data == "web":
            if WEB.match(number):
                return True
            self.number.errors.append(_l("A website needs an address such as example.org."))
            return False
        if PHONE.match(number) and sum(ch.isdigit() for ch in number) >= 2:
            return True
        self.number.errors.append(_l("A number has digits only (spaces, +, dots and dashes "
                                     "allowed), for example 3114 or 1 800 668-6868."))
        return False

    def _link_is_https(self) -> bool:
        link = (self.link.data or "").strip()
        self.link.data = link
        if link and not link.startswith("https://"):
            self.link.errors.append(_l("The link must start with https://."))
            return False
        return True


class CrisisListForm(FlaskForm):
    entries = FieldList(FormField(EntryForm), min_entries=1)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and not any(entry.form.is_kept for entry in self.entries):
            self.form_errors.append(_l("Keep at least one entry: a country's list cannot be "
                                       "empty (use \"Go back to the shipped list\" instead)."))
            return False
        return valid


def entry_data(entry: EntryForm) -> dict:
    """One entry as stored in CrisisResourceList.resources (the shipped file's shape)."""
    data = {"number": entry.number.data.strip(), "kind": entry.kind.data,
            "emergency": bool(entry.emergency.data),
            "name": {"fr": entry.name_fr.data.strip(), "en": entry.name_en.data.strip()},
            "description": {"fr": (entry.description_fr.data or "").strip(),
                            "en": (entry.description_en.data or "").strip()}}
    if entry.kind.data == "web" and entry.link.data:
        data["href"] = entry.link.data
    return data


def form_rows(items: list[dict]) -> list[dict]:
    """Stored entries as form data, plus blank rows to add new ones."""
    def text(value, locale):
        return value.get(locale, "") if isinstance(value, dict) else str(value or "")

    rows = [{"name_fr": text(item.get("name"), "fr"), "name_en": text(item.get("name"), "en"),
             "number": str(item.get("number", "")), "kind": item.get("kind", "call"),
             "link": item.get("href", ""), "emergency": bool(item.get("emergency")),
             "description_fr": text(item.get("description"), "fr"),
             "description_en": text(item.get("description"), "en")} for item in items]
    # A new country gets room for its emergency number and a helpline or two at once.
    return rows + [{"kind": "call"} for _ in range(BLANK_ROWS if items else 3)]
