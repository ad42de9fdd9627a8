"""Fixtures for the text and search tests."""
from tests.requests.conftest import make_request  # noqa: F401
