"""`flask send-digests`: the daily notification digest (the worker also runs it every morning)."""
import click

from app import jobs
from app.requests import bp


@bp.cli.command("send-digests")
def send_digests_command():
    """Email every person their digest notifications not yet sent."""
    sent = jobs.send_notification_digests()
    click.echo(f"Sent {sent} digest emails.")
