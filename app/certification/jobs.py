"""Certification's periodic job (UTC): notice of certificates expiring soon."""
from huey import crontab

from app.db_types import utcnow
from app.extensions import task_queue
from app.jobs import run_job


def send_certificate_expiry_reminders(now=None):
    """Tell certified businesses, once, that their certificate expires soon; return how many certificates."""
    from app.certification.services import send_expiry_reminders

    today = (now or utcnow()).date()
    return run_job(send_expiry_reminders, today=today, now=now)


@task_queue.periodic(crontab(minute="40", hour="5"))
def certificate_expiry_task():
    send_certificate_expiry_reminders()
