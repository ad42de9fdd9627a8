"""Factories for matching: offerings and needs made through the services (so they are indexed)."""
from datetime import date

import pytest

from app.accounts.models import Organisation, User
from app.extensions import db
from app.matching import services
from app.matching.constants import BudgetBand, Capacity, Category, Timeframe
from app.matching.models import Match, Need, Offering


@pytest.fixture
def make_offering(app):
    def make(organisation, title="Städning av kontor", description="Vi städar kontor och trapphus i Malmö.",
             category=Category.cleaning, municipalities=("1280",), whole_region=False, capacity=Capacity.medium,
             themes=(), available=True, swedish=True, english=False, creator=None):
        with app.app_context():
            org = db.session.get(Organisation, organisation.id)
            user = db.session.get(User, creator.id) if creator else None
            offering = services.create_offering(
                org, user or _any_user(), title=title, description=description, category=category,
                themes=list(themes), capacity=capacity, available=available, whole_region=whole_region,
                works_in_swedish=swedish, works_in_english=english, municipalities=list(municipalities),
            )
            db.session.commit()
            offering_id = offering.id
        return _detached(app, Offering, offering_id)
    return make


@pytest.fixture
def make_need(app):
    def make(organisation, title="Städning av våra kontor", description="Vi behöver städning av kontor och trapphus.",
             category=Category.cleaning, municipality="1280", language="sv", budget_band=BudgetBand.up_to_250k,
             timeframe=Timeframe.within_3_months, themes=(), is_procurement=False, deadline=None, creator=None):
        with app.app_context():
            org = db.session.get(Organisation, organisation.id)
            user = db.session.get(User, creator.id) if creator else None
            need = services.create_need(
                org, user or _any_user(), title=title, description=description, category=category,
                themes=list(themes), municipality=municipality, language=language, budget_band=budget_band,
                timeframe=timeframe, is_procurement=is_procurement, deadline=deadline,
            )
            db.session.commit()
            need_id = need.id
        return _detached(app, Need, need_id)
    return make


def _any_user():
    user = db.session.scalar(db.select(User).order_by(User.id))
    return user


def _detached(app, model, object_id):
    with app.app_context():
        obj = db.session.get(model, object_id)
        db.session.refresh(obj)
        db.session.expunge(obj)
    return obj


@pytest.fixture
def market(people, make_offering, make_need, make_org):
    """A stakeholder's need, the business's offering that fits it, and a second business's offering."""
    need = make_need(people.stakeholder_org, creator=people.stakeholder)
    offering = make_offering(people.business_org, creator=people.business)
    other_org = make_org(name="Other Business", kind=people.business_org.kind)
    other = make_offering(other_org, title="Fönsterputs", description="Fönsterputs och städning för företag i Malmö.")
    return type("Market", (), {"need": need, "offering": offering, "other": other, "other_org": other_org})


def get_match(app, need_id, offering_id):
    with app.app_context():
        match = db.session.scalar(db.select(Match).filter_by(need_id=need_id, offering_id=offering_id))
        if match is not None:
            db.session.expunge(match)
        return match


__all__ = ["get_match", "date"]
