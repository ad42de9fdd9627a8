"""/healthz and /readyz: JSON, no sign-in, not rate-limited, nothing secret, 503 when not ready."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.main import health


def test_healthz_answers_without_a_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_200_when_the_database_is_reachable_and_migrated(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["migrations"]["status"] == "ok"
    assert body["checks"]["task_queue"]["status"] in {"ok", "skipped"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_503_when_the_database_is_unreachable(make_app, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing-folder' / 'nothing.sqlite3'}")
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["status"] == "failing"
    text = response.get_data(as_text=True)
    assert "missing-folder" not in text and "sqlite" not in text.lower()  # no address of the database


def test_readyz_is_503_when_postgresql_refuses_the_connection(make_app):
    broken = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://samverka:secret-password@127.0.0.1:9/none",
                      SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}})
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert "secret-password" not in response.get_data(as_text=True)


def test_readyz_is_503_when_migrations_are_not_at_head(make_app, tmp_path):
    empty = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with empty.app_context():
        db.session.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        db.session.execute(sa.text("INSERT INTO alembic_version VALUES ('0001_accounts')"))
        db.session.commit()
    response = empty.test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"]["status"] == "ok" and checks["migrations"]["status"] == "failing"


def test_a_registered_check_that_fails_makes_readyz_503(client, monkeypatch):
    def queue_down():
        raise ConnectionError("redis://:hunter2@queue.internal:6379 refused")

    monkeypatch.setattr(health, "READINESS_CHECKS", [*health.READINESS_CHECKS, ("task_queue_extra", queue_down)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["task_queue_extra"]["status"] == "failing"
    assert "hunter2" not in response.get_data(as_text=True)


@pytest.fixture
def default_limit(make_app):
    """An application with a default limit on every route; the shared limiter forgets it afterwards."""
    from app.extensions import limiter

    try:
        yield make_app(RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    finally:
        limiter.limit_manager.set_default_limits([])


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_checks_are_never_rate_limited(default_limit, path):
    client = default_limit.test_client()
    assert all(client.get(path).status_code == 200 for _ in range(10))
    assert [client.get("/account/login").status_code for _ in range(3)] == [200, 200, 429]  # the limit is on
