"""Fixtures: the app on a clean database, a real SMTP server, factories, a live server."""
import copy
import os
import re
import shutil
import socket
import sqlite3
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
# Each pytest-xdist worker (gw0, gw1, ...) has a database and an upload folder of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
UPLOAD_FOLDER = Path(os.environ.get("TMPDIR", "/tmp")) / f"samverka-test-uploads-{os.getpid()}-{WORKER}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """SQLite in the worker's temporary folder, or a PostgreSQL database per worker beside TEST_DATABASE_URL's."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    url = sa.make_url(base)
    worker_url = url.set(database=f"{url.database}_{WORKER}")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{worker_url.database}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{worker_url.database}"'))
    yield worker_url.render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{worker_url.database}" WITH (FORCE)'))
    admin.dispose()
    shutil.rmtree(UPLOAD_FOLDER, ignore_errors=True)


def make_config(database_url, smtp_port, **overrides):
    attributes = {"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_PORT": smtp_port, "UPLOAD_FOLDER": str(UPLOAD_FOLDER)}
    attributes.update(overrides)
    return type("SuiteConfig", (TestConfig,), attributes)


# Tables a test wrote to, seen on every engine the suite builds: only those are emptied after the test.
INSERTED_TABLE = re.compile(r'^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.IGNORECASE)
WRITE = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|REPLACE|TRUNCATE)\b", re.IGNORECASE)
written_tables = set()
writes = [0]  # statements that changed rows, counted so that a snapshot knows the tables are as it left them


@sa.event.listens_for(sa.engine.Engine, "before_cursor_execute")
def _note_written_table(connection, cursor, statement, parameters, context, executemany):
    if WRITE.match(statement):
        writes[0] += 1
        match = INSERTED_TABLE.match(statement)
        if match:
            written_tables.add(match.group(1))


