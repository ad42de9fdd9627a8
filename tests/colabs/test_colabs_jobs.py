"""The co-lab jobs of the worker, run twice at a frozen moment: each message goes once."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.colabs import jobs
from app.colabs.constants import SessionState
from app.colabs.models import ColabRegistration
from app.extensions import db
from app.outbox.models import OutboxMessage
from tests.colabs.conftest import in_days


def outbox_count(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def test_reminders_run_twice_at_the_same_moment_go_once(app, make_user, make_session, register, mailbox):
    starts = in_days(3)
    session_id = make_session(starts_at=starts, title="Courtyards")
    person = make_user()
    register(session_id, person)
    mailbox.clear()
    before = outbox_count(app)
    now = starts - timedelta(hours=20)  # the frozen clock: 20 hours before the start
    with app.app_context():
        assert jobs.send_colab_reminders(now=starts - timedelta(hours=30)) == 0  # too early
        assert jobs.send_colab_reminders(now=now) == 1
        assert jobs.send_colab_reminders(now=now) == 0
        assert jobs.send_colab_reminders(now=now + timedelta(hours=1)) == 0
    assert [m.subject for m in mailbox.to(person.email)] == ["Tomorrow: Courtyards"]
    assert outbox_count(app) == before + 1


def test_a_reminder_whose_mail_could_not_be_written_is_not_marked_sent(app, make_user, make_session, register,
                                                                        monkeypatch, mailbox):
    starts = in_days(3)
    session_id = make_session(starts_at=starts)
    person = make_user()
    register(session_id, person)
    mailbox.clear()

    def broken(*args, **kwargs):
        raise RuntimeError("the template is broken")

    monkeypatch.setattr("app.colabs.services.notify", broken)
    with app.app_context(), pytest.raises(RuntimeError):
        jobs.send_colab_reminders(now=starts - timedelta(hours=20))
    with app.app_context():
        registration = db.session.scalars(sa.select(ColabRegistration).filter_by(session_id=session_id)).one()
        assert registration.reminded_at is None  # nothing marked: the next run sends it
    monkeypatch.undo()
    with app.app_context():
        assert jobs.send_colab_reminders(now=starts - timedelta(hours=19)) == 1
    assert len(mailbox.to(person.email)) == 1


def test_the_purge_run_twice_deletes_once(app, make_user, make_session, register):
    session_id = make_session(starts_at=in_days(-40), questions=["Diet?"], state=SessionState.completed)
    with app.app_context():
        db.session.add(ColabRegistration(session_id=session_id, user_id=make_user().id, arrival=1,
                                         state="registered", organisation_name="", answers={"Diet?": "Vegan"}))
        db.session.commit()
    now = in_days(0)
    with app.app_context():
        assert jobs.purge_registration_answers(now=now) == 1
        assert jobs.purge_registration_answers(now=now) == 0
