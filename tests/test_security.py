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
    # A visitor's language choice needs no token (so that cached public pages hold none of theirs);
    # a signed-in person's is saved on the account and needs one.
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    assert csrf_app.test_client(user=people.plain).post("/language", data={"lang": "en"}).status_code == 400


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


SAFE_PRODUCTION = {
    "SECRET_KEY": "a-real-secret-from-the-vault", "DATABASE_URL": "postgresql://db.example/samverka",
    "MAIL_BACKEND": "smtp", "BASE_URL": "https://samverka.example.org",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/3",
}


@pytest.fixture
def production_env(monkeypatch):
    for name, value in SAFE_PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("ALLOW_SQLITE_IN_PRODUCTION", raising=False)
    return monkeypatch


def test_production_config_accepts_safe_settings(production_env):
    from config import ProductionConfig

    ProductionConfig.check()


@pytest.mark.parametrize("name, value, message", [
    ("MAIL_BACKEND", "log", "MAIL_BACKEND must be smtp"),
    ("MAIL_BACKEND", None, "MAIL_BACKEND must be smtp"),
    ("BASE_URL", None, "BASE_URL must be the public address"),
    ("BASE_URL", "samverka.example.org", "BASE_URL must be the public address"),
    ("DATABASE_URL", "sqlite:////srv/samverka.sqlite3", "DATABASE_URL is SQLite"),
    ("RATELIMIT_STORAGE_URI", "memory://", "RATELIMIT_STORAGE_URI is in memory"),
    ("RATELIMIT_STORAGE_URI", None, "RATELIMIT_STORAGE_URI is in memory"),
    ("STORAGE_BACKEND", "s3", "S3_BUCKET is not set"),
])
def test_production_config_refuses_each_unsafe_setting(production_env, name, value, message):
    from app import create_app
    from config import ProductionConfig

    if value is None:
        production_env.delenv(name)
    else:
        production_env.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        create_app(ProductionConfig)


def test_sqlite_in_production_only_when_explicitly_allowed(production_env):
    from config import ProductionConfig

    production_env.setenv("DATABASE_URL", "sqlite:////srv/samverka.sqlite3")
    production_env.setenv("ALLOW_SQLITE_IN_PRODUCTION", "1")
    ProductionConfig.check()


def test_production_config_names_every_problem_at_once(production_env):
    from config import ProductionConfig

    production_env.delenv("BASE_URL")
    production_env.setenv("MAIL_BACKEND", "log")
    with pytest.raises(RuntimeError) as refused:
        ProductionConfig.check()
    assert "BASE_URL" in str(refused.value) and "MAIL_BACKEND" in str(refused.value)


# -- behind a proxy ---------------------------------------------------------------------------------
def _fail_sign_in(client, email, address):
    return client.post("/account/login", data={"email": email, "password": "wrong-password"},
                       headers={"X-Forwarded-For": address}).status_code


def test_behind_a_trusted_proxy_limits_count_per_forwarded_address(make_app, people):
    proxied = make_app(TRUSTED_PROXIES=1)
    client = proxied.test_client()
    for attempt in range(5):
        assert _fail_sign_in(client, people.plain.email, "203.0.113.7") == 200, f"attempt {attempt + 1}"
    assert _fail_sign_in(client, people.plain.email, "203.0.113.7") == 429
    other = proxied.test_client()
    response = other.post("/account/login", data={"email": people.plain.email, "password": PASSWORD},
                          headers={"X-Forwarded-For": "198.51.100.20"})
    assert response.status_code == 302


def test_without_trusted_proxies_the_forwarded_header_is_ignored(make_app, people):
    client = make_app(TRUSTED_PROXIES=0).test_client()
    for attempt in range(5):
        assert _fail_sign_in(client, people.plain.email, f"203.0.113.{attempt}") == 200
    # A visitor cannot dodge the limit by inventing a new X-Forwarded-For for every try.
    assert _fail_sign_in(client, people.plain.email, "203.0.113.99") == 429


def test_a_trusted_proxy_passes_on_the_address_scheme_and_host(make_app):
    from flask import request

    proxied = make_app(TRUSTED_PROXIES=1)
    proxied.add_url_rule("/whoami-for-test", "whoami",
                         lambda: f"{request.remote_addr} {request.scheme} {request.host}")
    response = proxied.test_client().get("/whoami-for-test", headers={
        "X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "samverka.example.org"})
    assert response.get_data(as_text=True) == "203.0.113.7 https samverka.example.org"


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
