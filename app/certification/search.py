"""The registry of certified businesses in site-wide search: organisations indexed by name and description."""
from datetime import date

import sqlalchemy as sa
from flask import url_for

from app.accounts.models import Organisation
from app.certification.models import Certificate
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.search.sources import Hit, Source, search_sources_asked
from app.text import index as text_index

ORGANISATION = "organisation"
text_index.register(ORGANISATION, Organisation, ("name", "description"),
                    lambda o: (o.name, o.description or ""))


def _certified(_user):
    today = date.today()
    return sa.select(Certificate.organisation_id).where(Certificate.revoked_at.is_(None),
                                                        Certificate.expires_on >= today)


def _load_organisations(ids):
    return {o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))}


def _organisation_hit(item):
    from app.accounts.constants import municipality_label

    return Hit(item.name, url_for("certification.registry", q=item.name), item.description or "",
               str(municipality_label(item.municipality)))


@search_sources_asked.connect
def search_sources(_sender, **extra):
    """Certification's kind of page in site-wide search: the registry's organisations."""
    return [Source("registry", ORGANISATION, _l("Certified social enterprises"), _certified, _load_organisations,
                   _organisation_hit, order=30)]
