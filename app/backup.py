"""Backups of the database and the uploads, and `flask backup check`, which proves that one restores.

`flask backup create DIR` writes DIR/database.dump (pg_dump's custom format) or DIR/database.sqlite3
(SQLite's online backup), DIR/uploads.tar (every stored file, from the local folder or the bucket)
and DIR/manifest.json (the row count of every table and the list of files, taken with the dump).

`flask backup check [--from DIR]` restores the database into a scratch database (a new PostgreSQL
database, dropped afterwards, or a copy of the SQLite file), counts the rows of every table there
and compares them with the manifest; it also reads the uploads archive back. Without --from it
makes a fresh backup first. It exits with 1 when anything differs.
"""
import json
import shutil
import subprocess
import tarfile
import tempfile
import uuid
from io import BytesIO
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from app.extensions import db
from app.storage import file_storage

MANIFEST = "manifest.json"
UPLOADS = "uploads.tar"


def table_names():
    """Every table the application owns, plus Alembic's version table."""
    return [table.name for table in db.metadata.sorted_tables] + ["alembic_version"]


def row_counts(connection):
    """Return {table: number of rows} for every table."""
    return {name: connection.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            for name in table_names()}


def _libpq_url(url):
    """Return a SQLAlchemy URL as the postgresql:// form that pg_dump and pg_restore read."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_backup(directory):
    """Write the database dump, the uploads archive and the manifest into `directory`; return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    url = db.engine.url
    with db.engine.connect() as connection:
        counts = row_counts(connection)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise click.ClickException("An in-memory SQLite database cannot be backed up.")
        import sqlite3

        with sqlite3.connect(url.database) as source, sqlite3.connect(directory / "database.sqlite3") as target:
            source.backup(target)
        dump = "database.sqlite3"
    else:
        dump = "database.dump"
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                        f"--file={directory / dump}", _libpq_url(url)], check=True)
    files = {}
    storage = file_storage()
    with tarfile.open(directory / UPLOADS, "w") as archive:
        for key in storage.keys():
            data = storage.read(key)
            info = tarfile.TarInfo(key)
            info.size = len(data)
            archive.addfile(info, BytesIO(data))
            files[key] = len(data)
    manifest = {"backend": url.get_backend_name(), "database": dump, "row_counts": counts, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def restored_counts(directory, manifest):
    """Restore the dump into a scratch database, count its rows, and drop the scratch database."""
    directory = Path(directory)
    if manifest["backend"] == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "restored.sqlite3"
            shutil.copyfile(directory / manifest["database"], copy)
            engine = sa.create_engine(f"sqlite:///{copy}")
            try:
                with engine.connect() as connection:
                    return row_counts(connection)
            finally:
                engine.dispose()
    name = f"samverka_restore_check_{uuid.uuid4().hex[:12]}"
    server = sa.create_engine(db.engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        scratch_url = db.engine.url.set(database=name)
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                        f"--dbname={_libpq_url(scratch_url)}", str(directory / manifest["database"])], check=True)
        engine = sa.create_engine(scratch_url)
        try:
            with engine.connect() as connection:
                return row_counts(connection)
        finally:
            engine.dispose()
    finally:
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        server.dispose()


def archived_files(directory):
    """Return {key: size} of the files in the uploads archive (reading each one back)."""
    with tarfile.open(Path(directory) / UPLOADS) as archive:
        return {member.name: len(archive.extractfile(member).read()) for member in archive.getmembers()}


def check_backup(directory):
    """Return (lines of a report, whether the restored backup equals the manifest)."""
    manifest = json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))
    restored = restored_counts(directory, manifest)
    lines, equal = [f"{'table':<36} {'backup':>9} {'restored':>9}"], True
    for name, expected in manifest["row_counts"].items():
        got = restored.get(name)
        equal &= got == expected
        lines.append(f"{name:<36} {expected:>9} {got if got is not None else '-':>9}{'' if got == expected else '  DIFFERS'}")
    files = archived_files(directory)
    files_equal = files == manifest["files"]
    equal &= files_equal
    lines.append(f"{'uploaded files':<36} {len(manifest['files']):>9} {len(files):>9}"
                 f"{'' if files_equal else '  DIFFERS'}")
    return lines, equal


@click.group("backup")
def backup():
    """Back up the database and the uploads, and check that a backup restores."""


@backup.command("create")
@click.argument("directory", type=click.Path(file_okay=False))
@with_appcontext
def create_command(directory):
    """Write a backup (database dump, uploads archive, manifest) into DIRECTORY."""
    manifest = create_backup(directory)
    click.echo(f"Backed up {sum(manifest['row_counts'].values())} rows and {len(manifest['files'])} files "
               f"into {directory}.")


@backup.command("check")
@click.option("--from", "directory", type=click.Path(exists=True, file_okay=False),
              help="An existing backup; without it a fresh backup is made and checked.")
@with_appcontext
def check_command(directory):
    """Restore a backup into a scratch database and compare its row counts and files."""
    with tempfile.TemporaryDirectory() as fresh:
        if directory is None:
            directory = fresh
            create_backup(directory)
        lines, equal = check_backup(directory)
    for line in lines:
        click.echo(line)
    if not equal:
        raise click.ClickException("The restored backup differs from what was backed up.")
    click.echo("The backup restores: every table has the same number of rows, and every file is there.")
