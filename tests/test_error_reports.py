"""Errors go to Sentry only when SENTRY_DSN is set, and without personal data (tested without network)."""
import copy


from app.observability import FILTERED, SENTRY_DATA_COLLECTION, init_error_reports, scrub_event

EVENT = {
    "message": "Could not send mail to anna.svensson@example.se (19811228-9874)",
    "user": {"id": "42", "email": "anna.svensson@example.se", "ip_address": "203.0.113.7", "username": "anna"},
    "request": {
        "url": "https://samverka.example.org/account/profile", "method": "POST",
        "query_string": "email=anna.svensson%40example.se",
        "data": {"name": "Anna Svensson", "password": "hunter2hunter2"},
        "cookies": {"session": "secret-session"},
        "headers": {"Cookie": "session=secret-session", "Authorization": "Bearer abc", "User-Agent": "Firefox",
                    "X-Forwarded-For": "203.0.113.7", "X-Request-ID": "req-1"},
        "env": {"REMOTE_ADDR": "203.0.113.7"},
    },
    "exception": {"values": [{"type": "SMTPException", "value": "refused anna.svensson@example.se",
                              "stacktrace": {"frames": [{"function": "send", "vars": {"password": "hunter2hunter2",
                                                                                      "to": "anna@example.se"}}]}}]},
    "breadcrumbs": {"values": [{"category": "query", "message": "SELECT * FROM users WHERE email = ?",
                                "data": {"params": ["anna@example.se"]}},
                               {"category": "log", "message": "signed in bertil@example.org"}]},
}


def test_scrubbing_removes_personal_data():
    scrubbed = scrub_event(copy.deepcopy(EVENT))
    text = repr(scrubbed)
    for secret in ("anna", "Anna", "hunter2", "secret-session", "203.0.113.7", "19811228-9874", "Bearer", "bertil"):
        assert secret not in text, secret
    assert scrubbed["user"] == {"id": "42"}
    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox", "X-Request-ID": "req-1"}
    assert scrubbed["request"]["url"] == "https://samverka.example.org/account/profile"
    assert scrubbed["exception"]["values"][0]["type"] == "SMTPException"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"] == {"password": FILTERED,
                                                                                   "to": FILTERED}


def test_no_dsn_means_no_error_reports(app):
    assert init_error_reports(app) is False


def test_an_error_in_a_request_reaches_the_transport_scrubbed(make_app, people):
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration
    from sentry_sdk.transport import Transport

    sent = []

    class Capture(Transport):
        def capture_envelope(self, envelope):
            sent.extend(item.payload.json for item in envelope.items if item.payload.json)

    app = make_app(PROPAGATE_EXCEPTIONS=False)

    def explode():
        raise RuntimeError("boom for anna.svensson@example.se")

    app.add_url_rule("/explode-for-test", "explode", explode, methods=["POST"])
    for scope in (sentry_sdk.get_global_scope(), sentry_sdk.get_isolation_scope(), sentry_sdk.get_current_scope()):
        scope.clear_breadcrumbs()  # left by earlier tests in this worker, about other people
    sentry_sdk.init(dsn="https://key@sentry.invalid/1", transport=Capture(), integrations=[FlaskIntegration()],
                    data_collection=SENTRY_DATA_COLLECTION, before_send=scrub_event, default_integrations=False)
    try:
        response = app.test_client(user=people.plain).post("/explode-for-test?email=anna%40example.se",
                                                           data={"password": "hunter2hunter2"})
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None, default_integrations=False)
    assert response.status_code == 500
    events = [e for e in sent if e.get("exception")]
    assert events, sent
    text = repr(events)
    assert "boom for" in text and "anna" not in text and "hunter2" not in text
