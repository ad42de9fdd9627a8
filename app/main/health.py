"""Health checks for load balancers and orchestrators: /healthz (alive) and /readyz (ready to serve).

Both answer JSON without a sign-in, are exempt from rate limits and say nothing secret: only the
name and the outcome of each check. /readyz runs every check in READINESS_CHECKS; another part of
the application adds its own with `@readiness_check("name")` (a check returns None when all is
well, the string "skipped" when it does not apply, and raises when something is wrong).
"""
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, jsonify

from app.extensions import db, limiter
from app.main import bp

READINESS_CHECKS: list[tuple[str, Callable]] = []
SKIPPED = "skipped"


def readiness_check(name):
    """Register a function as one named check of /readyz."""
    def decorator(function):
        READINESS_CHECKS.append((name, function))
        return function
    return decorator


@readiness_check("database")
def database_reachable():
    """Run a trivial query on the database."""
    db.session.execute(sa.text("SELECT 1"))


@readiness_check("migrations")
def migrations_at_head():
    """Compare the database's Alembic revision with the newest migration shipped with the code."""
    current = set(db.session.scalars(sa.text("SELECT version_num FROM alembic_version")))
    if current != migration_heads():
        raise RuntimeError("the database schema is not at the newest migration (run flask db upgrade)")


@readiness_check("task_queue")
def task_queue_reachable():
    """Ping the task queue's storage when the application has one."""
    huey = current_app.extensions.get("task_queue", {}).get("huey")
    if huey is None:
        return SKIPPED
    huey.storage.queue_size()  # reads the queue's storage (Redis or SQLite)
    return None


def migration_heads():
    """Return the head revisions of the migrations directory (read once per process)."""
    heads = current_app.extensions.get("samverka_migration_heads")
    if heads is None:
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        directory = current_app.extensions["migrate"].directory
        config = Config()
        config.set_main_option("script_location", str(Path(current_app.root_path).parent / directory)
                               if not Path(directory).is_absolute() else directory)
        heads = set(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["samverka_migration_heads"] = heads
    return heads


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Answer that the process is up."""
    return jsonify(status="ok")


@bp.route("/readyz")
@limiter.exempt
def readyz():
    """Run every readiness check; 200 when all pass, 503 otherwise."""
    results, ready = {}, True
    for name, check in READINESS_CHECKS:
        started = time.perf_counter()
        try:
            outcome = check()
            status = SKIPPED if outcome == SKIPPED else "ok"
        except Exception:  # each check's failure is reported, not raised: that is this page's job
            current_app.logger.warning("Readiness check %s failed", name, exc_info=True)
            db.session.rollback()
            status, ready = "failing", False
        results[name] = {"status": status, "milliseconds": round((time.perf_counter() - started) * 1000, 1)}
    response = jsonify(status="ok" if ready else "unavailable", checks=results)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
