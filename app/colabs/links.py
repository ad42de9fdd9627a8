"""Absolute links and mail rendering that also work outside a web request (cron, threads)."""
from flask import url_for

from app.email import queue_email
from app.links import request_context


def external_url(endpoint, **values):
    """Return an absolute URL to an endpoint."""
    with request_context():
        return url_for(endpoint, _external=True, **values)


def queue_mail(*args, **kwargs):
    """Queue an email (sent after commit), rendering it inside a request context."""
    with request_context():
        return queue_email(*args, **kwargs)
