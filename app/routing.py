"""Small helpers that keep routes thin."""
import re
from urllib.parse import urlsplit

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.i18n import gettext as _

LARGEST_ID = 2**31 - 1  # PostgreSQL's integer; larger numbers in an address cannot name a row
LARGEST_PAGE = 100_000


class BoundedIntegerConverter(IntegerConverter):
    """The `int` of every route: a number too large for a row id is simply not found (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def int_arg(name, default=None, low=0, high=LARGEST_ID):
    """Read a whole number from the query string; answer 400 when it is not one between low and high."""
    raw = request.args.get(name, "").strip()
    if raw == "":
        return default
    if not re.fullmatch(r"-?[0-9]{1,12}", raw) or not low <= int(raw) <= high:
        abort(400, description=_("“%(name)s” must be a whole number from %(low)s to %(high)s.",
                                 name=name, low=low, high=high))
    return int(raw)


def page_number():
    """Read the page number of a list (1 when none is given)."""
    return int_arg("page", default=1, low=1, high=LARGEST_PAGE)


def get_or_404(model, object_id):
    """Load one row by primary key or answer 404."""
    obj = db.session.get(model, object_id)
    if obj is None:
        abort(404)
    return obj


def require(allowed: bool):
    """Answer 403 (or send a visitor to sign in) unless `allowed`."""
    if not allowed:
        if not current_user.is_authenticated:
            from app.extensions import login_manager

            abort(login_manager.unauthorized())
        abort(403)


def done(message, endpoint, **values):
    """Commit the request's work, say so, and go on to the page."""
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def refused(message, endpoint, **values):
    """Say what the form lacks and go back to the page, writing nothing."""
    flash(message, "error")
    return redirect(url_for(endpoint, **values))


def is_safe_path(target):
    """Return whether `target` is a path on this site (no scheme, no host)."""
    if not target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def redirect_back(default_endpoint, **values):
    """Redirect to a safe `next` value, else to the default endpoint."""
    target = request.form.get("next") or request.args.get("next")
    if is_safe_path(target):
        return redirect(target)
    return redirect(url_for(default_endpoint, **values))
