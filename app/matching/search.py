"""Offerings and needs in site-wide search (indexed by the matching services, kinds OFFERING and NEED)."""
from datetime import date

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching.constants import NeedState
from app.matching.models import Need, Offering
from app.matching.services import NEED, OFFERING
from app.search.sources import Hit, Source, search_sources_asked, signed_in


def _offerings(user):
    """Signed-in people see available offerings, members and coordinators all of their own (Offering.can_view)."""
    if not signed_in(user):
        return None
    if user.is_coordinator:
        return sa.select(Offering.id)
    return sa.select(Offering.id).where(sa.or_(Offering.available.is_(True),
                                               Offering.organisation_id.in_(_own_organisations(user))))


def _needs(user):
    """Signed-in people see open needs, members and coordinators all of their own (Need.can_view)."""
    if not signed_in(user):
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


@search_sources_asked.connect
def search_sources(_sender, **extra):
    """Matching's kinds of page in site-wide search: offerings and needs."""
    return [Source("offerings", OFFERING, _l("Offerings"), _offerings, _load(Offering), _offering_hit, order=40),
            Source("needs", NEED, _l("Needs"), _needs, _load(Need), _need_hit, order=50)]
