"""The outbox: mail waits in the database, the worker delivers it once, retries what can be retried."""
import signal
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from app.db_types import utcnow
from app.email import queue_email
from app.extensions import db, task_queue
from app.outbox.delivery import LogConnection, SmtpConnection, build_mime, deliver_due, retry_delay
from app.outbox.models import OutboxMessage, OutboxState
from tests.conftest import ROLES, Mailbox, free_port
from tests.querycount import count_queries


def queue(app, *addresses, headers=None, attachments=()):
    """Queue one message per address in one committed transaction (as a route does)."""
    from app.email import Attachment

    with app.test_request_context():
        for address in addresses:
            queue_email(address, f"Hello {address}", "email/membership_approved", locale="en", headers=headers,
                        attachments=[Attachment(*a) for a in attachments],
                        membership=SimpleNamespace(user=SimpleNamespace(name="Ada"),
                                                   organisation=SimpleNamespace(name="Org")), link="http://x")
        db.session.commit()


def rows(app):
    with app.app_context():
        found = list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
        db.session.expunge_all()
        return found


def deliver(app, now=None):
    with app.app_context():
        return deliver_due(now=now)


class StoppableSmtp:
    """A real aiosmtpd server on a fixed port that a test stops and starts again."""

    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def stoppable_smtp():
    server = StoppableSmtp()
    yield server
    server.stop()


# -- in the transaction ----------------------------------------------------------------
def test_queued_mail_is_a_row_of_the_transaction_and_arrives_once_committed(app, mailbox):
    queue(app, "ada@example.org")
    [row] = rows(app)
    assert row.state == OutboxState.sent and row.attempts == 1 and row.sent_at is not None
    assert [m.to for m in mailbox.messages] == [["ada@example.org"]]


def test_a_rolled_back_change_leaves_no_outbox_row_and_sends_nothing(app, mailbox, people, login):
    with app.test_request_context():
        queue_email("ada@example.org", "Test", "email/membership_approved", locale="en",
                    membership=SimpleNamespace(user=SimpleNamespace(name="Ada"),
                                               organisation=SimpleNamespace(name="Org")), link="http://x")
        db.session.flush()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1
        db.session.rollback()
    assert rows(app) == [] and mailbox.messages == []


def test_mail_queued_in_a_rolled_back_savepoint_is_gone(app, mailbox):
    with app.test_request_context():
        savepoint = db.session.begin_nested()
        queue_email("gone@example.org", "Test", "email/membership_approved", locale="en",
                    membership=SimpleNamespace(user=SimpleNamespace(name="Ada"),
                                               organisation=SimpleNamespace(name="Org")), link="http://x")
        savepoint.rollback()
        db.session.commit()
    assert rows(app) == [] and mailbox.messages == []


