"""`flask send-reminders` and `flask purge-expired`: the worker runs the same jobs on its schedule."""
import click

from app.colabs import jobs
from app.colabs import bp


@bp.cli.command("send-reminders")
def send_reminders():
    """Email registrants of sessions starting within 24 hours (each person once)."""
    sent = jobs.send_colab_reminders()
    click.echo(f"Sent {sent} co-lab reminders.")


@bp.cli.command("purge-expired")
def purge_expired():
    """Delete registrants' answers 30 days after their session."""
    purged = jobs.purge_registration_answers()
    click.echo(f"Deleted the answers of {purged} co-lab registrations.")
