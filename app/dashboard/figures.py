"""The dashboard's figures: each a few aggregate queries over one area, for a date range."""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from statistics import median

import sqlalchemy as sa

from app.accounts.constants import SECTOR_LABELS
from app.accounts.models import Organisation
from app.certification.models import Certificate
from app.colabs.constants import RegistrationState, SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db
from app.matching.constants import STATE_LABELS as MATCH_STATE_LABELS
from app.matching.constants import MatchState
from app.matching.models import Match
from app.requests.models import Request


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date

    @property
    def start_at(self):
        return datetime.combine(self.start, time.min, tzinfo=timezone.utc)

    @property
    def end_at(self):
        """The first moment after the range (exclusive upper bound)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=timezone.utc)


@dataclass
class Figures:
    members_by_sector: list[tuple[str, int]]
    members: int
    goal: int
    matches_by_stage: list[tuple[str, int]]
    matches: int
    customers: int
    requests_submitted: int
    requests_answered: int
    median_days_to_first_answer: float | None
    sessions_held: int
    seats_taken: int
    attended: int
    certified_now: int
    certificates_issued: int
    extra: dict = field(default_factory=dict)

    @property
    def customer_share(self):
        return self.customers / self.matches if self.matches else None

    @property
    def attendance_rate(self):
        return self.attended / self.seats_taken if self.seats_taken else None


def alliance_members(period: DateRange):
    """Return (sector label, members) as of the end of the period."""
    rows = dict(db.session.execute(
        sa.select(Organisation.sector, sa.func.count())
        .where(Organisation.member_since.is_not(None), Organisation.member_since <= period.end)
        .group_by(Organisation.sector)
    ).all())
    return [(label, rows.get(sector, 0)) for sector, label in SECTOR_LABELS.items()]


def match_stages(period: DateRange):
    """Return (stage label, matches) for matches suggested in the period."""
    rows = dict(db.session.execute(
        sa.select(Match.state, sa.func.count())
        .where(Match.created_at >= period.start_at, Match.created_at < period.end_at)
        .group_by(Match.state)
    ).all())
    return [(MATCH_STATE_LABELS[state], rows.get(state, 0)) for state in MatchState], rows.get(
        MatchState.became_customer, 0)


def request_figures(period: DateRange):
    """Return requests submitted, answered (a first answer in the period) and the median days to it."""
    submitted = db.session.scalar(
        sa.select(sa.func.count()).select_from(Request)
        .where(Request.submitted_at >= period.start_at, Request.submitted_at < period.end_at)
    )
    answered = db.session.execute(
        sa.select(Request.submitted_at, Request.first_answer_at)
        .where(Request.first_answer_at >= period.start_at, Request.first_answer_at < period.end_at,
               Request.submitted_at.is_not(None))
    ).all()
    waits = [(first - sent).total_seconds() / 86400 for sent, first in answered]
    return submitted, len(answered), (round(median(waits), 1) if waits else None)


def colab_figures(period: DateRange):
    """Return sessions held in the period, seats taken in them and how many came."""
    held = (
        sa.select(ColabSession.id)
        .where(ColabSession.starts_at >= period.start_at, ColabSession.starts_at < period.end_at,
               ColabSession.state.in_([SessionState.published, SessionState.completed]))
    )
    sessions = db.session.scalar(sa.select(sa.func.count()).select_from(held.subquery()))
    seats, attended = db.session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(ColabRegistration.attended.is_(True)))
        .where(ColabRegistration.session_id.in_(held), ColabRegistration.state == RegistrationState.registered)
    ).one()
    return sessions, seats, attended


def certification_figures(period: DateRange):
    """Return businesses holding a valid certificate at the end of the period, and certificates issued in it."""
    valid_at_end = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Certificate.organisation_id)))
        .where(Certificate.issued_on <= period.end, Certificate.expires_on > period.end,
               sa.or_(Certificate.revoked_at.is_(None), Certificate.revoked_at >= period.end_at))
    )
    issued = db.session.scalar(
        sa.select(sa.func.count()).select_from(Certificate)
        .where(Certificate.issued_on >= period.start, Certificate.issued_on <= period.end)
    )
    return valid_at_end, issued


def compute_figures(period: DateRange, goal: int) -> Figures:
    """Gather every figure of the dashboard for one period."""
    members_by_sector = alliance_members(period)
    matches_by_stage, customers = match_stages(period)
    submitted, answered, median_days = request_figures(period)
    sessions, seats, attended = colab_figures(period)
    certified, issued = certification_figures(period)
    return Figures(
        members_by_sector=members_by_sector, members=sum(n for _, n in members_by_sector), goal=goal,
        matches_by_stage=matches_by_stage, matches=sum(n for _, n in matches_by_stage), customers=customers,
        requests_submitted=submitted, requests_answered=answered, median_days_to_first_answer=median_days,
        sessions_held=sessions, seats_taken=seats, attended=attended,
        certified_now=certified, certificates_issued=issued,
    )
