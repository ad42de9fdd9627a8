"""Swedish and English: language choice, and no untranslated string anywhere."""
import pytest
from babel.messages.pofile import read_po

from app.cli import catalogs, extract_messages


def untranslated(app):
    """Return (catalog, msgid) for each extracted string the Swedish catalog lacks."""
    missing = []
    with app.app_context():
        for directory, folder, skip in catalogs():
            extracted = extract_messages(folder, skip)
            po_path = directory / "sv" / "LC_MESSAGES" / "messages.po"
            assert po_path.exists(), f"missing catalog {po_path}"
            with po_path.open("rb") as f:
                swedish = read_po(f, locale="sv")
            for message in extracted:
                if not message.id:
                    continue
                translated = swedish.get(message.id)
                if translated is None or translated.fuzzy or not (
                    all(translated.string) if isinstance(translated.string, tuple) else translated.string
                ):
                    missing.append((str(po_path), message.id))
    return missing


def test_every_string_has_a_swedish_translation(app):
    missing = untranslated(app)
    assert missing == [], f"{len(missing)} untranslated strings, e.g. {missing[:5]}"


@pytest.mark.parametrize("header,expected,unexpected", [
    ("sv", "Skapa ett konto", "Create an account"),
    ("en", "Create an account", "Skapa ett konto"),
    ("sv-SE,sv;q=0.9,en;q=0.5", "Skapa ett konto", "Create an account"),
    ("en-GB,en;q=0.9,sv;q=0.5", "Create an account", "Skapa ett konto"),
    ("de", "Skapa ett konto", "Create an account"),  # falls back to Swedish
])
def test_accept_language_picks_the_interface_language(client, header, expected, unexpected):
    page = client.get("/account/register", headers={"Accept-Language": header}).get_data(as_text=True)
    assert expected in page
    assert unexpected not in page


def test_the_switcher_remembers_the_choice(client):
    response = client.post("/language", data={"lang": "en", "next": "/account/login"},
                           headers={"Accept-Language": "sv"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")
    page = client.get("/account/login", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_the_switcher_refuses_foreign_redirects(client):
    response = client.post("/language", data={"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_signed_in_choice_is_saved_on_the_account(app, make_user, login):
    from app.accounts.models import User
    from app.extensions import db

    user = make_user(locale="sv")
    login(user).post("/language", data={"lang": "en"})
    with app.app_context():
        assert db.session.get(User, user.id).locale == "en"


@pytest.mark.parametrize("page", ["/account/login", "/account/register", "/account/reset", "/"])
def test_swedish_pages_show_no_english_navigation(client, page):
    html = client.get(page, headers={"Accept-Language": "sv"}).get_data(as_text=True)
    for english in ["Skip to content", "Sign in", "Create an account", "All times are Swedish time"]:
        assert english not in html
