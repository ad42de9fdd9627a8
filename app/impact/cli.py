"""`flask impact load-catalogue [FILE]` and `flask impact send-reminders` (the blueprint's CLI group)."""
import click

from app.extensions import db
from app.impact import bp


@bp.cli.command("load-catalogue")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_catalogue(path):
    """Load the indicator catalogue file (the starter catalogue when no file is named)."""
    from app.impact.catalogue import DEFAULT_FILE, CatalogueError, load_file
    from app.impact.services import load_catalogue as load

    try:
        catalogue = load_file(path or DEFAULT_FILE)
    except (CatalogueError, OSError) as error:
        raise click.ClickException(str(error)) from error
    counts = load(catalogue)
    db.session.commit()
    click.echo(f"{catalogue.slug}: {counts['added']} added, {counts['updated']} new versions, "
               f"{counts['unchanged']} unchanged.")


@bp.cli.command("send-reminders")
def send_reminders():
    """Remind organisations of impact reports due within two weeks (once per report)."""
    from app.impact import jobs

    click.echo(f"Sent {jobs.send_impact_reminders()} impact report reminders.")
