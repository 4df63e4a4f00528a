"""Forms of match support: a contact, and the programme's schedule."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, RadioField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from mentoring.support.models import ContactChannel, ContactWith


class ContactForm(FlaskForm):
    contact_on = DateField(_l("Date"), validators=[
        InputRequired(message=_l("Give the date of the contact."))])
    contact_time = TimeField(_l("Time (your time zone)"), validators=[
        InputRequired(message=_l("Give the time of the contact."))])
    contact_with = RadioField(_l("With whom?"), choices=[(w.value, w.label) for w in ContactWith],
                              validators=[InputRequired(message=_l("Choose who you spoke with."))])
    channel = RadioField(_l("How?"), choices=[(c.value, c.label) for c in ContactChannel],
                         validators=[InputRequired(message=_l("Choose how you were in touch."))])
    notes = TextAreaField(_l("Private notes (coordinators only, optional)"),
                          validators=[Optional(), Length(max=4000)])
    needs_follow_up = BooleanField(_l("Needs follow-up"))


class ScheduleForm(FlaskForm):
    first_month_contacts = IntegerField(_l("Contacts in the first month of a match"), validators=[
        InputRequired(), NumberRange(min=1, max=8)])
    monthly_contacts = IntegerField(_l("Contacts in each later month"), validators=[
        InputRequired(), NumberRange(min=1, max=8)])