@sa.event.listens_for(sa.engine.Engine, "connect")
def _unsynchronised(dbapi_connection, connection_record):
    """The suite's databases are thrown away: no waiting for the disk after each commit."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous=OFF")
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        dbapi_connection.commit()


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
        _empty_tables(list(reversed(db.metadata.sorted_tables)))
    yield application
    with application.app_context():
        db.engine.dispose()


def _empty_tables(tables):
    """Delete the rows of the tables (children first) and start their ids at 1 again.

    DELETE, not TRUNCATE: on tables of a few rows it takes a fraction of TRUNCATE's time on PostgreSQL,
    which makes and syncs new files for every table it empties.
    """
    if tables:
        for table in tables:
            db.session.execute(table.delete())
        if db.engine.dialect.name == "postgresql":
            for table in tables:
                if "id" in table.c and table.c.id.autoincrement is not False:
                    db.session.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), 1, false) "
                        f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"))
        db.session.commit()
    written_tables.clear()
    SNAPSHOTS.forget_state()


def _empty_written_tables():
    """Empty the tables written since the last clean-up (children first); the rest are empty already."""
    _empty_tables([t for t in reversed(db.metadata.sorted_tables) if t.name in written_tables])


@pytest.fixture(autouse=True)
def clean_state(request, smtp_server):
    """Give every test empty tables, fresh rate limits and an empty mailbox."""
    smtp_server[1].clear()
    yield
    if "app" in request.fixturenames or "live_server" in request.fixturenames:
        app = request.getfixturevalue("app")
        with app.app_context():
            db.session.rollback()
            _empty_written_tables()
        limiter.reset()


class Numbers(dict):
    """The running numbers of a test's factories ("Person 3", "Session 2"), kept with a snapshot's rows."""

    def next(self, kind):
        self[kind] = self.get(kind, 0) + 1
        return self[kind]


@pytest.fixture
def numbers():
    return Numbers()


class RowSnapshots:
    """Rows that data fixtures build, made once per worker and copied back in SQL for each later test.

    A fixture returns `snapshots.use(name, build)`. The first time, `build()` runs (through the
    factories, as a test would) and the rows of every table it wrote are copied aside: to a schema on
    PostgreSQL, an attached database on SQLite. A later test whose tables are in the same state as
    then (empty, or holding exactly the earlier snapshots of this chain, such as `people`) gets the
    rows copied back, with the same ids, the factories' running numbers, the mail the build sent and
    the files it stored; `build`'s value is handed out again (a shallow copy). Copying back takes
    milliseconds where building takes a tenth of a second or more. When anything else wrote first,
    `build()` simply runs.
    """

    def __init__(self):
        self.folder = None
        self.saved = {}  # chain of names -> (number, tables, value, numbers, mail)
        self.chain = ()  # the snapshots the tables hold since they were emptied; None: other rows too
        self.mark = 0

    def forget_state(self):
        self.chain, self.mark = (), writes[0]

    def _schema(self, number):
        return f"snapshot_{number}"

    def _attach(self, connection, number, create=False):
        schema = self._schema(number)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"ATTACH DATABASE '{self.folder / (schema + '.sqlite3')}' AS {schema}")
        elif create:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        return schema

    def _detach(self, connection, number):
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"DETACH DATABASE {self._schema(number)}")

    def use(self, name, build, numbers=None, mailbox=None):
        chain = self.chain if self.chain is not None and writes[0] == self.mark else None
        key = None if chain is None else (*chain, name)
        if key in self.saved:
            return self._restore(key, numbers, mailbox)
        value = build()
        if key is None:
            self.chain = None
        else:
            self._take(key, value, numbers, mailbox)
        return copy.copy(value)

    def _take(self, key, value, numbers, mailbox):
        number = len(self.saved) + 1
        tables = [t.name for t in db.metadata.sorted_tables if t.name in written_tables]
        with db.engine.connect() as connection:
            schema = self._attach(connection, number, create=True)
            for name in tables:
                connection.exec_driver_sql(f'CREATE TABLE {schema}."{name}" AS SELECT * FROM "{name}"')
            connection.commit()
            self._detach(connection, number)
        if UPLOAD_FOLDER.exists():
            shutil.copytree(UPLOAD_FOLDER, self.folder / f"{self._schema(number)}-uploads", dirs_exist_ok=True)
        mail = list(mailbox.messages) if mailbox is not None else []
        self.saved[key] = (number, tables, value, dict(numbers or {}), mail)
        self.chain, self.mark = key, writes[0]

    def _restore(self, key, numbers, mailbox):
        number, tables, value, counted, mail = self.saved[key]
        _empty_written_tables()  # the earlier snapshots of the chain, copied back again below
        with db.engine.connect() as connection:
            schema = self._attach(connection, number)
            for name in tables:
                connection.exec_driver_sql(f'INSERT INTO "{name}" SELECT * FROM {schema}."{name}"')
                written_tables.add(name)
                if connection.dialect.name == "postgresql" and "id" in db.metadata.tables[name].c:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                        f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1, false) '
                        f"WHERE pg_get_serial_sequence('\"{name}\"', 'id') IS NOT NULL")
            connection.commit()
            self._detach(connection, number)
        uploads = self.folder / f"{self._schema(number)}-uploads"
        if uploads.exists():
            shutil.copytree(uploads, UPLOAD_FOLDER, dirs_exist_ok=True)
        if numbers is not None:
            numbers.clear()
            numbers.update(counted)
        if mailbox is not None:
            with mailbox.lock:
                mailbox.messages[:] = mail
        self.chain, self.mark = key, writes[0]
        return copy.copy(value)


SNAPSHOTS = RowSnapshots()


@pytest.fixture(scope="session")
def snapshots(app, tmp_path_factory):
    SNAPSHOTS.folder = tmp_path_factory.mktemp("snapshots")
    return SNAPSHOTS


def snapshot(request, name, build):
    """Return `build()`'s value, its rows made once per worker and copied back after (see RowSnapshots).

    For a data fixture: `return snapshot(request, "colab-routes", build)`, where `build` takes what it
    needs with `request.getfixturevalue`, so that nothing is built before the snapshot is asked.
    """
    app = request.getfixturevalue("app")
    with app.app_context():
        return request.getfixturevalue("snapshots").use(
            name, build, request.getfixturevalue("numbers"), request.getfixturevalue("mailbox"))


@pytest.fixture
def demo(request, app):
    """The demo data (`flask demo-data`) in the database, as `make run` loads it."""
    def build():
        result = app.test_cli_runner().invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output

    snapshot(request, "demo", build)


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
def make_user(app, numbers):
    def make(name=None, email=None, roles=(), locale="en", password=None):
        number = numbers.next("user")
        user = User(
            name=name or f"Person {number}", email=email or f"tester{number}@example.net", locale=locale,
            password_hash=generate_password_hash(password) if password else PASSWORD_HASH,
        )
        user.roles = [UserRole(role=Role(r) if isinstance(r, str) else r) for r in roles]
        return persist(app, user)
    return make


@pytest.fixture
def make_org(app, numbers):

    def make(name=None, kind=OrganisationKind.community_group, sector=None, admins=(), members=(),
             pending=(), municipality="1280", member_since=None):
        number = numbers.next("organisation")
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
def people(request, make_user, make_org):
    """One person for each role in PRODUCT.md, each organisation role through its own organisation."""
    def build():
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
        cast.business_org = make_org(name="Business Org", kind=OrganisationKind.social_business,
                                     admins=[cast.business])
        cast.stakeholder_org = make_org(name="Stakeholder Org", kind=OrganisationKind.established,
                                        admins=[cast.stakeholder])
        return cast

    return snapshot(request, "people", build)


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
