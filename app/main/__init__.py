"""The home page, the language switcher and the error pages."""
from flask import Blueprint

bp = Blueprint("main", __name__, template_folder="templates")

from app.main import health, routes  # noqa: E402,F401
