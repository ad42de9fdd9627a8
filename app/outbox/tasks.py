"""The worker's mail tasks: deliver when woken after a commit, and sweep every minute for retries."""
from huey import crontab

from app.extensions import task_queue
from app.outbox.delivery import deliver_due


@task_queue.task()
def deliver_outbox():
    """Deliver every due outbox row (enqueued after each commit that wrote mail)."""
    deliver_due()


@task_queue.periodic(crontab(minute="*"))
def sweep_outbox():
    """Deliver what is due every minute: retries whose time has come, and mail whose wake-up was lost."""
    deliver_due()
