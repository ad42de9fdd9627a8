"""Small helpers that keep routes thin."""
from urllib.parse import urlsplit

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app.extensions import db


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
