"""Speed measurements: each module seeds its data set and writes its section of bench/RESULTS.md."""
import re
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(heading, body):
    """Replace (or add) one area's section, "## heading", of bench/RESULTS.md."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    section = f"## {heading}\n" + body.rstrip() + "\n"
    pattern = re.compile(r"^## " + re.escape(heading) + r"\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def rebuild_schema(app):
    """Drop every table (and the science shop's SQLite search table), then build the schema by the migrations."""
    with app.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        if db.engine.dialect.name == "sqlite":
            db.session.execute(sa.text("DROP TABLE IF EXISTS requests_fts"))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS))
