"""`flask outbox send` (deliver everything due once) and `flask outbox status` (counts per state)."""
import click

from app.outbox import bp

bp.cli.short_help = "Deliver queued mail and show the outbox."


@bp.cli.command("send")
def send():
    """Deliver every message that is due, once, then exit."""
    from app.outbox.delivery import deliver_due

    report = deliver_due()
    click.echo(f"Sent {report.sent}, to retry later {report.retried}, failed {report.failed} "
               f"({report.connections} SMTP connection(s)).")


@bp.cli.command("status")
def status():
    """Print how many messages are queued, sent and failed."""
    from app.outbox.models import OutboxState
    from app.outbox.queries import outbox_counts

    counts = outbox_counts()
    click.echo(f"queued: {counts[OutboxState.queued] + counts[OutboxState.sending]}")
    click.echo(f"sent: {counts[OutboxState.sent]}")
    click.echo(f"failed: {counts[OutboxState.failed]}")
