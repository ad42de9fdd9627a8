"""Notifications' periodic jobs (UTC): the daily and the weekly digests."""
from huey import crontab

from app.extensions import task_queue
from app.jobs import run_job


def send_notification_digests(frequency=None, now=None):
    """Email everyone their daily (or weekly) digest of notifications not sent yet; return how many digests."""
    from app.notifications.kinds import DeliveryMode
    from app.notifications.services import send_digests

    return run_job(send_digests, frequency or DeliveryMode.daily, now=now)


@task_queue.periodic(crontab(minute="20", hour="6"))
def notification_digests_task():
    send_notification_digests()


@task_queue.periodic(crontab(minute="30", hour="6", day_of_week="1"))
def weekly_digests_task():
    from app.notifications.kinds import DeliveryMode

    send_notification_digests(DeliveryMode.weekly)
