"""Request ids, one JSON log line per request in production."""
import io
import json
import logging

import pytest

from app.observability import log_handler, request_logger


@pytest.fixture
def json_log():
    """Capture the request log as the production handler writes it."""
    stream = io.StringIO()
    handler = log_handler("json", stream)
    request_logger.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    yield stream
    request_logger.removeHandler(handler)


def test_a_request_id_is_made_and_returned(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["X-Request-ID"]) == 32
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_sane_request_id_from_the_proxy_is_kept(client):
    assert client.get("/healthz", headers={"X-Request-ID": "edge-42.abc"}).headers["X-Request-ID"] == "edge-42.abc"


@pytest.mark.parametrize("offered", ["", "a b", "x" * 200, "<script>", "ä"])
def test_an_odd_request_id_is_replaced(client, offered):
    returned = client.get("/healthz", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert returned != offered and len(returned) == 32


def test_production_logs_one_json_line_per_request(make_app, people, json_log):
    app = make_app(REQUEST_LOG=True)
    client = app.test_client(user=people.coordinator)
    client.get("/organisations/1", headers={"X-Request-ID": "req-1"})
    client.get("/no-such-page", headers={"X-Request-ID": "req-2"})
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    assert len(lines) == 2
    first, missing = lines
    assert first["message"] == "request" and first["method"] == "GET"
    assert first["route"] == "/organisations/<int:organisation_id>" and first["status"] == 200
    assert first["request_id"] == "req-1" and first["user_id"] == people.coordinator.id
    assert isinstance(first["duration_ms"], float) and first["level"] == "INFO" and "time" in first
    assert missing["status"] == 404 and missing["route"] is None and missing["request_id"] == "req-2"


def test_without_request_log_nothing_is_written(make_app, json_log):
    make_app(REQUEST_LOG=False).test_client().get("/healthz")
    assert json_log.getvalue() == ""


def test_production_config_writes_json_request_logs():
    from config import ProductionConfig

    assert ProductionConfig.REQUEST_LOG is True and ProductionConfig.LOG_FORMAT == "json"
