"""Command-line tools: demo data, the first administrator, translations, the task worker."""
from importlib import import_module
from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from app.enums import Language
from app.extensions import db

SOURCE_LANGUAGE = "en"  # msgids are English; only the Swedish catalog needs translating


def register(app):
    from app.backup import backup

    app.cli.add_command(backup)
    app.cli.add_command(demo_data)
    app.cli.add_command(create_user)
    app.cli.add_command(is_empty)
    app.cli.add_command(translate)
    app.cli.add_command(worker)


def _load_demo_modules():
    from app import AREAS

    for area in AREAS:
        try:
            import_module(f"app.{area}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"app.{area}.demo":
                raise


@click.command("demo-data")
@with_appcontext
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="Multiply the amount of generated content.")
def demo_data(scale):
    """Fill the database with realistic demo content and one account per role."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Refusing to load demo data under ProductionConfig.")
    from app.demo import ordered_steps
    from app.email import suppressed_email

    _load_demo_modules()
    steps = ordered_steps()
    context = {}
    made = {}
    with suppressed_email(), click.progressbar(
            steps, label="Loading demo data", item_show_func=lambda s: s.name if s else "") as bar:
        for step in bar:  # demo content writes to no one: its mail never reaches the outbox
            made[step.name] = step.run(context, scale)
            db.session.flush()
    db.session.commit()
    for name, count in made.items():
        click.echo(f"  {name}: {count}")
    click.echo("Demo sign-ins (password samverka-demo): " + ", ".join(context.get("demo_emails", [])))


@click.command("worker")
@with_appcontext
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Threads that run tasks (mail delivery, the periodic jobs).")
@click.option("--periodic/--no-periodic", default=True, show_default=True,
              help="Also run the periodic jobs (one worker of several is enough; running them twice is safe).")
def worker(workers, periodic):
    """Run the task queue's consumer: delivers mail and runs the periodic jobs. Ctrl-C stops it."""
    from app.extensions import task_queue

    huey = task_queue.huey()
    if huey.immediate:
        raise click.ClickException("TASK_QUEUE_IMMEDIATE is on: tasks run in the web process, no worker is needed.")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=periodic, check_worker_health=True).run()


@click.command("is-empty")
@with_appcontext
def is_empty():
    """Exit 0 when the database has no accounts yet (used by `make run`)."""
    from app.accounts.models import User

    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    raise SystemExit(0 if count == 0 else 1)


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--name", prompt="Name")
@click.option("--role", "roles", multiple=True, type=click.Choice(["coordinator", "researcher", "facilitator"]))
@click.password_option(prompt="Password (at least 12 characters)")
def create_user(email, name, roles, password):
    """Create an account, for example the first coordinator."""
    from app.accounts.constants import Role
    from app.accounts.services import find_user_by_email, grant_role, register_user
    from app.accounts.validators import password_user_inputs, password_weakness

    if password_weakness(password, password_user_inputs(name, email)):
        raise click.ClickException("Choose a password of at least 12 characters that is hard to guess "
                                   "and not made of your name or email address.")
    if find_user_by_email(email):
        raise click.ClickException(f"There is already an account for {email}.")
    user = register_user(name, email, password, locale="sv")
    for role in roles:
        grant_role(user, Role(role))
    db.session.commit()
    click.echo(f"Created {email} with roles: {', '.join(roles) or 'none'}.")


@click.group(cls=AppGroup)
def translate():
    """Update and compile the Swedish and English catalogs."""


def catalogs():
    """Return (catalog directory, folder it covers, folders it leaves to others) for each catalog."""
    root = Path(current_app.root_path)
    owned = sorted(p for p in root.iterdir() if (p / "translations").is_dir())
    result = [(root / "translations", root, owned)]
    result += [(area / "translations", area, []) for area in owned]
    return result


def extract_messages(folder, skip):
    """Return a Babel Catalog of the strings in a folder's Python files and templates."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    method_map = [("**/translations/**", "ignore"), ("**.py", "python"), ("**/templates/**.html", "jinja2"),
                  ("**/templates/**.txt", "jinja2")]
    options = {"**/templates/**.html": {"trimmed": "true"}, "**/templates/**.txt": {}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    skip_names = {p.name for p in skip}
    catalog = Catalog(project="Samverka")

    def callback(filename, method, options):
        return None

    for filename, lineno, message, comments, context in extract_from_dir(
        folder, method_map=method_map, options_map=options, keywords=keywords, callback=callback,
        directory_filter=lambda d: Path(d).name not in skip_names and not Path(d).name.startswith(("_", ".")),
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


@translate.command("update")
def translate_update():
    """Extract strings and merge them into each catalog."""
    from babel.messages.pofile import read_po, write_po

    for directory, folder, skip in catalogs():
        template = extract_messages(folder, skip)
        for language in [code for code in Language.own_names() if code != SOURCE_LANGUAGE]:
            po_path = directory / language / "LC_MESSAGES" / "messages.po"
            po_path.parent.mkdir(parents=True, exist_ok=True)
            if po_path.exists():
                with po_path.open("rb") as f:
                    catalog = read_po(f, locale=language)
            else:
                from babel.messages.catalog import Catalog

                catalog = Catalog(locale=language, project="Samverka")
            created = catalog.creation_date
            catalog.update(template, no_fuzzy_matching=True)
            catalog.creation_date = created  # only real changes show in the diff
            catalog.fuzzy = False
            with po_path.open("wb") as f:
                write_po(f, catalog, omit_header=False, ignore_obsolete=True, width=100, sort_output=True)
            click.echo(f"updated {po_path.relative_to(Path(current_app.root_path).parent)}")


@translate.command("compile")
def translate_compile():
    """Compile every catalog to .mo files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for directory, _folder, _skip in catalogs():
        for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=po_path.parent.parent.name)
            with po_path.with_suffix(".mo").open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)
