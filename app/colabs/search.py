"""Co-lab sessions in site-wide search: indexed by their title, description and outcome notes."""
import sqlalchemy as sa
from flask import url_for

from app.colabs.constants import SessionState
from app.colabs.models import ColabSession
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.search.sources import Hit, Source, search_sources_asked, signed_in
from app.text import index as text_index

SESSION = "session"
text_index.register(SESSION, ColabSession, ("title", "description", "outcome_notes"),
                    lambda s: (s.title, "\n".join(p for p in (s.description, s.outcome_notes) if p)),
                    language=lambda s: s.language if s.language in ("sv", "en") else None)


def _sessions(user):
    query = sa.select(ColabSession.id)
    if signed_in(user) and user.is_coordinator:
        return query
    return query.where(ColabSession.state != SessionState.draft)


def _load_sessions(ids):
    return {s.id: s for s in db.session.scalars(sa.select(ColabSession).where(ColabSession.id.in_(ids)))}


def _session_hit(item):
    from app.formatting import datetime_filter

    return Hit(item.title, url_for("colabs.show_session", session_id=item.id),
               "\n".join(p for p in (item.description, item.outcome_notes) if p), datetime_filter(item.starts_at))


@search_sources_asked.connect
def search_sources(_sender, **extra):
    """Co-labs' kind of page in site-wide search: the sessions."""
    return [Source("sessions", SESSION, _l("Co-lab sessions"), _sessions, _load_sessions, _session_hit, order=20)]
