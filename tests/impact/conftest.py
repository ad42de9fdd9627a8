"""Factories for the impact area: the catalogue, commitments, reports in a chosen state."""
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from app.accounts.models import Organisation, User
from app.extensions import db
from app.impact import services
from app.impact.catalogue import DEFAULT_FILE, load_file
from app.impact.constants import EvidenceLevel, Frequency, ReportState
from app.impact.models import Commitment, IndicatorVersion, Report


# The indicators the tests use (loading all of the starter catalogue for each test would be slow).
TEST_CODES = {"VOL-HOURS", "FOOD-MEALS", "WORK-IN-6M", "WORK-PARTICIPANTS", "ORG-STAFF-TURNOVER", "WELL-WHO5",
              "VOL-PEOPLE"}


@pytest.fixture
def catalogue(app):
    """Load part of the starter catalogue; return {code: version id}."""
    with app.test_request_context():
        whole = load_file(DEFAULT_FILE)
        services.load_catalogue(whole.model_copy(update={
            "indicators": [i for i in whole.indicators if i.code in TEST_CODES]}))
        db.session.commit()
        return {code: v.id for code, v in services.indicators_by_code(
            [i.code for i in load_file(DEFAULT_FILE).indicators]).items()}


@pytest.fixture
def commit_to(app, catalogue):
    """Commit an organisation to a catalogue indicator (or a custom one when code is None)."""
    def make(organisation, user, code="VOL-HOURS", baseline="100", target="200", first_period="2025H1",
             frequency=Frequency.half_yearly, custom_name="Our own count", at=None):
        with app.test_request_context():
            version = db.session.get(IndicatorVersion, catalogue[code]) if code else None
            commitment = services.create_commitment(
                db.session.get(Organisation, organisation.id), db.session.get(User, user.id), version=version,
                custom_name="" if code else custom_name, custom_unit="" if code else "things",
                frequency=frequency, baseline_value=Decimal(baseline), baseline_on=date(2024, 12, 31),
                baseline_source="Our own register", first_period=first_period, targets={})
            if target is not None:
                services.revise_target(commitment, first_period, Decimal(target), "First target",
                                       db.session.get(User, user.id),
                                       at=at or datetime(2025, 1, 10, tzinfo=timezone.utc))
            db.session.commit()
            return commitment.id
    return make


@pytest.fixture
def make_report(app):
    """Write a report straight into a state (for aggregation and permission tables)."""
    def make(commitment_id, period="2025H1", state=ReportState.approved, value=None, numerator=None,
             denominator=None, people=None, evidence=EvidenceLevel.documented, deadweight=None, attribution=None,
             co_deliverers=()):
        with app.app_context():
            report = Report(commitment_id=commitment_id, period=period, state=state,
                            value=None if value is None else Decimal(str(value)),
                            numerator=None if numerator is None else Decimal(str(numerator)),
                            denominator=None if denominator is None else Decimal(str(denominator)),
                            people_covered=people, evidence_level=evidence,
                            deadweight_pct=None if deadweight is None else Decimal(str(deadweight)),
                            attribution_pct=None if attribution is None else Decimal(str(attribution)))
            report.co_deliverers = [db.session.get(Organisation, o.id) for o in co_deliverers]
            db.session.add(report)
            db.session.commit()
            return report.id
    return make


@pytest.fixture
def businesses(make_user, make_org):
    """Five social businesses, each with one admin: [(organisation, user)]."""
    from app.accounts.constants import OrganisationKind

    out = []
    for number in range(5):
        user = make_user(name=f"Admin {number}")
        out.append((make_org(name=f"Business {number}", kind=OrganisationKind.social_business, admins=[user],
                             member_since=date(2024, 1, 1)), user))
    return out


def commitment_of(app, commitment_id):
    with app.app_context():
        return db.session.get(Commitment, commitment_id)


@pytest.fixture
def make_session_for_clinic(app, make_user):
    """Add a clinic (a co-lab session of the clinic format); with an attendee, one that has taken place."""
    from datetime import timedelta

    from app.colabs.constants import RegistrationState, SessionFormat, SessionState
    from app.colabs.models import ColabRegistration, ColabSession
    from app.db_types import utcnow

    def make(title="Clinic: reporting together", attendee=None, days=-10):
        starts = utcnow().replace(microsecond=0) + timedelta(days=days)
        with app.app_context():
            session = ColabSession(title=title, format=SessionFormat.clinic, description="Bring your figures.",
                                   starts_at=starts, ends_at=starts + timedelta(hours=2), capacity=10,
                                   state=SessionState.completed if attendee else SessionState.published,
                                   arrivals=1 if attendee else 0)
            db.session.add(session)
            db.session.flush()
            if attendee:
                db.session.add(ColabRegistration(session_id=session.id, user_id=attendee.id, arrival=1,
                                                 state=RegistrationState.registered, attended=True))
            db.session.commit()
            return session.id
    return make
