"""Weekly availability: quarter hours, end after start, merged overlaps, owner only."""

from __future__ import annotations

import html

import pytest

from mentoring.errors import DomainError, NotFound
from mentoring.profiles import services


def spans(user):
    return [(i.weekday, i.start_minute, i.end_minute) for i in services.availability_of(user)]


def test_overlapping_and_touching_intervals_are_merged(make_mentee, db):
    user = make_mentee()
    services.add_availability(user, 1, 18 * 60, 20 * 60)
    services.add_availability(user, 1, 19 * 60, 21 * 60)
    services.add_availability(user, 1, 21 * 60, 22 * 60)
    services.add_availability(user, 1, 9 * 60, 10 * 60)
    services.add_availability(user, 2, 18 * 60, 20 * 60)
    assert spans(user) == [(1, 540, 600), (1, 1080, 1320), (2, 1080, 1200)]


@pytest.mark.parametrize(
    ("weekday", "start", "end"),
    [(1, 600, 600), (1, 700, 600), (1, 610, 700), (7, 600, 700), (1, 0, 1455), (-1, 0, 60)],
)
def test_bad_intervals_are_refused(make_mentee, weekday, start, end):
    with pytest.raises(DomainError):
        services.add_availability(make_mentee(), weekday, start, end)


def test_database_refuses_intervals_that_skip_the_service(make_mentee, db):
    from sqlalchemy.exc import IntegrityError

    from mentoring.profiles.models import AvailabilityInterval

    user = make_mentee()
    db.session.add(
        AvailabilityInterval(user_id=user.id, weekday=1, start_minute=700, end_minute=600)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_whole_day_is_allowed(make_mentor):
    user = make_mentor()
    services.add_availability(user, 6, 0, 1440)
    assert spans(user) == [(6, 0, 1440)]


def test_someone_elses_interval_cannot_be_removed(make_mentee, db):
    owner, stranger = make_mentee(), make_mentee()
    interval = services.add_availability(owner, 1, 600, 720)
    with pytest.raises(NotFound):
        services.remove_availability(stranger, interval.id)


def test_editor_adds_and_removes_without_javascript(client, post, make_mentee, login_as, db):
    user = login_as(make_mentee())
    response = post("/availability", {"weekday": "1", "start": "1080", "end": "1200"})
    assert response.status_code == 302
    page = client.get("/availability").get_data(as_text=True)
    assert "18:00–20:00" in page and "Mardi" in page
    [interval] = services.availability_of(user)
    assert post(f"/availability/{interval.id}/delete").status_code == 302
    assert services.availability_of(user) == []


def test_editor_explains_an_end_before_the_start(post, make_mentee, login_as):
    user = login_as(make_mentee())
    response = post("/availability", {"weekday": "1", "start": "1200", "end": "1080"})
    assert response.status_code == 400
    text = html.unescape(response.get_data(as_text=True))
    assert "L'heure de fin doit être après l'heure de début" in text
    assert services.availability_of(user) == []


def test_removing_another_persons_slot_answers_404(post, make_mentee, login_as, db):
    owner = make_mentee()
    interval = services.add_availability(owner, 1, 600, 720)
    db.session.commit()
    login_as(make_mentee())
    assert post(f"/availability/{interval.id}/delete").status_code == 404
    assert len(services.availability_of(owner)) == 1


def test_after_add_the_editor_keeps_the_last_values_and_its_place(client, post, make_mentee,
                                                                  login_as):
    login_as(make_mentee())
    response = post("/availability", {"weekday": "3", "start": "1080", "end": "1200"})
    location = response.headers["Location"]
    assert location.endswith("#add-slot")  # the browser lands on the editor, not the top
    page = client.get(location.split("#")[0]).get_data(as_text=True)
    assert 'id="add-slot"' in page
    assert '<option selected value="3">Jeudi</option>' in page
    assert '<option selected value="1080">18:00</option>' in page
    assert '<option selected value="1200">20:00</option>' in page


def test_the_editor_ignores_values_that_are_not_choices(client, make_mentee, login_as):
    login_as(make_mentee())
    page = client.get("/availability?day=9&start=7&end=x").get_data(as_text=True)
    assert "selected" not in page.split('id="add-slot"')[1]


def test_a_refused_slot_is_summarised_above_the_form_and_linked_to_its_field(post, make_mentee,
                                                                            login_as):
    login_as(make_mentee())
    response = post("/availability", {"weekday": "1", "start": "1200", "end": "1080"})
    page = html.unescape(response.get_data(as_text=True))
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#end"' in summary and "L'heure de fin doit être après" in summary
    assert 'aria-describedby="end-errors"' in page and 'aria-invalid="true"' in page
