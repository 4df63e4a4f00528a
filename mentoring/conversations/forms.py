"""Conversations: the message box, message e-mails, and the coordinators' forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from mentoring.conversations.models import RISK_LABELS


class MessageForm(FlaskForm):
    body = TextAreaField(_l("Your message"))


class MessageSettingsForm(FlaskForm):
    emails_on = BooleanField(_l("E-mail me when a message is waiting (the e-mail never says "
                                "what it is)"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Why do you need to read this conversation? Both people will see "
                              "this reason."),
                           validators=[InputRequired(message=_l("Write a reason.")),
                                       Length(max=1000)])
    before = HiddenField()


class PhraseForm(FlaskForm):
    phrase = StringField(_l("Phrase"), validators=[InputRequired(), Length(max=120)])
    category = SelectField(_l("Category"),
                           choices=[(c.value, label) for c, label in RISK_LABELS.items()])


class RemovePhraseForm(FlaskForm):
    phrase = HiddenField(validators=[InputRequired()])
