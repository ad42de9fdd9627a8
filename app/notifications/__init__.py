"""Notifications for every area: kinds each area registers, one in-app list, email at once or in digests."""
from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates", cli_group=None)


from app.notifications import commands, jobs, models, privacy, routes  # noqa: E402,F401
