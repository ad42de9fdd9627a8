"""The science shop's periodic jobs (UTC): reminders of unanswered questions, follow-up evaluations."""
from huey import crontab

from app.extensions import task_queue
from app.jobs import run_job


def send_request_info_reminders(now=None):
    """Remind groups, once, of a science-shop question unanswered for 14 days; return how many requests."""
    from app.requests.services import send_info_reminders

    return run_job(send_info_reminders, now=now)


def send_request_follow_ups(now=None):
    """Send science-shop groups their follow-up evaluation once, and remind once; return (sent, reminded)."""
    from app.requests.services import send_follow_ups

    return run_job(send_follow_ups, now=now)


@task_queue.periodic(crontab(minute="50", hour="5"))
def request_info_reminders_task():
    send_request_info_reminders()
    send_request_follow_ups()
