"""Co-labs' periodic jobs (UTC): reminders, kept seats, follow-up actions, purge of answers."""
from huey import crontab

from app.extensions import task_queue
from app.jobs import run_job


def send_colab_reminders(now=None):
    """Remind each registered person of their session within 24 hours; return how many were reminded."""
    from app.colabs.services import send_due_reminders

    return run_job(send_due_reminders, now=now)


def release_colab_kept_seats(now=None):
    """Release seats kept for a sector to everyone at each session's set time; return how many sessions."""
    from app.colabs.services import release_due_kept_seats

    return run_job(release_due_kept_seats, now=now)


def send_colab_action_reminders(now=None):
    """Remind each follow-up action's owner once, on its due date; return how many were reminded."""
    from app.colabs.services import send_action_reminders

    return run_job(send_action_reminders, now=now)


def purge_registration_answers(now=None):
    """Delete registrants' answers 30 days after their session; return how many registrations."""
    from app.colabs.services import purge_expired_answers

    return run_job(purge_expired_answers, now=now)


@task_queue.periodic(crontab(minute="*/15"))
def colab_reminders_task():
    send_colab_reminders()
    release_colab_kept_seats()


@task_queue.periodic(crontab(minute="0", hour="7"))
def colab_action_reminders_task():
    send_colab_action_reminders()


@task_queue.periodic(crontab(minute="10", hour="3"))
def purge_answers_task():
    purge_registration_answers()
