"""One vocabulary: each close reason and concern category is defined once, with its label."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale

from matching.weekly import next_monday
from mentoring.pairing.forms import CloseForm
from mentoring.pairing.models import CloseReason
from mentoring.programme.insight_views import reason_labels
from mentoring.safety.concerns import category_label
from mentoring.safety.forms import ConcernForm
from mentoring.safety.models import ConcernCategory


def test_the_closing_form_and_insight_offer_exactly_the_close_reasons(app):
    with app.test_request_context():
        form = CloseForm(meta={"csrf": False})
        assert [value for value, _label in form.reason.choices] == [r.value for r in CloseReason]
        with force_locale("fr"):
            assert reason_labels()["goals_reached"] == "Les objectifs sont atteints"
            assert str(dict(form.reason.choices)["no_contact"]) == str(CloseReason.NO_CONTACT.label)
        with force_locale("en"):
            assert reason_labels() == {r.value: str(r.label) for r in CloseReason}
            assert reason_labels()["moved_on"] == "Moving on (new school, job, town)"


def test_the_concern_form_and_its_label_come_from_the_category(app):
    with app.test_request_context():
        form = ConcernForm(meta={"csrf": False})
        assert [v for v, _l in form.category.choices] == [c.value for c in ConcernCategory]
        with force_locale("en"):
            assert category_label(ConcernCategory.BOUNDARY) == "A boundary was crossed"
            assert category_label("other") == "Something else"


def test_next_monday_is_the_monday_of_the_following_week():
    assert next_monday(date(2026, 11, 23)) == date(2026, 11, 30)  # a Monday: one week later
    assert next_monday(date(2026, 11, 29)) == date(2026, 11, 30)  # a Sunday: the next day
    assert next_monday(date(2026, 11, 26)) == date(2026, 11, 30)
