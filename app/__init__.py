"""Samverka: the workbench of the Alliance for Social Innovation and Change."""
import logging
import os
from importlib import import_module
from pathlib import Path

from flask import Flask, abort, request
from flask_login import current_user

from config import Config, ProductionConfig
from app.extensions import babel, csrf, db, limiter, login_manager, migrate

# Each area is a package with a blueprint called `bp`; order is the navigation order.
AREAS = ["main", "accounts", "organisations", "requests", "colabs", "certification", "matching", "dashboard", "search"]


def create_app(config_class=None):
    """Build the application for one configuration."""
    config_class = config_class or _config_from_environment()
    if hasattr(config_class, "check"):
        config_class.check()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(_translation_directories(app))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_security_headers(app)
    register_request_guards(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def _config_from_environment():
    if os.environ.get("SAMVERKA_ENV", "").lower() == "production":
        return ProductionConfig
    return Config


def _translation_directories(app):
    """Return the shared catalog and each area's own, relative to the app package."""
    root = Path(app.root_path)
    directories = ["translations"]
    for area in sorted(p for p in root.iterdir() if (p / "translations").is_dir()):
        directories.append(f"{area.name}/translations")
    return [str(root / d) for d in directories]


def configure_logging(app):
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app.logger.setLevel(logging.INFO)


def register_extensions(app):
    from app import email  # noqa: F401  (session events that send mail after commit)
    from app.db_types import render_migration_item
    from app.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True, render_item=render_migration_item)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    from app.i18n import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.session_protection = "basic"


def register_blueprints(app):
    for area in AREAS:
        module = import_module(f"app.{area}")
        app.register_blueprint(module.bp)


def register_errorhandlers(app):
    from app.main.errors import register

    register(app)


def register_security_headers(app):
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; object-src 'none'"
    )

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


def register_request_guards(app):
    @app.before_request
    def refuse_nul_bytes():
        """Answer 400 to input with NUL bytes, which no form needs and PostgreSQL cannot store."""
        for values in (request.args, request.form):
            if any("\x00" in value for value in values.values()):
                abort(400)


def register_template_helpers(app):
    from app import formatting
    from app.i18n import current_language

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(formatting.FILTERS)

    @app.context_processor
    def inject_globals():
        return {
            "languages": app.config["LANGUAGES"],
            "current_language": current_language(),
            "navigation": _navigation(),
        }


def _navigation():
    """Collect the main navigation from each area's optional `nav_items()`."""
    items = []
    for area in AREAS:
        module = import_module(f"app.{area}")
        nav = getattr(module, "nav_items", None)
        if nav:
            items.extend(nav())
    return items


def register_commands(app):
    from app.cli import register

    register(app)
