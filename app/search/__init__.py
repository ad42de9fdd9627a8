"""Site-wide search: one page (and the header's search box) over everything the person may see."""
from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search", template_folder="templates")

from app.search import routes, sources  # noqa: E402,F401