def test_extra_headers_and_attachments_reach_the_sent_message(app, mailbox):
    headers = {"List-Unsubscribe": "<https://samverka.example.org/unsubscribe/abc>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    content = bytes(range(256))
    queue(app, "ada@example.org", headers=headers, attachments=[("data.bin", content, "application", "octet-stream")])
    [received] = mailbox.messages
    assert received.message["List-Unsubscribe"] == headers["List-Unsubscribe"]
    assert received.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [attachment] = list(received.message.iter_attachments())
    assert attachment.get_filename() == "data.bin" and attachment.get_content() == content


def test_headers_cannot_replace_the_ones_the_outbox_sets(app):
    row = OutboxMessage(recipients=["a@example.org"], subject="S", text="T", html=None, attachments=[],
                        headers={"To": "someone-else@example.org", "X-Kind": "digest"})
    mime = build_mime(row, "Samverka <noreply@example.org>")
    assert mime["To"] == "a@example.org" and mime["X-Kind"] == "digest"


# -- the acceptance: the server is down, then up again ---------------------------------
def test_with_the_mail_server_down_the_action_succeeds_and_the_mail_waits_then_goes_once(
        make_app, make_user, stoppable_smtp):
    app = make_app(MAIL_PORT=stoppable_smtp.port)
    person = make_user(email="forgetful@example.org")
    response = app.test_client().post("/account/reset", data={"email": person.email})
    assert response.status_code == 302  # the person is told to check their mail; nothing failed for them
    [row] = rows(app)
    assert row.state == OutboxState.queued and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at - row.last_attempt_at == timedelta(seconds=600)

    stoppable_smtp.start()
    assert deliver(app).sent == 0  # not due yet: the next try is in ten minutes
    later = utcnow() + timedelta(minutes=11)
    report = deliver(app, now=later)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    assert deliver(app, now=later + timedelta(hours=1)).sent == 0
    assert [m.to for m in stoppable_smtp.mailbox.messages] == [["forgetful@example.org"]]
    assert "Reset" in stoppable_smtp.mailbox.messages[0].subject
    [row] = rows(app)
    assert row.state == OutboxState.sent and row.attempts == 2 and row.last_error is None


def redis_url():
    """A Redis database of the suite's own (number 7), or skip when no Redis runs here."""
    import redis

    url = "redis://127.0.0.1:6379/7"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


@pytest.mark.parametrize("storage", ["sqlite", "redis"])
def test_a_real_consumer_delivers_each_message_exactly_once(make_app, tmp_path, mailbox, storage):
    """Two worker threads of a real Huey consumer, woken several times, send each of 30 messages once."""
    url = f"sqlite:///{tmp_path / 'tasks.sqlite3'}" if storage == "sqlite" else redis_url()
    app = make_app(TASK_QUEUE_IMMEDIATE=False, TASK_QUEUE_URL=url)
    huey = task_queue.huey(app)
    assert type(huey).__name__ == {"sqlite": "SqliteHuey", "redis": "RedisHuey"}[storage]
    huey.flush()
    consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False, initial_delay=0.02,
                                    max_delay=0.1, check_worker_health=False)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer.start()
    try:
        addresses = [f"person{i}@example.org" for i in range(30)]
        queue(app, *addresses)  # the commit enqueues one delivery task
        with app.app_context():
            for _ in range(3):  # and a few more wake-ups at once: both workers race for the same rows
                task_queue.enqueue("deliver_outbox")
        deadline = time.monotonic() + 20
        while len(mailbox.messages) < 30 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)  # give a double delivery the chance to show
    finally:
        consumer.stop(graceful=True)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        huey.flush()
        huey.storage.close()
    assert sorted(m.to[0] for m in mailbox.messages) == sorted(addresses)
    assert {r.state for r in rows(app)} == {OutboxState.sent}


def test_two_workers_at_once_never_send_a_row_twice(app, mailbox):
    with app.app_context():
        for i in range(40):
            db.session.add(OutboxMessage(recipients=[f"p{i}@example.org"], subject="S", text="T", headers={},
                                         attachments=[]))
        db.session.commit()  # written directly: no wake-up, the workers below do the sending
    barrier = threading.Barrier(2)
    reports = []

    def work():
        with app.app_context():
            barrier.wait()
            reports.append(deliver_due())

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in reports) == 40
    assert sorted(m.to[0] for m in mailbox.messages) == sorted(f"p{i}@example.org" for i in range(40))


def test_the_queue_is_chosen_by_the_configuration(make_app, tmp_path):
    assert type(task_queue.huey(make_app())).__name__ == "MemoryHuey"  # the suite: immediate mode
    default = make_app(TASK_QUEUE_IMMEDIATE=False, TASK_QUEUE_URL=None)
    assert task_queue.huey(default).storage.filename == str(Path(default.instance_path) / "tasks.sqlite3")
    with pytest.raises(RuntimeError, match="TASK_QUEUE_URL must start with"):
        make_app(TASK_QUEUE_IMMEDIATE=False, TASK_QUEUE_URL="amqp://127.0.0.1")


