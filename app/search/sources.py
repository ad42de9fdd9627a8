"""What site-wide search looks through: one source per kind of page, with that page's own permission.

Each source names the index kind it reads, a SELECT of the ids the person may see (the same rule as
the page the hit links to: `can_view` on the model, written as a query), and how to show a hit.
Requests are indexed by the requests area and offerings and needs by matching; sessions and the
certified organisations are indexed here.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from app.accounts.models import Organisation
from app.certification.models import Certificate
from app.colabs.constants import SessionState
from app.colabs.models import ColabSession
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching.constants import NeedState
from app.matching.models import Need, Offering
from app.matching.services import NEED, OFFERING
from app.requests.constants import RequestState
from app.requests.models import Request
from app.requests.search import REQUEST, request_text
from app.text import index as text_index

SESSION, ORGANISATION = "session", "organisation"
text_index.register(SESSION, ColabSession, ("title", "description", "outcome_notes"),
                    lambda s: (s.title, "\n".join(p for p in (s.description, s.outcome_notes) if p)),
                    language=lambda s: s.language if s.language in ("sv", "en") else None)
text_index.register(ORGANISATION, Organisation, ("name", "description"),
                    lambda o: (o.name, o.description or ""))


@dataclass(frozen=True)
class Hit:
    """One found page: its title and address, the text to quote from, and a line about it."""

    title: str
    url: str
    text: str
    meta: str


@dataclass(frozen=True)
class Source:
    name: str  # in the address: ?kind=results
    kind: str  # the index kind it reads
    label: object  # lazy, plural ("Published results")
    visible: Callable  # visible(user) -> SELECT of ids, or None if the person may see none
    load: Callable  # load(ids) -> {id: object}
    hit: Callable  # hit(object) -> Hit


def _signed_in(user):
    return user is not None and user.is_authenticated


def _published_results(user):
    return sa.select(Request.id).where(Request.state == RequestState.completed, Request.consent_to_publish.is_(True))


def _staff_requests(user):
    if not (_signed_in(user) and user.is_coordinator):
        return None
    return sa.select(Request.id).where(Request.state != RequestState.draft)


def _load_requests(ids):
    return {r.id: r for r in db.session.scalars(
        sa.select(Request).where(Request.id.in_(ids)).options(joinedload(Request.organisation)))}


def _result_hit(item):
    return Hit(item.title, url_for("requests.library_show", request_id=item.id), request_text(item)[1],
               item.organisation.name)


def _request_hit(item):
    return Hit(item.title, url_for("requests.show", request_id=item.id), request_text(item)[1],
               f"{item.organisation.name} · {item.state.label}")


def _sessions(user):
    query = sa.select(ColabSession.id)
    if _signed_in(user) and user.is_coordinator:
        return query
    return query.where(ColabSession.state != SessionState.draft)


def _load_sessions(ids):
    return {s.id: s for s in db.session.scalars(sa.select(ColabSession).where(ColabSession.id.in_(ids)))}


def _session_hit(item):
    from app.formatting import datetime_filter

    return Hit(item.title, url_for("colabs.show_session", session_id=item.id),
               "\n".join(p for p in (item.description, item.outcome_notes) if p), datetime_filter(item.starts_at))


def _certified(user):
    today = date.today()
    return sa.select(Certificate.organisation_id).where(Certificate.revoked_at.is_(None),
                                                        Certificate.expires_on >= today)


def _load_organisations(ids):
    return {o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))}


def _organisation_hit(item):
    from app.accounts.constants import municipality_label

    return Hit(item.name, url_for("certification.registry", q=item.name), item.description or "",
               str(municipality_label(item.municipality)))


def _offerings(user):
    """Signed-in people see available offerings, members and coordinators all of their own (Offering.can_view)."""
    if not _signed_in(user):
        return None
    if user.is_coordinator:
        return sa.select(Offering.id)
    return sa.select(Offering.id).where(sa.or_(Offering.available.is_(True),
                                               Offering.organisation_id.in_(_own_organisations(user))))


def _needs(user):
    """Signed-in people see open needs, members and coordinators all of their own (Need.can_view)."""
    if not _signed_in(user):
        return None
    if user.is_coordinator:
        return sa.select(Need.id)
    is_open = sa.and_(Need.state == NeedState.open, sa.or_(Need.deadline.is_(None), Need.deadline >= date.today()))
    return sa.select(Need.id).where(sa.or_(is_open, Need.organisation_id.in_(_own_organisations(user))))


def _own_organisations(user):
    return [m.organisation_id for m in user.approved_memberships]


def _load(model):
    def load(ids):
        return {o.id: o for o in db.session.scalars(
            sa.select(model).where(model.id.in_(ids)).options(joinedload(model.organisation)))}
    return load


def _offering_hit(item):
    return Hit(item.title, url_for("matching.show_offering", offering_id=item.id), item.description,
               f"{item.organisation.name} · {item.category.label}")


def _need_hit(item):
    return Hit(item.title, url_for("matching.show_need", need_id=item.id), item.description,
               f"{item.organisation.name} · {item.category.label}")


SOURCES = (
    Source("results", REQUEST, _l("Published results"), _published_results, _load_requests, _result_hit),
    Source("sessions", SESSION, _l("Co-lab sessions"), _sessions, _load_sessions, _session_hit),
    Source("registry", ORGANISATION, _l("Certified social enterprises"), _certified, _load_organisations,
           _organisation_hit),
    Source("offerings", OFFERING, _l("Offerings"), _offerings, _load(Offering), _offering_hit),
    Source("needs", NEED, _l("Needs"), _needs, _load(Need), _need_hit),
    Source("requests", REQUEST, _l("Requests to the science shop"), _staff_requests, _load_requests, _request_hit),
)


def sources_for(user):
    """Return [(source, SELECT of visible ids)] for the sources this person may search."""
    found = []
    for source in SOURCES:
        ids = source.visible(user)
        if ids is not None:
            found.append((source, ids))
    return found
