"""Uploaded files are served as downloads with a checked type, never sniffed or run by the browser."""
import pytest
from werkzeug.exceptions import NotFound

from app.uploads import send_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.mark.parametrize("data, content_type", [(PDF, "application/pdf"), (PNG, "image/png")])
def test_an_allowed_file_is_sent_as_an_attachment(app, data, content_type):
    with app.test_request_context():
        response = send_upload(data, content_type, "evidence é.pdf")
        response.direct_passthrough = False
        assert response.get_data() == data
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == content_type
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("data, content_type", [
    (b"<html><script>alert(1)</script>", "text/html"),  # a type that is not allowed
    (b"<svg onload=alert(1)>", "image/svg+xml"),
    (b"<html><script>alert(1)</script>", "application/pdf"),  # content that does not match the stored type
    (PDF, "image/png"),
])
def test_a_file_of_another_type_is_not_served(app, data, content_type):
    with app.test_request_context(), pytest.raises(NotFound):
        send_upload(data, content_type, "x")
