"""Impact's periodic jobs (UTC): reminders of reports due and of pilots' results."""
from huey import crontab

from app.extensions import task_queue
from app.jobs import run_job


def send_impact_reminders(now=None):
    """Remind organisations of impact reports due within two weeks, once per commitment and period."""
    from app.impact.services import send_due_reminders

    return run_job(send_due_reminders, now=now)


def send_pilot_result_reminders(now=None):
    """A year after the award, remind each pilot's organisation to report its results, once per pilot."""
    from app.impact.connections import send_pilot_reminders

    return run_job(send_pilot_reminders, now=now)


@task_queue.periodic(crontab(minute="50", hour="6"))
def impact_reminders_task():
    send_impact_reminders()
    send_pilot_result_reminders()
