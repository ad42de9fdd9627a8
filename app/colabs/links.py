"""Absolute links and mail rendering that also work outside a web request (cron, threads)."""
from contextlib import contextmanager

from flask import current_app, has_request_context, url_for

from app.email import queue_email


@contextmanager
def request_context():
    """Reuse the current request, or stand in one whose base is the BASE_URL setting."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=current_app.config.get("BASE_URL", "http://localhost:5000")):
        yield


def external_url(endpoint, **values):
    """Return an absolute URL to an endpoint."""
    with request_context():
        return url_for(endpoint, _external=True, **values)


def queue_mail(*args, **kwargs):
    """Queue an email (sent after commit), rendering it inside a request context."""
    with request_context():
        return queue_email(*args, **kwargs)
