"""Absolute links that also work outside a web request (scheduled jobs, threads)."""
from flask import url_for

from app.links import request_context


def external_url(endpoint, **values):
    """Return an absolute URL to an endpoint."""
    with request_context():
        return url_for(endpoint, _external=True, **values)
