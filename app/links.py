"""Absolute links that also work outside a web request (cron jobs, threads)."""
from contextlib import contextmanager

from flask import current_app, has_request_context, url_for


def base_url():
    """Return the site's public address: BASE_URL, else SERVER_NAME, else the development server."""
    config = current_app.config
    if config.get("BASE_URL"):
        return config["BASE_URL"]
    if config.get("SERVER_NAME"):
        return f"{config.get('PREFERRED_URL_SCHEME', 'http')}://{config['SERVER_NAME']}"
    return "http://localhost:5000"


def path_for(endpoint, **values):
    """Return the path of an endpoint, inside a web request or outside one (scheduled jobs, demo data)."""
    with request_context():
        return url_for(endpoint, **values)


@contextmanager
def request_context():
    """Reuse the current request, or stand in one whose links start with the public address."""
    if has_request_context():
        yield
        return
    with current_app.test_request_context(base_url=base_url()):
        yield
