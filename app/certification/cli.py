"""`flask certification load FILE` and `flask certification send-expiry-reminders` (the blueprint's CLI group)."""
from datetime import timezone

import click

from app.certification import bp
from app.extensions import db


@bp.cli.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--publish/--draft", default=True, show_default=True,
              help="Publish the version (it can then never change) or keep it as a draft.")
def load(path, publish):
    """Load a questionnaire definition file as a new version."""
    from app.certification.definition import DefinitionError, load_file
    from app.certification.services import load_definition

    try:
        definition = load_file(path)
    except (DefinitionError, OSError) as error:
        raise click.ClickException(str(error)) from error
    version, outcome = load_definition(definition, publish=publish)
    db.session.commit()
    click.echo(f"{definition['slug']} version {version.number}: {outcome}")


@bp.cli.command("send-expiry-reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Pretend today is this date.")
def send_expiry_reminders(today):
    """Email businesses whose certificate expires within 60 days (once per certificate)."""
    from app.certification import jobs

    now = today.replace(hour=12, tzinfo=timezone.utc) if today else None
    count = jobs.send_certificate_expiry_reminders(now=now)
    click.echo(f"Reminders sent for {count} certificate(s).")
