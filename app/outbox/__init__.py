"""The outbox: mail waiting to be sent, and the coordinators' list of mail that could not be sent."""
from flask import Blueprint

bp = Blueprint("outbox", __name__, url_prefix="/admin/mail", template_folder="templates")


from app.outbox import cli, privacy, routes, tasks, work  # noqa: E402,F401
