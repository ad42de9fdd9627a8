"""Security headers, CSRF, rate limits, cookies and production configuration."""
import pytest

from tests.conftest import PASSWORD

HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


@pytest.mark.parametrize("path", ["/", "/account/login", "/no-such-page", "/static/css/samverka.css",
                                  "/account/profile"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()
    for name, value in HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp


def test_signed_in_pages_carry_the_headers_too(people, login):
    response = login(people.coordinator).get("/account/people")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_post_without_csrf_token_gets_400(csrf_app, people):
    client = csrf_app.test_client()
    response = client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "The request could not be understood" in response.get_data(as_text=True)
    response = client.post("/language", data={"lang": "en"})
    assert response.status_code == 400


def test_a_post_with_the_csrf_token_passes(csrf_app, people):
    import re

    client = csrf_app.test_client()
    page = client.get("/account/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD,
                                                    "csrf_token": token})
    assert response.status_code == 302


def test_the_sixth_failed_sign_in_within_a_minute_gets_429(client, people):
    for attempt in range(5):
        response = client.post("/account/login", data={"email": people.plain.email, "password": "wrong-password"})
        assert response.status_code == 200, f"attempt {attempt + 1}"
    response = client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True) or "För många" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers


def test_successful_sign_ins_do_not_count_against_the_limit(client, people):
    for _ in range(7):
        response = client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD})
        assert response.status_code == 302
        client.post("/account/logout")


def test_password_reset_requests_are_rate_limited(client, people):
    for _ in range(5):
        assert client.post("/account/reset", data={"email": people.plain.email}).status_code == 302
    assert client.post("/account/reset", data={"email": people.plain.email}).status_code == 429


def test_session_cookie_is_httponly_and_lax(client, people):
    response = client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_config_refuses_the_default_secret(monkeypatch):
    from app import create_app
    from config import DEFAULT_SECRET_KEY, ProductionConfig

    monkeypatch.setenv("DATABASE_URL", "postgresql://db.example/samverka")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-from-the-vault")
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE and ProductionConfig.REMEMBER_COOKIE_SECURE


def test_passwords_are_hashed_with_a_modern_kdf(app, people):
    from app.accounts.models import User
    from app.extensions import db

    with app.app_context():
        stored = db.session.get(User, people.plain.id).password_hash
    assert stored.startswith(("scrypt:", "pbkdf2:sha256:")) and PASSWORD not in stored


def test_a_foreign_next_url_is_ignored_after_sign_in(client, people):
    response = client.post("/account/login?next=https://evil.example/", data={
        "email": people.plain.email, "password": PASSWORD, "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