# -- failures ---------------------------------------------------------------------------
def test_a_permanent_refusal_fails_at_once_and_is_not_tried_again(app, mailbox):
    mailbox.refusals["nobody@example.org"] = "550 5.1.1 No such user"
    queue(app, "nobody@example.org", "somebody@example.org")
    refused, accepted = rows(app)
    assert refused.state == OutboxState.failed and refused.attempts == 1
    assert refused.last_error == "nobody@example.org: 550 5.1.1 No such user"
    assert accepted.state == OutboxState.sent
    mailbox.refusals.clear()
    assert deliver(app, now=utcnow() + timedelta(days=2)).sent == 0
    assert rows(app)[0].state == OutboxState.failed and rows(app)[0].attempts == 1


def test_a_message_refused_for_one_of_its_recipients_is_sent_to_the_others(app, mailbox):
    mailbox.refusals["gone@example.org"] = "550 5.1.1 No such user"
    queue(app, ["gone@example.org", "here@example.org"])
    [row] = rows(app)
    assert row.state == OutboxState.sent and row.last_error == "gone@example.org: 550 5.1.1 No such user"
    assert [m.to for m in mailbox.messages] == [["here@example.org"]]


def test_a_message_that_cannot_be_written_fails_at_once(app, mailbox):
    with app.app_context():
        db.session.add(OutboxMessage(recipients=["a@example.org"], subject="S", text="T", attachments=[],
                                     headers={"X-Bad": "line\nbreak"}))
        db.session.commit()
    assert deliver(app).failed == 1
    [row] = rows(app)
    assert row.state == OutboxState.failed and "ValueError" in row.last_error and mailbox.messages == []


def test_a_temporary_refusal_backs_off_exponentially_and_gives_up_after_the_last_try(app, mailbox):
    mailbox.refusals["busy@example.org"] = "451 4.3.0 Try again later"
    queue(app, "busy@example.org")
    config = app.config
    tries = [rows(app)[0]]
    while tries[-1].state == OutboxState.queued:
        assert deliver(app, now=tries[-1].next_attempt_at - timedelta(seconds=1)).retried == 0  # not before its time
        deliver(app, now=tries[-1].next_attempt_at)
        tries.append(rows(app)[0])
    assert [t.attempts for t in tries] == list(range(1, config["MAIL_MAX_ATTEMPTS"] + 1))
    waits = [(t.next_attempt_at - t.last_attempt_at).total_seconds() for t in tries[:-1]]
    assert waits == [config["MAIL_RETRY_BASE_SECONDS"] * 2 ** i for i in range(len(waits))]
    assert tries[-1].state == OutboxState.failed and "451" in tries[-1].last_error
    span = tries[-1].last_attempt_at - tries[0].last_attempt_at
    assert len(tries) >= 5 and span >= timedelta(hours=12), (len(tries), span)
    assert mailbox.messages == []


def test_the_retry_schedule_doubles():
    assert [retry_delay(n, 600) for n in (1, 2, 3)] == [timedelta(minutes=10), timedelta(minutes=20),
                                                       timedelta(minutes=40)]


def test_many_messages_share_one_connection_and_a_dropped_connection_is_reopened(app, mailbox):
    with app.app_context():
        for i in range(25):
            db.session.add(OutboxMessage(recipients=[f"p{i}@example.org"], subject="S", text="T", headers={},
                                         attachments=[]))
        db.session.commit()
    report = deliver(app)
    assert report.sent == 25 and report.connections == 1 and mailbox.connections == 1
    connection = SmtpConnection(app.config)
    with app.app_context():
        row = OutboxMessage(recipients=["x@example.org"], subject="S", text="T", headers={}, attachments=[])
        connection.send(build_mime(row, "a@example.org"))
        connection.smtp.sock.shutdown(socket.SHUT_RDWR)  # the connection went away
        connection.send(build_mime(row, "a@example.org"))
        connection.close()
    assert connection.opened == 2 and len(mailbox.to("x@example.org")) == 2


def test_the_log_backend_writes_the_message_to_the_log(make_app, caplog):
    app = make_app(MAIL_BACKEND="log")
    with caplog.at_level("INFO"):
        queue(app, "ada@example.org")
    assert "MAIL_BACKEND=log" in caplog.text and "To: ada@example.org" in caplog.text
    assert rows(app)[0].state == OutboxState.sent
    assert LogConnection.opened == 0


