"""Accounts: sign-up, sign-in, password reset, profile, data protection, roles."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account", template_folder="templates")

from app.accounts import routes  # noqa: E402,F401
from app.accounts import models  # noqa: E402,F401
