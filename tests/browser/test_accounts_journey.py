"""A person signs up as a mentee, logs out, logs in, and switches languages, in Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_mentee_signs_up_logs_in_and_switches_language(live_server, page, outbox):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Demander un mentor").click()

    page.get_by_label("trouver un mentor (mentoré)").check()
    page.get_by_label("Pseudonyme").fill("Colibri Azur")
    page.get_by_label("Adresse e-mail").fill("colibri@example.org")
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.get_by_label("Fuseau horaire").select_option("America/Montreal")
    page.get_by_label("J'ai lu la politique de confidentialité").check()
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_text("Regarde ta boîte mail").is_visible()

    # The address is confirmed from the e-mail's link, with the password just chosen.
    [message] = outbox()
    body = message.get_body(("plain",)).get_content()
    page.goto(live_server + re.search(r"http://localhost(/signup/confirm/\S+)", body).group(1))
    page.get_by_label("Le mot de passe que tu as choisi").fill("un mot de passe solide")
    page.get_by_role("button", name="Confirmer et me connecter").click()
    assert page.get_by_role("heading", name="Bonjour Colibri Azur").is_visible()
    page.get_by_role("button", name="Se déconnecter").click()
    assert page.get_by_text("Tu es déconnecté(e).").is_visible()

    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Adresse e-mail").fill("colibri@example.org")
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("heading", name="Bonjour Colibri Azur").is_visible()

    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Hello Colibri Azur").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Need help now?").is_visible()

    page.get_by_role("button", name="Français").click()
    assert page.get_by_role("heading", name="Bonjour Colibri Azur").is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_help_page_is_reachable_from_every_page_without_login(live_server, page):
    page.goto(live_server + "/login")
    page.get_by_role("link", name="Besoin d'aide maintenant").click()
    assert page.get_by_text("3114", exact=True).is_visible()
    assert page.get_by_text("Ce service n'est pas un service d'urgence.").first.is_visible()
