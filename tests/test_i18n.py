"""French and English: every visible string goes through Babel, and French is complete."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "mentoring" / "translations"
FR_PO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po"
FR_MO = TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.mo"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
# Text allowed outside gettext in templates: punctuation, symbols, numbers, language names.
ALLOWED_LITERALS = {"English", "Français", "·", "—", "–", ":", "(", ")"}


def extracted_message_ids() -> set[str]:
    method_map = [
        ("mentoring/**.py", "python"),
        ("config.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_french_translation():
    catalog = read_po(FR_PO.open("rb"), locale="fr")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and m.string and "fuzzy" not in m.flags
    }
    missing = sorted(extracted_message_ids() - translated)
    assert missing == [], f"untranslated in French (run pybabel update, then translate): {missing}"


def _key(value):
    return value if isinstance(value, str) else tuple(value)


def test_compiled_catalogue_matches_the_po_file():
    po = read_po(FR_PO.open("rb"), locale="fr")
    mo = read_mo(BytesIO(FR_MO.read_bytes()))
    expected = {_key(m.id): _key(m.string) for m in po
                if m.id and m.string and "fuzzy" not in m.flags}
    compiled = {_key(m.id): _key(m.string) for m in mo if m.id}
    assert compiled == expected, "run: pybabel compile -d mentoring/translations"


def _visible_literals(source: str) -> list[str]:
    """Text that a template would print without passing it through gettext."""
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    words = [w for w in re.split(r"\s+", source) if re.search(r"[A-Za-zÀ-ÿ]", w)]
    return [w for w in words if w not in ALLOWED_LITERALS and not w.startswith("&")]


TEMPLATES = sorted(p for p in (ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_templates_print_no_untranslated_text(path: Path):
    assert _visible_literals(path.read_text(encoding="utf-8")) == []


def test_the_literal_finder_catches_bare_text():
    assert _visible_literals("<p>{{ _('Fine') }} Oops here</p>") == ["Oops", "here"]


def test_pages_render_in_french_by_default_and_in_english_on_request(client, post):
    french = client.get("/help").get_data(as_text=True)
    assert "Besoin d'aide maintenant" in french.replace("&#39;", "'")
    assert 'lang="fr"' in french
    post("/language", {"language": "en", "next": "/help"})
    english = client.get("/help").get_data(as_text=True)
    assert "Need help now?" in english and 'lang="en"' in english


def test_browser_language_is_used_when_nothing_was_chosen(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Forgot your password?" in page.get_data(as_text=True)


def test_a_users_setting_wins_over_the_browser(client, make_user, login_as):
    login_as(make_user(locale="fr"))
    page = client.get("/account/settings", headers={"Accept-Language": "en"})
    assert "Paramètres" in page.get_data(as_text=True)


def test_switcher_saves_the_logged_in_users_language(client, post, make_user, login_as, db):
    user = login_as(make_user(locale="fr"))
    response = post("/language", {"language": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"
    db.session.refresh(user)
    assert user.locale == "en"


def test_emails_are_written_in_the_recipients_language(post, make_user, outbox):
    make_user(email="fr@example.org", locale="fr")
    post("/password/forgot", {"email": "fr@example.org"})
    [message] = outbox()
    assert message["Subject"] == "Réinitialise ton mot de passe"
    assert "Bonjour" in message.get_body(("plain",)).get_content()
