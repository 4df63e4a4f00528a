"""Every coordinator form that comes back with problems starts with a summary linking to them."""

from __future__ import annotations

import html
import re


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def summary_links(page: str) -> list[str]:
    box = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert box, "no error summary"
    return re.findall(r'href="#([^"]+)"', box.group(0))


def test_tag_form(post, login_as, make_coordinator):
    login_as(make_coordinator())
    response = post("/programme/tags", {"kind": "topic", "slug": "Not A Slug", "label_fr": "",
                                        "label_en": "Sleep"})
    assert response.status_code == 400
    assert summary_links(text(response)) == ["slug", "label_fr"]


def test_mentor_screening_form_keeps_the_dates_and_marks_the_field(
        post, login_as, make_coordinator, make_mentor, tags):
    from mentoring.profiles.requests import ApplicationAnswers, submit_application
    from tests.conftest import FIXED_NOW

    mentor = make_mentor()
    submit_application(mentor, ApplicationAnswers(
        experience_ids=[tags["anxiety"].id], story="s", topic_ids=[tags["school"].id],
        language_ids=[tags["fr"].id], bio="b", age=23, gender=None, capacity=1,
        wants_minors=False, timezone="Europe/Paris"), FIXED_NOW)
    login_as(make_coordinator(locale="en"))
    missing = post(f"/programme/mentors/{mentor.id}/approve", {"checked_on": "2026-11-01"})
    assert missing.status_code == 400 and summary_links(text(missing)) == ["expires_on"]
    refused = post(f"/programme/mentors/{mentor.id}/approve", {
        "checked_on": "2026-11-01", "expires_on": "2027-11-01", "training_completed_on": ""})
    page = text(refused)
    assert refused.status_code == 400 and summary_links(page) == ["training_completed_on"]
    assert 'value="2027-11-01"' in page and "only after completing the training" in page