def test_a_worker_that_died_while_sending_leaves_its_rows_to_another_after_a_while(app, mailbox):
    with app.app_context():
        db.session.add(OutboxMessage(recipients=["late@example.org"], subject="S", text="T", headers={},
                                     attachments=[], state=OutboxState.sending, claim_token="dead",
                                     claimed_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
    assert deliver(app).sent == 0
    assert deliver(app, now=utcnow() + timedelta(minutes=20)).sent == 1
    assert len(mailbox.to("late@example.org")) == 1


# -- the coordinators' list -------------------------------------------------------------
def make_failed(app, address="nobody@example.org", error="550 5.1.1 No such user"):
    with app.app_context():
        row = OutboxMessage(recipients=[address], subject=f"To {address}", text="T", headers={}, attachments=[],
                            state=OutboxState.failed, attempts=1, last_attempt_at=utcnow(), last_error=error)
        db.session.add(row)
        db.session.commit()
        return row.id


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_see_failed_mail(app, as_role, role):
    make_failed(app)
    response = as_role(role).get("/admin/mail/")
    expected = {"anonymous": 302, "coordinator": 200}.get(role, 403)
    assert response.status_code == expected
    if role == "coordinator":
        page = response.get_data(as_text=True)
        assert "nobody@example.org" in page and "550 5.1.1 No such user" in page and "Send again" in page


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_retry_failed_mail(app, as_role, role, mailbox):
    message_id = make_failed(app, address="fixed@example.org")
    response = as_role(role).post(f"/admin/mail/{message_id}/retry")
    expected = {"anonymous": 302, "coordinator": 302}.get(role, 403)
    assert response.status_code == expected
    [row] = rows(app)
    if role == "coordinator":
        assert row.state == OutboxState.sent and len(mailbox.to("fixed@example.org")) == 1
    else:
        assert row.state == OutboxState.failed and mailbox.messages == []


def test_retrying_mail_that_is_not_failed_is_a_conflict(app, login, people, mailbox):
    queue(app, "ada@example.org")
    [row] = rows(app)
    assert login(people.coordinator).post(f"/admin/mail/{row.id}/retry").status_code == 409
    assert login(people.coordinator).post("/admin/mail/999999/retry").status_code == 404
    assert len(mailbox.messages) == 1


def test_retry_needs_the_csrf_token(make_app, people):
    app = make_app(WTF_CSRF_ENABLED=True)
    message_id = make_failed(app)
    response = app.test_client(user=people.coordinator).post(f"/admin/mail/{message_id}/retry")
    assert response.status_code == 400
    assert rows(app)[0].state == OutboxState.failed


def test_the_failed_mail_list_takes_a_fixed_number_of_queries(app, login, people):
    client = login(people.coordinator)
    counts = []
    for extra in (3, 30):
        for i in range(extra):
            make_failed(app, address=f"n{extra}-{i}@example.org")
        with count_queries(app) as queries:
            assert client.get("/admin/mail/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_is_in_swedish_for_swedish_readers(app, login, make_user):
    coordinator = make_user(roles=["coordinator"], locale="sv")
    make_failed(app)
    page = login(coordinator).get("/admin/mail/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "E-post som inte kunde skickas" in page and "Skicka igen" in page


# -- the command line --------------------------------------------------------------------
def test_outbox_send_and_status(make_app, stoppable_smtp):
    app = make_app(MAIL_PORT=stoppable_smtp.port)
    queue(app, "a@example.org", "b@example.org")  # the server is down: both wait
    with app.app_context():
        db.session.execute(sa.update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
    make_failed(app)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["outbox", "status"]).output == "queued: 2\nsent: 0\nfailed: 1\n"
    stoppable_smtp.start()
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0 and "Sent 2," in result.output and "(1 SMTP connection(s))" in result.output
    assert runner.invoke(args=["outbox", "status"]).output == "queued: 0\nsent: 2\nfailed: 1\n"
    assert len(stoppable_smtp.mailbox.messages) == 2
