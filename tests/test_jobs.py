"""The worker's periodic jobs: on the schedule, and each safe to run twice."""
from datetime import datetime, timezone

import pytest

from app.extensions import db, task_queue
from app.notifications.kinds import DeliveryMode
from app.notifications.jobs import send_notification_digests
from app.notifications.models import Notification
from app.outbox.tasks import purge_sent_mail


@pytest.mark.parametrize("frequency", [DeliveryMode.daily, DeliveryMode.weekly])
def test_digests_run_twice_go_once(app, make_user, mailbox, frequency):
    person = make_user(email="reader@example.org")
    moment = datetime(2026, 12, 7, 6, 20, tzinfo=timezone.utc)
    with app.app_context():
        for kind in ("requests.new_request", "requests.accepted"):
            db.session.add(Notification(user_id=person.id, kind=kind, mode=frequency, title="Gröna gårdar",
                                        link="/requests/1", created_at=moment.replace(hour=5)))
        db.session.commit()
        assert send_notification_digests(frequency, now=moment) == 1
        assert send_notification_digests(frequency, now=moment) == 0
    assert len(mailbox.to("reader@example.org")) == 1


@pytest.mark.parametrize("moment, expected", [
    (datetime(2026, 12, 2, 6, 20, tzinfo=timezone.utc), {"notification_digests_task", "sweep_outbox"}),
    (datetime(2026, 12, 2, 5, 40, tzinfo=timezone.utc), {"certificate_expiry_task", "sweep_outbox"}),
    (datetime(2026, 12, 2, 3, 10, tzinfo=timezone.utc), {"purge_answers_task", "purge_sent_mail_task",
                                                         "sweep_outbox"}),
    (datetime(2026, 12, 2, 14, 45, tzinfo=timezone.utc), {"colab_reminders_task", "sweep_outbox"}),
    (datetime(2026, 12, 2, 14, 46, tzinfo=timezone.utc), {"sweep_outbox"}),
    (datetime(2026, 12, 7, 6, 30, tzinfo=timezone.utc), {"weekly_digests_task", "colab_reminders_task",
                                                         "sweep_outbox"}),
])
def test_the_worker_runs_each_job_on_its_schedule(app, moment, expected):
    huey = task_queue.huey(app)
    assert {task.name for task in huey.read_periodic(moment.replace(tzinfo=None))} == expected


def test_sent_mail_is_deleted_after_thirty_days_and_the_rest_is_kept(app, mailbox):
    from datetime import timedelta

    import sqlalchemy as sa

    from app.db_types import utcnow
    from app.outbox.models import OutboxMessage, OutboxState

    now = utcnow()
    with app.app_context():
        for state, sent_days_ago in [(OutboxState.sent, 31), (OutboxState.sent, 29), (OutboxState.failed, None)]:
            db.session.add(OutboxMessage(recipients=["a@example.org"], subject="S", text="T", headers={},
                                         attachments=[], state=state,
                                         sent_at=now - timedelta(days=sent_days_ago) if sent_days_ago else None))
        db.session.commit()
        assert purge_sent_mail(now=now) == 1
        assert purge_sent_mail(now=now) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 2
