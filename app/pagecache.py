"""Public pages, cached: anonymous GETs served from a shared cache until what they show changes.

Each area (the package a model lives in: `app.colabs.models.ColabSession` belongs to "colabs") has a
data version, a row in `data_versions`. A session that writes an area's rows bumps that area's
version in the same transaction, just before it commits, so the new version is visible exactly when
the new rows are, to every worker and machine. A new area needs nothing for that: the area is read
from the changed model's module, whether the change is an ORM flush or a bulk `insert/update/delete`
of a model.

A view marked `@public_page()` (or `@public_page("requests", "accounts")`, the areas whose rows it
shows; by default every area but those no public page reads) is cached for visitors who are not signed in, keyed by its address (path and
query), the language it is shown in, and the versions of those areas. A write therefore shows at
once: the next request asks for a key that is not yet in the cache. Pages are kept in Flask-Caching:
in the process by default, in Redis when `CACHE_REDIS_URL` (or `CACHE_TYPE`) says so, so that
several workers and machines share them.

The answer carries an `ETag` and a `Last-Modified` (the areas' latest change), so that a browser's
revalidation gets `304 Not Modified`, and `Cache-Control: public` with a short shared lifetime for
a proxy. A page is never stored when it would set a cookie or show a flashed message, and a
signed-in person's page is never read from or written to the cache (it is `private, no-store`).
"""
import hashlib
import zlib
from datetime import UTC, datetime
from functools import lru_cache, wraps

import sqlalchemy as sa
from flask import current_app, g, make_response, request, session
from flask_login import current_user
from sqlalchemy import event

from app.extensions import cache, db

KEY = "changed_areas"
# Areas whose rows no public page shows: their writes (mail sent, notices read, audit lines) keep pages cached.
QUIET = ("audit", "notifications", "outbox")
PROXY_SECONDS = 15  # how long a shared proxy may keep a public page without asking again

data_versions = sa.Table(
    "data_versions", db.metadata,
    sa.Column("area", sa.String(40), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False, default=0),
    sa.Column("changed_at", sa.DateTime(timezone=False), nullable=False),
)


# -- which areas a transaction changed ---------------------------------------------------------------
def area_of(model) -> str | None:
    """Return the area a model belongs to: the package under `app` its module is in."""
    parts = getattr(model, "__module__", "").split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "app" else None


