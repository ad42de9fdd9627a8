"""The worker's mail tasks: deliver when woken after a commit, sweep every minute for retries, purge old mail."""
from huey import crontab

from app.extensions import task_queue
from app.jobs import run_job
from app.outbox.delivery import deliver_due


@task_queue.task()
def deliver_outbox():
    """Deliver every due outbox row (enqueued after each commit that wrote mail)."""
    deliver_due()


@task_queue.periodic(crontab(minute="*"))
def sweep_outbox():
    """Deliver what is due every minute: retries whose time has come, and mail whose wake-up was lost."""
    deliver_due()


def purge_sent_mail(now=None):
    """Delete sent mail older than MAIL_SENT_KEPT_DAYS; return how many messages."""
    from app.outbox.services import purge_sent_mail as purge

    return run_job(purge, now=now)


@task_queue.periodic(crontab(minute="10", hour="3"))
def purge_sent_mail_task():
    purge_sent_mail()
