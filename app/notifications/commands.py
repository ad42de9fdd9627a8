"""`flask send-digests`: the daily (or weekly) digest, also run by the worker on its schedule."""
import click

from app.notifications import bp
from app.notifications.kinds import DeliveryMode


@bp.cli.command("send-digests")
@click.option("--weekly", is_flag=True, help="Send the weekly digest instead of the daily one.")
def send_digests_command(weekly):
    """Email every person their digest of news not yet sent."""
    from app.notifications import jobs

    sent = jobs.send_notification_digests(DeliveryMode.weekly if weekly else DeliveryMode.daily)
    click.echo(f"Sent {sent} digest emails.")
