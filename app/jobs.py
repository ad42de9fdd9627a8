"""The worker's periodic jobs (co-lab reminders, digests, certificate expiry, purge of answers and old mail).

Each job is one transaction: what it marks as done (a reminder sent, a digest item sent) is committed
together with the outbox rows of its mail, so a failed run leaves nothing marked and a second run
sends nothing twice. The CLI commands of each area call the same functions.
"""
from huey import crontab

from app.db_types import utcnow
from app.extensions import db, task_queue
from app.links import request_context


def run_job(job, *args, **kwargs):
    """Run one job in its own transaction, with links to the public address; return what it returns."""
    with request_context():
        try:
            result = job(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
    return result


def send_colab_reminders(now=None):
    """Remind each registered person of their session within 24 hours; return how many were reminded."""
    from app.colabs.services import send_due_reminders

    return run_job(send_due_reminders, now=now)


def send_pilot_result_reminders(now=None):
    """A year after the award, remind each pilot's organisation to report its results, once per pilot."""
    from app.impact.connections import send_pilot_reminders

    return run_job(send_pilot_reminders, now=now)


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


def purge_sent_mail(now=None):
    """Delete sent mail older than MAIL_SENT_KEPT_DAYS; return how many messages."""
    from app.outbox.services import purge_sent_mail as purge

    return run_job(purge, now=now)


def send_notification_digests(frequency=None, now=None):
    """Email everyone their daily (or weekly) digest of notifications not sent yet; return how many digests."""
    from app.notifications.kinds import DeliveryMode
    from app.notifications.services import send_digests

    return run_job(send_digests, frequency or DeliveryMode.daily, now=now)


def send_request_info_reminders(now=None):
    """Remind groups, once, of a science-shop question unanswered for 14 days; return how many requests."""
    from app.requests.services import send_info_reminders

    return run_job(send_info_reminders, now=now)


def send_request_follow_ups(now=None):
    """Send science-shop groups their follow-up evaluation once, and remind once; return (sent, reminded)."""
    from app.requests.services import send_follow_ups

    return run_job(send_follow_ups, now=now)


def send_certificate_expiry_reminders(now=None):
    """Tell certified businesses, once, that their certificate expires soon; return how many certificates."""
    from app.certification.services import send_expiry_reminders

    today = (now or utcnow()).date()
    return run_job(send_expiry_reminders, today=today, now=now)


def send_impact_reminders(now=None):
    """Remind organisations of impact reports due within two weeks, once per commitment and period."""
    from app.impact.services import send_due_reminders

    return run_job(send_due_reminders, now=now)


# -- the schedule (UTC) ---------------------------------------------------------------
@task_queue.periodic(crontab(minute="*/15"))
def colab_reminders_task():
    send_colab_reminders()
    release_colab_kept_seats()


@task_queue.periodic(crontab(minute="0", hour="7"))
def colab_action_reminders_task():
    send_colab_action_reminders()


@task_queue.periodic(crontab(minute="20", hour="6"))
def notification_digests_task():
    send_notification_digests()


@task_queue.periodic(crontab(minute="30", hour="6", day_of_week="1"))
def weekly_digests_task():
    from app.notifications.kinds import DeliveryMode

    send_notification_digests(DeliveryMode.weekly)


@task_queue.periodic(crontab(minute="50", hour="5"))
def request_info_reminders_task():
    send_request_info_reminders()
    send_request_follow_ups()


@task_queue.periodic(crontab(minute="40", hour="5"))
def certificate_expiry_task():
    send_certificate_expiry_reminders()


@task_queue.periodic(crontab(minute="50", hour="6"))
def impact_reminders_task():
    send_impact_reminders()
    send_pilot_result_reminders()


@task_queue.periodic(crontab(minute="10", hour="3"))
def purge_answers_task():
    purge_registration_answers()
    purge_sent_mail()

