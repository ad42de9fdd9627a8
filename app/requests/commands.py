"""`flask send-digests`: the daily notification digest (run it once a day from cron)."""
import click

from app.extensions import db
from app.links import request_context
from app.requests import bp


@bp.cli.command("send-digests")
def send_digests_command():
    """Email every person their digest notifications not yet sent."""
    from app.requests.notifications import send_digests

    # Emails build links and render templates: give them a request context for the public address.
    with request_context():
        sent = send_digests()
        db.session.commit()
    click.echo(f"Sent {sent} digest emails.")
