"""Samverka: the workbench of the Alliance for Social Innovation and Change."""
import os
from importlib import import_module
from pathlib import Path

from flask import Flask, abort, g, request
from flask_login import current_user

from config import Config, ProductionConfig
from app.extensions import babel, csrf, db, limiter, login_manager, migrate, task_queue
from app.observability import configure_logging, init_error_reports, register_request_logging

# Each area is a package with a blueprint called `bp`; order is the navigation order.
AREAS = ["main", "accounts", "organisations", "notifications", "requests", "colabs", "certification", "matching",
         "challenges", "impact", "dashboard", "search", "outbox", "audit"]


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
    init_error_reports(app)
    register_request_logging(app)
    register_converters(app)
    register_extensions(app)
    register_blueprints(app)
    register_task_queue(app)
    register_errorhandlers(app)
    register_storage(app)
    register_security_headers(app)
    register_request_guards(app)
    register_template_helpers(app)
    register_commands(app)
    register_static_files(app)
    trust_proxies(app)
    return app


def register_static_files(app):
    """Serve app/static through WhiteNoise under fingerprinted names (app/static_files.py)."""
    from app import static_files

    static_files.init_app(app)


def trust_proxies(app):
    """Behind TRUSTED_PROXIES proxies, take the client's address, scheme and host from their headers."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


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


def register_converters(app):
    """Replace `int` in every route with one bounded to the ids a row can have."""
    from app.routing import BoundedIntegerConverter

    app.url_map.converters["int"] = BoundedIntegerConverter


def register_extensions(app):
    from app import email  # noqa: F401  (session events that wake the mail worker after commit)
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
    from app import pagecache

    pagecache.init_app(app)


def register_blueprints(app):
    for area in AREAS:
        module = import_module(f"app.{area}")
        app.register_blueprint(module.bp)


def register_task_queue(app):
    """Build the app's Huey queue; each area's tasks are declared by then (its package, imported with its
    blueprint, imports its own `jobs.py`)."""
    task_queue.init_app(app)


def register_errorhandlers(app):
    from app.main.errors import register

    register(app)


def register_storage(app):
    """Remove the files stored by a request that failed before it committed."""
    from app import storage

    storage.register(app)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)


def security_headers(app, headers):
    """Set the security headers every answer carries (pages here, static files in app/static_files.py)."""
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if app.config.get("SESSION_COOKIE_SECURE"):
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"


def register_security_headers(app):
    @app.after_request
    def set_security_headers(response):
        security_headers(app, response.headers)
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


def register_request_guards(app):
    @app.before_request
    def refuse_nul_bytes():
        """Answer 400 to input with NUL bytes, which no form needs and PostgreSQL cannot store."""
        texts = [*(request.view_args or {}).values()]
        for values in (request.args, request.form):
            for key, items in values.lists():
                texts.append(key)
                texts.extend(items)
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            abort(400)

    @app.after_request
    def answer_400_to_rejected_filters(response):
        """A page shown with a filter value dropped as invalid (see FilterForm) answers 400."""
        if g.get("rejected_input") and response.status_code == 200:
            response.status_code = 400
        return response


def register_template_helpers(app):
    from app import formatting
    from app.enums import Language
    from app.i18n import current_language

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(formatting.FILTERS)

    @app.context_processor
    def inject_globals():
        return {
            "languages": Language.own_names(),
            "current_language": current_language(),
            "navigation": _navigation(),
            "unread_notifications": _unread_notifications(),
        }


def _unread_notifications():
    """Return a function that counts the person's unread notifications once per page."""
    from functools import cache

    @cache
    def count():
        if not (current_user and current_user.is_authenticated):
            return 0
        from app.notifications.services import unread_count

        return unread_count(current_user)
    return count


def _navigation():
    """Collect the main navigation, grouped by area, from each area's optional `nav_links()`."""
    from app.navigation import build_navigation

    return build_navigation(import_module(f"app.{area}") for area in AREAS)


def register_commands(app):
    from app.cli import register

    register(app)
