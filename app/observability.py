"""Logs an operator can search: a request id on every request, and in production one JSON line per request."""
import logging
import re
import time
import uuid

from flask import g, has_request_context, request
from flask_login import current_user

REQUEST_ID_HEADER = "X-Request-ID"
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
request_logger = logging.getLogger("samverka.request")


class RequestIdFilter(logging.Filter):
    """Give every log record the id of the request it was written in (or "-")."""

    def filter(self, record):
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(app):
    """Write JSON lines when LOG_FORMAT is json (production), readable text otherwise."""
    app.logger.setLevel(logging.INFO)
    root = logging.getLogger()
    if app.debug or app.testing or root.handlers:  # a test runner or a server set up logging already
        return
    root.addHandler(log_handler(app.config.get("LOG_FORMAT", "text")))
    root.setLevel(logging.INFO)


def log_handler(log_format, stream=None):
    """Return a handler writing to `stream` (standard error) as JSON lines or as text."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                                           rename_fields={"asctime": "time", "levelname": "level",
                                                          "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"))
    return handler


def register_request_logging(app):
    """Take the request id from X-Request-ID (or make one), return it, and log each request once."""

    @app.before_request
    def start_request():
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = offered if VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def finish_request(response):
        request_id = g.get("request_id") or uuid.uuid4().hex
        response.headers[REQUEST_ID_HEADER] = request_id
        if app.config.get("REQUEST_LOG"):
            started = g.get("request_started", time.perf_counter())
            request_logger.info("request", extra={
                "method": request.method,
                "route": request.url_rule.rule if request.url_rule else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": current_user.id if current_user and current_user.is_authenticated else None,
            })
        return response


# -- error reports ------------------------------------------------------------------------------------------
FILTERED = "[Filtered]"
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
PERSONAL_NUMBER = re.compile(r"\b(?:19|20)?\d{6}[-+]?\d{4}\b")  # Swedish personnummer / organisation number
KEPT_HEADERS = {"accept", "accept-language", "content-length", "content-type", "host", "user-agent",
                "x-request-id", "x-forwarded-proto"}


# Ask the SDK to collect little; scrub_event removes the rest before anything leaves the machine.
SENTRY_DATA_COLLECTION = {"user_info": False, "http_bodies": [], "database_query_data": False,
                          "stack_frame_variables": False}


def init_error_reports(app):
    """Send unhandled errors to Sentry when SENTRY_DSN is set, with personal data scrubbed first."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=dsn, integrations=[FlaskIntegration()], data_collection=SENTRY_DATA_COLLECTION,
        before_send=scrub_event, before_breadcrumb=scrub_breadcrumb,
        environment=app.config.get("SENTRY_ENVIRONMENT"),
        traces_sample_rate=app.config.get("SENTRY_TRACES_SAMPLE_RATE", 0.0),
    )
    return True


def scrub_event(event, hint=None):
    """Remove personal data from a Sentry event: bodies, cookies, most headers, the user but their id, emails."""
    request_data = event.get("request")
    if request_data:
        request_data.pop("cookies", None)
        request_data.pop("data", None)
        request_data.pop("env", None)
        if request_data.get("query_string"):
            request_data["query_string"] = FILTERED
        headers = request_data.get("headers") or {}
        request_data["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    user = event.get("user")
    if user:
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []):
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            if "vars" in frame:
                frame["vars"] = {name: FILTERED for name in frame["vars"]}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        scrub_breadcrumb(crumb)
    return _scrub_text(event)


def scrub_breadcrumb(crumb, hint=None):
    """Keep a breadcrumb's kind and time, with emails and personal numbers removed from its text."""
    if crumb.get("category") == "query":  # SQL parameters may hold anything a person typed
        crumb.pop("data", None)
    return _scrub_text(crumb)


def _scrub_text(value):
    if isinstance(value, str):
        return PERSONAL_NUMBER.sub(FILTERED, EMAIL.sub(FILTERED, value))
    if isinstance(value, dict):
        for key in list(value):
            value[key] = _scrub_text(value[key])
        return value
    if isinstance(value, list):
        return [_scrub_text(item) for item in value]
    return value
