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
    with current_app.test_request_context(base_url=base_url()):
        yield


def base_url():
    """Return the site's address for links made outside a request: BASE_URL, else SERVER_NAME."""
    config = current_app.config
    if config.get("BASE_URL"):
        return config["BASE_URL"]
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    return "http://localhost:5000"


def external_url(endpoint, **values):
    """Return an absolute URL to an endpoint."""
    with request_context():
        return url_for(endpoint, _external=True, **values)


def queue_mail(*args, **kwargs):
    """Queue an email (sent after commit), rendering it inside a request context."""
    with request_context():
        return queue_email(*args, **kwargs)
