"""The coordinator-managed taxonomy."""

from __future__ import annotations

from mentoring.profiles.models import Tag, TagKind


def test_coordinator_adds_and_retires_a_tag(client, post, make_coordinator, login_as, db):
    login_as(make_coordinator())
    data = {"kind": "experience", "slug": "grief", "label_fr": "Deuil", "label_en": "Grief"}
    assert post("/programme/tags", data).status_code == 302
    tag = db.session.scalar(db.select(Tag).where(Tag.slug == "grief"))
    assert tag.kind is TagKind.EXPERIENCE and tag.label("en") == "Grief" and tag.is_active
    assert post(f"/programme/tags/{tag.id}/toggle").status_code == 302
    db.session.refresh(tag)
    assert not tag.is_active
    assert "Deuil" in client.get("/programme/tags").get_data(as_text=True)


def test_duplicate_tag_is_a_conflict(post, make_coordinator, login_as, db):
    login_as(make_coordinator())
    data = {"kind": "topic", "slug": "sleep", "label_fr": "Sommeil", "label_en": "Sleep"}
    post("/programme/tags", data)
    response = post("/programme/tags", data)
    assert response.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Tag.id))) == 1


def test_bad_slug_is_refused(post, make_coordinator, login_as, db):
    login_as(make_coordinator())
    data = {"kind": "topic", "slug": "Bad Slug!", "label_fr": "x", "label_en": "x"}
    assert post("/programme/tags", data).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Tag.id))) == 0


def test_dashboard_counts_people(client, make_coordinator, make_mentee, waiting_mentee,
                                 approved_mentor, make_mentor, login_as):
    login_as(make_coordinator())
    waiting_mentee(), waiting_mentee()
    make_mentee()  # signed up, no request yet: not waiting
    approved_mentor(capacity=2)
    make_mentor()  # not approved: no places
    page = client.get("/programme/").get_data(as_text=True)
    assert "<dt>Mentorés en attente</dt><dd>2</dd>" in page
    assert "<dt>Mentors avec des places libres</dt><dd>1 " in page
    assert "(2 places)" in page


def test_dashboard_lists_stay_short_and_say_how_many_more(
        client, make_coordinator, make_mentor, login_as, db):
    from mentoring.profiles.models import MentorProfile
    from tests.conftest import FIXED_NOW

    login_as(make_coordinator())
    for _ in range(17):
        profile = db.session.scalar(db.select(MentorProfile).where(
            MentorProfile.user_id == make_mentor().id))
        profile.submitted_at = FIXED_NOW
    db.session.commit()
    page = client.get("/programme/").get_data(as_text=True)
    assert "(17)" in page and "… et 2 de plus." in page
    assert page.count("/programme/mentors/") == 15
