"""Speed measurements: each module seeds its data set and writes its section of bench/RESULTS.md."""
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade

from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def rebuild_schema(app):
    """Drop every table (and the science shop's SQLite search table), then build the schema by the migrations."""
    with app.app_context():
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        if db.engine.dialect.name == "sqlite":
            db.session.execute(sa.text("DROP TABLE IF EXISTS requests_fts"))
        db.session.commit()
        upgrade(directory=str(MIGRATIONS))