def _collect_flushed(session, flush_context):
    areas = session.info.setdefault(KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        area = area_of(type(obj))
        if area:
            areas.add(area)


def mark_changed(session, area):
    """Count a write that the session does not see (Core statements on its connection) as a change of an area."""
    session.info.setdefault(KEY, set()).add(area)


def pending(session, area) -> bool:
    """Return whether this session has written an area's rows that it has not committed yet."""
    return area in session.info.get(KEY, ())


def _collect_bulk(state):
    """An ORM-enabled bulk `insert(Model)`, `update(Model)` or `delete(Model)` changes that model's area."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    mapper = state.bind_mapper
    area = area_of(mapper.class_) if mapper is not None else None
    if area:
        state.session.info.setdefault(KEY, set()).add(area)


def _bump_before_commit(session):
    """Write the changed areas' new versions in the committing transaction (after a last flush)."""
    session.flush()
    areas = session.info.pop(KEY, None)
    if areas:
        bump(session.connection(), areas)


def _forget(session, *_args):
    session.info.pop(KEY, None)


def bump(connection, areas):
    """Raise the version of each area by one (an upsert, in sorted order so that writers never deadlock)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    for area in sorted(areas):
        statement = insert(data_versions).values(area=area, version=1, changed_at=now)
        connection.execute(statement.on_conflict_do_update(
            index_elements=["area"],
            set_={"version": data_versions.c.version + 1, "changed_at": now}))


event.listen(db.session, "after_flush", _collect_flushed)
event.listen(db.session, "do_orm_execute", _collect_bulk)
event.listen(db.session, "before_commit", _bump_before_commit)
event.listen(db.session, "after_rollback", _forget)


@lru_cache(maxsize=64)
def _versions_query(areas):
    """The statement reading the areas' versions, built once (it runs on every visitor's request)."""
    query = sa.select(data_versions.c.area, data_versions.c.version, data_versions.c.changed_at)
    return query.where(data_versions.c.area.in_(sorted(areas)) if areas is not None
                       else data_versions.c.area.not_in(QUIET))


def versions(areas=None) -> tuple[tuple, datetime | None]:
    """Return ((area, version, changed at), ...) for the areas (None: every area but the QUIET ones),
    and when the latest of them changed."""
    rows = db.session.connection().execute(_versions_query(frozenset(areas) if areas is not None else None))
    found = {area: (version, changed) for area, version, changed in rows}
    # The time is part of the stamp too, so that versions counted again from nothing (a restored
    # backup, emptied tables) never meet a page cached before.
    stamp = tuple((area, *found.get(area, (0, None))) for area in sorted(areas if areas is not None else found))
    changed = [c for _v, c in found.values() if c is not None]
    return stamp, (max(changed).replace(tzinfo=UTC) if changed else None)


# -- the cache around a public view --------------------------------------------------------------------
def _cacheable_request():
    if not current_app.config.get("PAGE_CACHE_ENABLED", True) or request.method not in ("GET", "HEAD"):
        return False
    if current_user and getattr(current_user, "is_authenticated", False):
        return False
    return not session.get("_flashes")


def _storable(response):
    return (response.status_code == 200 and response.mimetype == "text/html" and not response.direct_passthrough
            and "Set-Cookie" not in response.headers and not session.modified and not g.get("rejected_input"))


def _public_headers(response, etag, changed):
    response.set_etag(etag)
    if changed is not None:
        response.last_modified = changed
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={PROXY_SECONDS}"
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def public_page(*areas):
    """Cache a public view's page for anonymous visitors until a change to one of `areas` commits.

    Without areas the page depends on every area but the QUIET ones, so that an area added later
    (and its models) invalidates it with no line written; name the areas only to keep a page longer.
    """

    depends = frozenset(areas) if areas else None

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not _cacheable_request():
                return view(*args, **kwargs)
            from app.i18n import current_language

            stamp, changed = versions(depends)
            full_path = request.full_path if request.query_string else request.path
            digest = hashlib.sha1(repr((full_path, current_language(), stamp)).encode()).hexdigest()
            key = f"page:{digest}"
            stored = cache.get(key)
            if stored is not None:
                body, etag = stored
                response = make_response(zlib.decompress(body))
                response.mimetype = "text/html"
                g.page_cache = "hit"
                return _public_headers(response, etag, changed)
            response = make_response(view(*args, **kwargs))
            if not _storable(response):
                return response
            data = response.get_data()
            etag = hashlib.sha1(data).hexdigest()[:20]
            cache.set(key, (zlib.compress(data, 1), etag))
            g.page_cache = "miss"
            return _public_headers(response, etag, changed)

        wrapper.public_page_areas = areas
        return wrapper

    return decorator


def init_app(app):
    """Configure Flask-Caching: Redis when CACHE_REDIS_URL is set, else in the process."""
    settings = {"CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_DEFAULT_TIMEOUT", 600),
                "CACHE_KEY_PREFIX": app.config.get("CACHE_KEY_PREFIX", "samverka:")}
    if app.config.get("CACHE_TYPE"):
        settings["CACHE_TYPE"] = app.config["CACHE_TYPE"]
    elif app.config.get("CACHE_REDIS_URL"):
        settings["CACHE_TYPE"] = "RedisCache"
    else:
        settings.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=app.config.get("CACHE_THRESHOLD", 2000))
    cache.init_app(app, config={**{k: v for k, v in app.config.items() if k.startswith("CACHE_")}, **settings})
