"""Fixtures: the app on a clean database, a real SMTP server, factories, a live server."""
import os
import socket
import threading
from email import message_from_bytes, policy
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_login import FlaskLoginClient
from flask_migrate import upgrade
from werkzeug.security import generate_password_hash

from app import create_app
from app.accounts.constants import MembershipState, OrganisationKind, Role, Sector
from app.accounts.models import Membership, Organisation, User, UserRole
from app.extensions import db, limiter
from config import TestConfig

PASSWORD = "a-long-and-unusual-password"
PASSWORD_HASH = generate_password_hash(PASSWORD)
CHROMIUM = "/usr/bin/chromium"
ON_POSTGRES = bool(os.environ.get("TEST_DATABASE_URL"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- mail ---------------------------------------------------------------------
class Mailbox:
    """Collects what the local SMTP server receives; can refuse chosen recipients and counts sessions."""

    def __init__(self):
        self.messages = []
        self.refusals = {}  # address -> SMTP reply, e.g. "550 No such user"
        self.connections = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(SimpleNamespace(
                to=envelope.rcpt_tos, subject=str(message["Subject"]), message=message,
                text=message.get_body(("plain",)).get_content() if message.get_body(("plain",)) else "",
            ))
        return "250 OK"

    def clear(self):
        with self.lock:
            self.messages.clear()
            self.refusals.clear()
            self.connections = 0

    def to(self, address):
        return [m for m in self.messages if address in m.to]


@pytest.fixture(scope="session")
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server):
    return smtp_server[1]


# -- application and database ---------------------------------------------------
@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def make_config(database_url, smtp_port, **overrides):
    attributes = {"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_PORT": smtp_port,
                  "UPLOAD_FOLDER": str(Path(os.environ.get("TMPDIR", "/tmp")) / "samverka-test-uploads")}
    attributes.update(overrides)
    return type("SuiteConfig", (TestConfig,), attributes)


@pytest.fixture(scope="session")
def app(database_url, smtp_server):
    """The application, with the schema built by the migrations (not by create_all)."""
    application = create_app(make_config(database_url, smtp_server[0].port))
    application.test_client_class = FlaskLoginClient
    with application.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
    yield application
    with application.app_context():
        db.engine.dispose()


def _empty_all_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def clean_state(request, smtp_server):
    """Give every test empty tables, fresh rate limits and an empty mailbox."""
    smtp_server[1].clear()
    yield
    if "app" in request.fixturenames or "live_server" in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            db.session.rollback()
            _empty_all_tables()
        limiter.reset()


@pytest.fixture
def make_app(database_url, smtp_server, app):
    """Build another app on the suite's database with some settings changed; disposed afterwards."""
    built = []

    def build(**overrides):
        application = create_app(make_config(database_url, smtp_server[0].port, **overrides))
        application.test_client_class = FlaskLoginClient
        built.append(application)
        return application

    yield build
    for application in built:
        with application.app_context():
            db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(app):
    """Return a test client signed in as the given user."""
    def signed_in(user):
        return app.test_client(user=user)
    return signed_in


# -- factories ------------------------------------------------------------------
def persist(app, obj):
    """Add, commit and hand back a detached copy whose columns can be read."""
    with app.app_context():
        db.session.add(obj)
        db.session.commit()
        db.session.refresh(obj)
        db.session.expunge(obj)
    return obj


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 100000))

    def make(name=None, email=None, roles=(), locale="en", password=None):
        number = next(counter)
        user = User(
            name=name or f"Person {number}", email=email or f"tester{number}@example.net", locale=locale,
            password_hash=generate_password_hash(password) if password else PASSWORD_HASH,
        )
        user.roles = [UserRole(role=Role(r) if isinstance(r, str) else r) for r in roles]
        return persist(app, user)
    return make


@pytest.fixture
def make_org(app):
    counter = iter(range(1, 100000))

    def make(name=None, kind=OrganisationKind.community_group, sector=None, admins=(), members=(),
             pending=(), municipality="1280", member_since=None):
        number = next(counter)
        default_sector = {OrganisationKind.community_group: Sector.civil_society,
                          OrganisationKind.social_business: Sector.social_economy,
                          OrganisationKind.established: Sector.public}[kind]
        org = Organisation(name=name or f"Organisation {number}", kind=kind, sector=sector or default_sector,
                           municipality=municipality, description="", member_since=member_since)
        org = persist(app, org)
        with app.app_context():
            for user, is_admin, state in (
                [(u, True, MembershipState.approved) for u in admins]
                + [(u, False, MembershipState.approved) for u in members]
                + [(u, False, MembershipState.pending) for u in pending]
            ):
                db.session.add(Membership(user_id=user.id, organisation_id=org.id, state=state, is_admin=is_admin))
            db.session.commit()
        return org
    return make


@pytest.fixture
def people(make_user, make_org):
    """One person for each role in PRODUCT.md, each organisation role through its own organisation."""
    cast = SimpleNamespace(
        anonymous=None,
        plain=make_user(name="Plain Person"),
        group=make_user(name="Group Member"),
        business=make_user(name="Business Member"),
        stakeholder=make_user(name="Stakeholder Member"),
        researcher=make_user(name="Researcher", roles=[Role.researcher]),
        facilitator=make_user(name="Facilitator", roles=[Role.facilitator]),
        coordinator=make_user(name="Coordinator", roles=[Role.coordinator]),
    )
    cast.group_org = make_org(name="Group Org", kind=OrganisationKind.community_group, admins=[cast.group])
    cast.business_org = make_org(name="Business Org", kind=OrganisationKind.social_business, admins=[cast.business])
    cast.stakeholder_org = make_org(name="Stakeholder Org", kind=OrganisationKind.established,
                                    admins=[cast.stakeholder])
    return cast


ROLES = ["anonymous", "plain", "group", "business", "stakeholder", "researcher", "facilitator", "coordinator"]


@pytest.fixture
def as_role(people, client, login):
    """Return a client for a role name from ROLES."""
    def for_role(role):
        user = getattr(people, role)
        return client if user is None else login(user)
    return for_role


# -- browser --------------------------------------------------------------------
@pytest.fixture(scope="session")
def live_server(app, database_url, smtp_server):
    """Serve a second app, with CSRF and rate limits on, on the same database."""
    from werkzeug.serving import make_server

    live_app = create_app(make_config(database_url, smtp_server[0].port, WTF_CSRF_ENABLED=True,
                                      RATELIMIT_ENABLED=True, TESTING=False))
    server = make_server("127.0.0.1", free_port(), live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", app=live_app)
    server.shutdown()
    with live_app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    }


def pytest_collection_modifyitems(config, items):
    """Skip browser tests without Chromium (fail instead where CI demands them)."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("SAMVERKA_REQUIRE_BROWSER"):
        raise pytest.UsageError(f"{CHROMIUM} is missing but SAMVERKA_REQUIRE_BROWSER is set.")
    skip = pytest.mark.skip(reason=f"browser tests need {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
