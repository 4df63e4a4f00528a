"""Match support pages: recording a contact, who sees the notes, the dashboard, digest, erasure."""

from __future__ import annotations

from datetime import timedelta

from mentoring.accounts.data_rights import erase_user, export_user_data
from mentoring.jobs import run_sweeps_once
from mentoring.support.models import SupportContact
from tests.factories import FIXED_NOW, utc

LATE = utc(2026, 12, 12, 9)  # three days after the first due point (9 Dec 09:00)
CONTACT = {"contact_on": "2026-12-12", "contact_time": "03:30", "contact_with": "mentee",
           "channel": "phone", "notes": "Worried about exams", "needs_follow_up": "y"}


def test_a_coordinator_records_a_contact_and_the_match_leaves_the_overdue_list(
        client, post, login_as, make_active_match, make_coordinator, db, clock):
    clock.set(LATE)
    match = make_active_match()
    coordinator = login_as(make_coordinator(timezone="America/Montreal", locale="en"))
    board = client.get("/programme/").get_data(as_text=True)
    assert "Support contacts overdue (1)" in board and "3 days late" in board
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "No support contact recorded yet." in page and 'value="2026-12-12"' in page
    response = post(f"/programme/matches/{match.id}/support", {**CONTACT, "contact_time": "05:00"})
    assert response.status_code == 400  # 05:00 in Montreal is 10:00 UTC: after now
    assert "A contact cannot be in the future." in response.get_data(as_text=True)
    response = post(f"/programme/matches/{match.id}/support", CONTACT)
    assert response.status_code == 302
    row = db.session.scalar(db.select(SupportContact))
    assert row.contact_at == utc(2026, 12, 12, 8, 30)  # 03:30 in Montreal
    assert row.recorded_by_id == coordinator.id and row.needs_follow_up
    board = client.get("/programme/").get_data(as_text=True)
    assert "Support contacts overdue (0)" in board
    assert "Contacts that need a follow-up (1)" in board
    page = client.get(f"/matches/{match.id}").get_data(as_text=True)
    assert "Worried about exams" in page
    assert post(f"/programme/support-contacts/{row.id}/follow-up-done").status_code == 302
    assert post(f"/programme/support-contacts/{row.id}/follow-up-done").status_code == 409
    assert "Contacts that need a follow-up" not in client.get("/programme/").get_data(as_text=True)


def test_a_form_without_its_answers_says_what_is_missing(client, post, login_as,
                                                         make_active_match, make_coordinator):
    match = make_active_match()
    login_as(make_coordinator(locale="en"))
    response = post(f"/programme/matches/{match.id}/support", {"contact_on": "2026-11-24"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Choose who you spoke with." in text and "Choose how you were in touch." in text
    assert post("/programme/matches/999999/support", CONTACT).status_code == 404


def test_participants_never_see_the_notes(client, login_as, make_active_match, contact):
    match = make_active_match()
    contact(match, FIXED_NOW, notes="Private to coordinators")
    for person in (match.mentee, match.mentor):
        login_as(person)
        page = client.get(f"/matches/{match.id}").get_data(as_text=True)
        assert "Private to coordinators" not in page and "Support contacts" not in page
        assert client.get(f"/programme/matches/{match.id}/support").status_code == 403


def test_coordinators_edit_the_schedule(client, post, login_as, make_active_match,
                                        make_coordinator, clock):
    clock.set(utc(2026, 12, 1, 9))
    make_active_match()
    coordinator = login_as(make_coordinator(locale="en"))
    assert "Support contacts overdue (0)" in client.get("/programme/").get_data(as_text=True)
    bad = post("/programme/support/schedule", {"first_month_contacts": "0",
                                               "monthly_contacts": "1"})
    assert bad.status_code == 400
    ok = post("/programme/support/schedule", {"first_month_contacts": "4",
                                              "monthly_contacts": "1"})
    assert ok.status_code == 302
    # four in the first month: the first is due after a quarter of its 30 days, 1 Dec 21:00
    clock.set(utc(2026, 12, 2, 21))
    login_as(coordinator)
    assert "1 day late" in client.get("/programme/").get_data(as_text=True)


def test_the_digest_is_sent_once_a_week_on_monday_morning(app, db, make_active_match,
                                                         make_coordinator, outbox):
    make_coordinator(timezone="Europe/Paris", pseudonym="Camille")
    match = make_active_match()
    sunday = utc(2026, 12, 13, 20)  # no digest on Sunday, overdue or not
    run_sweeps_once(app, sunday)
    assert outbox() == []
    monday_early = utc(2026, 12, 14, 6, 59)  # 07:59 in Paris
    run_sweeps_once(app, monday_early)
    assert outbox() == []
    monday = utc(2026, 12, 14, 7, 0)  # 08:00 in Paris
    run_sweeps_once(app, monday)
    run_sweeps_once(app, monday + timedelta(minutes=1))
    run_sweeps_once(app, utc(2026, 12, 17, 9))  # later that week: nothing again
    mails = outbox()
    assert len(mails) == 1
    body = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert "1 overdue" in mails[0]["Subject"] or "1 en retard" in mails[0]["Subject"]
    assert f"/matches/{match.id}" in body
    run_sweeps_once(app, utc(2026, 12, 21, 7, 0))  # the next Monday
    assert len(outbox()) == 2


def test_two_schedulers_send_one_digest(app, db, make_active_match, make_coordinator, outbox):
    from mentoring.support.digest import send_weekly_digests

    make_coordinator()
    make_active_match()
    monday = utc(2026, 12, 14, 9)
    with app.test_request_context():
        assert send_weekly_digests(monday) == 1
        assert send_weekly_digests(monday) == 0
        db.session.commit()


def test_erasing_a_participant_blanks_the_notes_about_their_match(db, make_active_match,
                                                                  contact):
    match = make_active_match()
    row = contact(match, FIXED_NOW, notes="About the mentee's family")
    coordinator_id = row.recorded_by_id
    erase_user(match.mentee, None, FIXED_NOW)
    db.session.commit()
    kept = db.session.get(SupportContact, row.id)
    assert kept is not None and kept.notes is None and kept.recorded_by_id == coordinator_id
    coordinator = db.session.get(type(match.mentee), coordinator_id)
    exported = export_user_data(coordinator)["support_contacts"]
    assert [set(r) & {"notes"} for r in exported] == [set()]
