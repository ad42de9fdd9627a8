"""Configuration read from the environment, with safe defaults for a laptop."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-not-secret"


def _env_bool(name, default=False, environ=os.environ):
    value = environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{BASE_DIR / 'instance' / 'samverka.sqlite3'}"
    # Hosting platforms often hand out postgres:// URLs; SQLAlchemy wants a driver.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Development defaults; every value can be set from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the largest file anyone may upload (app.uploads.max_upload_bytes)
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES + 1024 * 1024  # the file and the form around it

    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(BASE_DIR / "instance" / "uploads"))
    # Uploads: "local" keeps them in UPLOAD_FOLDER; "s3" in an S3-compatible bucket that every web server
    # shares (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as boto3 reads them).
    STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
    S3_BUCKET = os.environ.get("S3_BUCKET")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL")  # for MinIO, Ceph, Garage...; empty for AWS
    S3_REGION = os.environ.get("S3_REGION")
    S3_PREFIX = os.environ.get("S3_PREFIX", "")

    # Mail: "log" writes messages to the application log, "smtp" sends them.
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND", "log")
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Samverka <noreply@samverka.example.org>")
    MAIL_TIMEOUT = 10
    # The outbox: a temporary failure is tried again after 10 min, 20 min, 40 min ... (8 tries over 21 hours).
    MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "600"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_BATCH_SIZE = 100  # rows one worker claims at a time
    MAIL_SENT_KEPT_DAYS = 30  # sent messages are deleted after this many days (they hold personal data)
    # Science shop: the group's follow-up evaluation this many months after completion; an open request
    # nobody claimed may be closed with an outcome after this many days.
    REQUEST_FOLLOW_UP_MONTHS = float(os.environ.get("REQUEST_FOLLOW_UP_MONTHS", "6"))
    REQUEST_UNCLAIMED_DAYS = int(os.environ.get("REQUEST_UNCLAIMED_DAYS", "60"))

    # The task queue (Huey): SQLite in instance/ unless TASK_QUEUE_URL names redis://... (or sqlite:///path).
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL")
    TASK_QUEUE_IMMEDIATE = False

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Public pages for visitors (app/pagecache.py): kept in the process unless CACHE_REDIS_URL names
    # redis://HOST:6379/1, which every worker and machine then shares.
    PAGE_CACHE_ENABLED = _env_bool("PAGE_CACHE_ENABLED", default=True)
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_DEFAULT_TIMEOUT", "600"))
    # How many proxies in front of the application set X-Forwarded-For/-Proto/-Host (0: none is trusted).
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per minute"
    RESET_RATE_LIMIT = "5 per hour"

    BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "sv")
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"

    PASSWORD_RESET_MAX_AGE = 60 * 60  # seconds a reset link stays valid

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE")
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30

    # The public address, for links in mail sent by cron jobs (reminders, digests).
    BASE_URL = os.environ.get("BASE_URL")
    ALLIANCE_GOAL = int(os.environ.get("ALLIANCE_GOAL", "50"))  # key actors the alliance aims for

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    DEMO_DATA_ALLOWED = True

    # Logs: "json" writes one JSON object a line (production), "text" a readable line.
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    REQUEST_LOG = _env_bool("REQUEST_LOG")  # one line per request (production always)
    SENTRY_DSN = os.environ.get("SENTRY_DSN")  # errors go to Sentry when set, personal data scrubbed
    SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "production")
    SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0"))


class ProductionConfig(Config):
    """Production: real secret, real database, secure cookies."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    DEMO_DATA_ALLOWED = False
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    REQUEST_LOG = True

    @classmethod
    def check(cls):
        """Refuse to start with a setting that is safe on a laptop but not in production."""
        if not os.environ.get("SECRET_KEY") or os.environ["SECRET_KEY"] == DEFAULT_SECRET_KEY:
            raise RuntimeError("ProductionConfig needs a real SECRET_KEY in the environment.")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("ProductionConfig needs DATABASE_URL in the environment.")
        problems = unsafe_production_settings(os.environ)
        if problems:
            raise RuntimeError("ProductionConfig refuses to start:\n- " + "\n- ".join(problems))


def unsafe_production_settings(environ):
    """Return a message for each setting that production must not run with."""
    problems = []
    if environ.get("MAIL_BACKEND", "log").strip().lower() != "smtp":
        problems.append("MAIL_BACKEND must be smtp: the log backend writes password-reset links into the log "
                        "(set MAIL_BACKEND=smtp and MAIL_SERVER).")
    base_url = environ.get("BASE_URL", "").strip()
    if not base_url.startswith(("https://", "http://")):
        problems.append("BASE_URL must be the public address (for example https://samverka.example.org): "
                        "links in mail sent by scheduled jobs would point nowhere.")
    if environ.get("DATABASE_URL", "").startswith("sqlite") and not _env_bool("ALLOW_SQLITE_IN_PRODUCTION",
                                                                             environ=environ):
        problems.append("DATABASE_URL is SQLite, which several machines cannot share; use "
                        "PostgreSQL, or set ALLOW_SQLITE_IN_PRODUCTION=1 for a single small server.")
    if environ.get("RATELIMIT_STORAGE_URI", "memory://").startswith("memory://"):
        problems.append("RATELIMIT_STORAGE_URI is in memory, so each worker counts sign-in attempts on its own; "
                        "set it to redis://HOST:6379.")
    if environ.get("STORAGE_BACKEND", "local") == "s3" and not environ.get("S3_BUCKET"):
        problems.append("STORAGE_BACKEND is s3 but S3_BUCKET is not set.")
    return problems



class TestConfig(Config):
    """The test suite: a throwaway database, CSRF off unless a test turns it on."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    WTF_CSRF_ENABLED = False
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "127.0.0.1"
    TASK_QUEUE_IMMEDIATE = True  # tasks run at once, in the caller's thread
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None
    SENTRY_DSN = None
    PAGE_CACHE_ENABLED = False  # on in the tests of the cache itself (tests/test_page_cache.py)
