"""Cancel co-lab sessions of 200 registrants each, then let a real worker send the mail.

Run: .venv/bin/python -m bench.mail
The cancel request only writes 200 outbox rows (and wakes the worker through the task queue); a
real Huey consumer then delivers them to a local aiosmtpd server, which counts the SMTP sessions it
is opened. SQLite: a throwaway file. PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) if set,
else the database samverka_mail_bench on 127.0.0.1, created if missing. Every table in the target
database is dropped and rebuilt. The figures go into the "## mail" section of bench/RESULTS.md.
"""
import os
import re
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask_login import FlaskLoginClient
from sqlalchemy import insert

from app import create_app
from app.accounts.constants import Role
from app.accounts.models import User, UserRole
from app.colabs.constants import RegistrationState, SessionFormat, SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db, task_queue
from app.outbox.models import OutboxMessage, OutboxState
from bench import rebuild_schema
from bench.colabs import RESULTS, machine
from config import TestConfig

SESSIONS = 5
REGISTRANTS = 200
TARGET_S = 1.0
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/samverka_mail_bench"
LOAD_AT_START = os.getloadavg()[0]


class CountingMailbox:
    """An SMTP handler that counts sessions (EHLO) and messages."""

    def __init__(self):
        self.connections = 0
        self.messages = 0
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += 1
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_app(url, smtp_port, tasks_file):
    config = type("MailBenchConfig", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": url, "TESTING": False, "RATELIMIT_ENABLED": False, "MAIL_BACKEND": "smtp",
        "MAIL_PORT": smtp_port, "TASK_QUEUE_IMMEDIATE": False, "TASK_QUEUE_URL": f"sqlite:///{tasks_file}",
    })
    app = create_app(config)
    app.test_client_class = FlaskLoginClient
    return app


def seed(app):
    """One coordinator, SESSIONS published sessions next week, each with REGISTRANTS registered people."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    people = SESSIONS * REGISTRANTS
    with app.app_context():
        db.session.execute(insert(User), [
            {"id": i, "email": f"bench{i}@example.org", "name": f"Bench Person {i}", "password_hash": "x",
             "locale": "sv" if i % 2 else "en", "login_token": f"token{i}", "created_at": now}
            for i in range(1, people + 2)])
        db.session.execute(insert(UserRole), [{"user_id": people + 1, "role": Role.coordinator, "granted_at": now}])
        db.session.execute(insert(ColabSession), [{
            "id": s, "uid": f"mail-bench-{s}@samverka", "title": f"Co-lab: Greener courtyards {s}",
            "format": SessionFormat.colab_workshop, "description": "Bench session.",
            "starts_at": now + timedelta(days=7, hours=s), "ends_at": now + timedelta(days=7, hours=s + 2),
            "venue": "Stadsbiblioteket, Malmö", "language": "sv", "capacity": REGISTRANTS, "questions": [],
            "state": SessionState.published, "sequence": 0, "arrivals": REGISTRANTS, "created_at": now,
            "updated_at": now, "cancellation_note": "", "outcome_notes": "", "decisions": "",
        } for s in range(1, SESSIONS + 1)])
        db.session.execute(insert(ColabRegistration), [{
            "session_id": s, "user_id": (s - 1) * REGISTRANTS + a, "state": RegistrationState.registered,
            "arrival": a, "organisation_name": "", "answers": None, "created_at": now, "registered_at": now,
        } for s in range(1, SESSIONS + 1) for a in range(1, REGISTRANTS + 1)])
        db.session.commit()
        coordinator = db.session.get(User, people + 1)
        db.session.expunge_all()
    return coordinator


def run(url, label):
    mailbox = CountingMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url, controller.port, f"{tmp}/tasks.sqlite3")
        rebuild_schema(app)
        coordinator = seed(app)
        client = app.test_client(user=coordinator)
        timings = []
        for session_id in range(1, SESSIONS + 1):
            started = time.perf_counter()
            response = client.post(f"/colabs/{session_id}/cancel", data={"note": "The library is closed."})
            timings.append(time.perf_counter() - started)
            assert response.status_code == 302, response.status_code
        with app.app_context():
            queued = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                       .where(OutboxMessage.state == OutboxState.queued))
        assert queued == SESSIONS * REGISTRANTS and mailbox.messages == 0, (queued, mailbox.messages)

        huey = task_queue.huey(app)
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
        consumer = huey.create_consumer(workers=1, periodic=False, initial_delay=0.01, max_delay=0.1,
                                        check_worker_health=False)
        started = time.perf_counter()
        consumer.start()
        try:
            while mailbox.messages < queued and time.perf_counter() - started < 300:
                time.sleep(0.01)
            delivered_in = time.perf_counter() - started
        finally:
            consumer.stop(graceful=True)
            for sig, handler in handlers.items():
                signal.signal(sig, handler)
            huey.storage.close()
        with app.app_context():
            sent = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                                     .where(OutboxMessage.state == OutboxState.sent))
            db.engine.dispose()
    controller.stop()
    return {"label": label, "timings": timings, "queued": queued, "sent": sent, "received": mailbox.messages,
            "connections": mailbox.connections, "delivered_in": delivered_in}


def postgres_url():
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "samverka_mail_bench"],
                   check=False, capture_output=True)
    return PG_DEFAULT


def write_results(results, pg_version):
    lines = ["## mail", "",
             f"Cancelling a co-lab session with {REGISTRANTS} registrants, {SESSIONS} sessions one after the other "
             "(`POST /colabs/<id>/cancel` through the Flask test client: the request renders the 200 messages "
             "with their calendar file and writes them to the outbox, then wakes the worker through Huey's SQLite "
             "queue). Then one real Huey consumer (one worker thread) delivers all of them to a local aiosmtpd "
             "server, which counts the SMTP sessions opened. "
             f"(`.venv/bin/python -m bench.mail`, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC). "
             f"Target: cancelling takes under {TARGET_S:.0f} s of server time.", "",
             "The worker commits each message's *sent* mark on its own, so that a crash re-sends at most the one "
             "message in flight; on SQLite that is one fsync per message, which is most of its time. "
             f"Load average when the run began: {LOAD_AT_START:.1f} (the machine is shared).", "",
             f"Machine: {machine(pg_version)}.", "",
             "| database | cancel, median | cancel, slowest | mails queued | sent (server received) "
             "| SMTP sessions | worker time | target met |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in results:
        worst = max(r["timings"])
        lines.append(
            f"| {r['label']} | {statistics.median(r['timings']) * 1000:.0f} ms | {worst * 1000:.0f} ms "
            f"| {r['queued']:,} | {r['sent']:,} ({r['received']:,}) | {r['connections']} "
            f"| {r['delivered_in']:.1f} s | {'yes' if worst < TARGET_S else 'NO'} |")
    lines.append("")
    section = "\n".join(lines) + "\n"
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## mail\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)
    print(section)


def main():
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(run(f"sqlite:///{tmp}/mail-bench.sqlite3", "SQLite"))
    url = postgres_url()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        pg_version = "PostgreSQL " + connection.execute(sa.text("SHOW server_version")).scalar()
    engine.dispose()
    results.append(run(url, "PostgreSQL"))
    write_results(results, pg_version)


if __name__ == "__main__":
    main()
