"""Absolute links for mail and calendar files, also outside a web request (cron, threads)."""
from contextlib import nullcontext

from flask import current_app, has_request_context, url_for


def external_url(endpoint, **values):
    """Return an absolute URL; outside a request the base is the BASE_URL setting."""
    if has_request_context():
        context = nullcontext()
    else:
        context = current_app.test_request_context(
            base_url=current_app.config.get("BASE_URL", "http://localhost:5000"))
    with context:
        return url_for(endpoint, _external=True, **values)
