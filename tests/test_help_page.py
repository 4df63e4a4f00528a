"""The crisis page: public, on every page, French defaults, configurable for another country."""

from __future__ import annotations

import html

from mentoring import create_app


def test_help_page_is_public_and_lists_the_french_numbers_emergencies_first(client):
    page = html.unescape(client.get("/help").get_data(as_text=True))
    for number in ("15", "112", "114", "119", "3114", "0 800 235 236"):
        assert f">{number}</a>" in page
    assert page.index(">112</a>") < page.index(">3114</a>") < page.index(">0 800 235 236</a>")
    assert "Ce service n'est pas un service d'urgence." in page


def test_every_page_links_to_help(client, make_user, login_as):
    for url in ("/", "/login", "/signup", "/password/forgot", "/nope"):
        assert 'href="/help"' in client.get(url).get_data(as_text=True), url
    login_as(make_user())
    for url in ("/home", "/availability", "/account/settings"):
        assert 'href="/help"' in client.get(url).get_data(as_text=True), url


def test_another_country_configures_its_own_helplines(database_url):
    resources = [
        {"name": {"en": "Kids Help Phone", "fr": "Jeunesse, J'écoute"}, "number": "1 800 668 6868"},
        {"name": "Emergency services", "number": "911", "emergency": True,
         "description": {"en": "Police, fire, ambulance.", "fr": "Police, pompiers, ambulance."}},
    ]
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, CRISIS_RESOURCES=resources)
    page = app.test_client().get("/help", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert page.index(">911</a>") < page.index(">1 800 668 6868</a>")
    assert "Police, fire, ambulance." in page and "Kids Help Phone" in page
    assert ">3114</a>" not in page
