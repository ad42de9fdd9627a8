"""Error pages inside the layout, and domain errors turned into answers."""
from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.errors import DomainError
from app.extensions import db

ERROR_STATUSES = (400, 403, 404, 405, 409, 413, 429, 500)


def register(app):
    """Render every error status with the shared layout."""

    def render_error(status, message=None):
        db.session.rollback()
        template = f"errors/{status}.html" if status in (400, 403, 404, 429, 500) else "errors/generic.html"
        return render_template(template, status=status, message=message), status

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code not in ERROR_STATUSES:
            return error
        # A 400 raised with its own description (see app.routing.int_arg) says what was wrong.
        own = error.description if error.code == 400 and error.description != type(error).description else None
        response = render_error(error.code, message=own)
        if error.code == 429 or error.code == 405:
            body, status = response
            original = error.get_response()
            headers = {k: v for k, v in original.headers.items() if k.lower() in {"retry-after", "allow"}}
            return body, status, headers
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, message=error.description)

    @app.errorhandler(DomainError)
    def domain_error(error):
        return render_error(error.status_code, message=str(error))

    @app.errorhandler(500)
    def server_error(error):
        return render_error(500)
