"""Commands for cron: reminders the day before, and deleting registrants' answers when due."""
import click

from app.colabs import bp, services
from app.extensions import db


@bp.cli.command("send-reminders")
def send_reminders():
    """Email registrants of sessions starting within 24 hours (each person once)."""
    sent = services.send_due_reminders()
    db.session.commit()
    click.echo(f"Sent {sent} co-lab reminders.")


@bp.cli.command("purge-expired")
def purge_expired():
    """Delete registrants' answers 30 days after their session."""
    purged = services.purge_expired_answers()
    db.session.commit()
    click.echo(f"Deleted the answers of {purged} co-lab registrations.")
