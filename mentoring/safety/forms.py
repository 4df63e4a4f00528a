"""Safety forms: concerns, check-ins, session notes."""

import uuid

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from mentoring.safety.models import ConcernCategory

SCALE = [(str(n), str(n)) for n in range(1, 6)]


class ConcernForm(FlaskForm):
    category = RadioField(_l("What is it about?"), choices=[
        (category.value, category.label) for category in ConcernCategory
    ], validators=[InputRequired(message=_l("Choose what the concern is about."))])
    text = TextAreaField(_l("What happened? (optional, read only by coordinators)"),
                         validators=[Optional(), Length(max=4000)])
    # New on every page shown; the same on a reload or a retry of that one submission.
    form_token = HiddenField(default=lambda: uuid.uuid4().hex, validators=[Length(max=64)])


class CheckInForm(FlaskForm):
    took_place = RadioField(_l("Did the session take place?"),
                            choices=[("yes", _l("Yes")), ("no", _l("No"))],
                            validators=[InputRequired()])
    helpfulness = RadioField(_l("How helpful was it? (1 = not at all, 5 = very)"),
                             choices=SCALE, validators=[Optional()])
    feeling = RadioField(_l("How do you feel? (1 = very low, 5 = very good, optional)"),
                         choices=SCALE, validators=[Optional()])
    comment = TextAreaField(_l("Anything to add? (optional, read by coordinators)"),
                            validators=[Optional(), Length(max=2000)])
    feels_unsafe = BooleanField(_l("I don't feel safe"))


class NoteForm(FlaskForm):
    text = TextAreaField(_l("New private note"), validators=[InputRequired(), Length(max=4000)])
