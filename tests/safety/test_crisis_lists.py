"""Coordinators edit a country's crisis list: validated, audited, shown at once, reset."""

from __future__ import annotations

import html

from mentoring.core.audit import AuditEvent
from mentoring.safety.models import CrisisResourceList


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def entry(n, **fields):
    base = {"name_fr": "", "name_en": "", "number": "", "kind": "call", "link": "",
            "description_fr": "", "description_en": ""}
    base.update(fields)
    return {f"entries-{n}-{key}": value for key, value in base.items() if value is not False}


def test_a_coordinator_replaces_a_list_and_people_of_that_country_see_it_at_once(
        client, post, login_as, make_coordinator, make_mentee, db):
    coordinator = login_as(make_coordinator(locale="en"))
    listing = text(client.get("/programme/helplines/"))
    assert "Canada" in listing and "911, 988" in listing
    form = text(client.get("/programme/helplines/CA"))
    assert 'value="988"' in form and "Kids Help Phone" in form
    response = post("/programme/helplines/CA", {
        **entry(0, name_fr="Urgences", name_en="Emergency services", number="911",
                emergency="y", description_fr="Jour et nuit.", description_en="Day and night."),
        **entry(1, name_fr="Ligne jeunesse", name_en="Youth line", number="1 800 555-0100",
                kind="call_or_text"),
        **entry(2, name_fr="Ancienne", name_en="Old", number="123", remove="y"),
        **entry(3)})  # a blank row adds nothing
    assert response.status_code == 302
    row = db.session.get(CrisisResourceList, "CA")
    assert [r["number"] for r in row.resources] == ["911", "1 800 555-0100"]
    assert row.updated_by_id == coordinator.id
    assert db.session.scalar(db.select(AuditEvent.reason).where(
        AuditEvent.action == "crisis_list_edited")) == "CA: 2 entries"
    # The page it redirects to shows the new list.
    assert "Youth line" in text(client.get("/programme/helplines/CA", follow_redirects=True))
    login_as(make_mentee(timezone="America/Toronto", locale="en"))
    help_page = text(client.get("/help"))
    # Her country comes first, with the edited list (Quebec, listed further down, keeps its own).
    assert help_page.index("Youth line") < help_page.index("Kids Help Phone")


def test_bad_entries_are_refused_with_the_edits_kept_and_a_summary(
        client, post, login_as, make_coordinator, db):
    login_as(make_coordinator(locale="en"))
    response = post("/programme/helplines/FR", {
        **entry(0, name_fr="SAMU", name_en="SAMU", number="", emergency="y"),
        **entry(1, name_fr="Site", name_en="Site", number="not a site", kind="web"),
        **entry(2, name_fr="", name_en="Line", number="01 23 45"),
        **entry(3, name_fr="Lien", name_en="Link", number="example.org", kind="web",
                link="http://example.org")})
    assert response.status_code == 400
    page = text(response)
    summary = page[page.find('class="error-summary"'):page.find("</ul>", page.find(
        'class="error-summary"'))]
    assert "Write the number to call or text." in summary and 'href="#entries-0-number"' in summary
    assert "A website needs an address" in summary and 'href="#entries-1-number"' in summary
    assert "Write the name in French." in summary and 'href="#entries-2-name_fr"' in summary
    assert "must start with https://" in summary and 'href="#entries-3-link"' in summary
    assert 'value="01 23 45"' in page  # what was typed is kept
    assert 'id="entries-0-number"' in page and 'aria-invalid="true"' in page
    assert db.session.get(CrisisResourceList, "FR") is None
    emptied = post("/programme/helplines/FR", {**entry(0, name_fr="x", name_en="x",
                                                        number="15", remove="y")})
    assert emptied.status_code == 400 and "Keep at least one entry" in text(emptied)


def test_reset_goes_back_to_the_shipped_list(client, post, login_as, make_coordinator, db):
    login_as(make_coordinator(locale="en"))
    post("/programme/helplines/BE", {**entry(0, name_fr="A", name_en="A", number="112")})
    assert db.session.get(CrisisResourceList, "BE") is not None
    assert post("/programme/helplines/BE/reset").status_code == 302
    assert db.session.get(CrisisResourceList, "BE") is None
    assert "Zelfmoordlijn" in text(client.get("/programme/helplines/BE"))
    assert db.session.scalar(db.select(AuditEvent.reason).where(
        AuditEvent.action == "crisis_list_reset")) == "BE"
    assert client.get("/programme/helplines/XX").status_code == 404


def test_a_coordinator_adds_a_country_the_app_ships_no_list_for(
        client, post, login_as, make_coordinator, make_mentee, db):
    """Morocco has no shipped list: a mentee in Casablanca sees the international list until the
    programme writes one; then she sees hers first, can choose it in settings, and removing it
    brings the international list back."""
    mentee = make_mentee(timezone="Africa/Casablanca", locale="fr")
    login_as(mentee)
    assert "Maroc" not in text(client.get("/help"))

    login_as(make_coordinator(locale="fr"))
    listing = text(client.get("/programme/helplines/"))
    assert '<option value="MA">Maroc</option>' in listing
    assert '<option value="CA">' not in listing  # held already: edited from the table instead
    response = client.get("/programme/helplines/add?code=MA")
    assert response.status_code == 302 and response.location.endswith("/programme/helplines/MA")
    form = text(client.get("/programme/helplines/MA"))
    assert "Maroc" in form and "ne fournit aucune liste" in form
    response = post("/programme/helplines/MA", {
        **entry(0, name_fr="Police", name_en="Police", number="19", emergency="y"),
        **entry(1, name_fr="Ligne d'écoute", name_en="Listening line", number="0800 000 000")})
    assert response.status_code == 302
    assert [r["number"] for r in db.session.get(CrisisResourceList, "MA").resources] == [
        "19", "0800 000 000"]
    assert "Maroc" in text(client.get("/programme/helplines/"))

    login_as(mentee)
    help_page = text(client.get("/help"))
    assert "Maroc" in help_page and help_page.index("Ligne d'écoute") < help_page.index("Canada")
    assert '<option value="MA"' in text(client.get("/account/settings"))

    login_as(make_coordinator(email="second@example.org", locale="fr"))
    response = post("/programme/helplines/MA/reset")
    assert response.status_code == 302 and db.session.get(CrisisResourceList, "MA") is None
    login_as(mentee)
    assert "Ligne d'écoute" not in text(client.get("/help"))


def test_adding_a_code_that_is_no_country_is_a_404_with_a_sentence(client, login_as,
                                                                   make_coordinator):
    login_as(make_coordinator(locale="en"))
    response = client.get("/programme/helplines/add?code=XX")
    assert response.status_code == 404
    assert "We hold no list for this country." in text(response)
    response = client.get("/programme/helplines/add")  # sent without a choice: back to the form
    assert response.status_code == 302 and response.location.endswith("#add-country")
