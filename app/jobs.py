"""The shared frame of the worker's periodic jobs; each area declares its own in `app/<area>/jobs.py`.

Each job is one transaction: what it marks as done (a reminder sent, a digest item sent) is committed
together with the outbox rows of its mail, so a failed run leaves nothing marked and a second run
sends nothing twice. The CLI commands of each area call the same functions.
"""
from app.extensions import db
from app.links import request_context


def run_job(job, *args, **kwargs):
    """Run one job in its own transaction, with links to the public address; return what it returns."""
    with request_context():
        try:
            result = job(*args, **kwargs)
        except BaseException:
            db.session.rollback()
            raise
        db.session.commit()
    return result
