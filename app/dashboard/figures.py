"""The dashboard's figures: each a few aggregate queries over one area, for a date range."""
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from statistics import median

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from app.accounts.constants import Sector
from app.accounts.models import Organisation
from app.certification.models import Certificate, CertificateState
from app.colabs.constants import RegistrationState, SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db
from app.matching.constants import MatchState
from app.i18n import lazy_gettext as _l
from app.matching.models import Match, MatchEvent
from app.requests.models import Request
from app.requests.queries import follow_up_figures


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
    matches_answered: int = 0
    median_days_to_match_answer: float | None = None
    challenges_posted: int = 0
    proposals_sent: int = 0
    pilots_started: int = 0
    pilots_completed: int = 0
    proposals_per_challenge: tuple = ((), 0)  # ([(challenge, proposals)], challenges left out): small ones folded
    challenge_sectors: tuple = ((), 0)  # ([(sector, organisations)], sectors left out)
    follow_ups_sent: int = 0
    follow_ups_answered: int = 0
    follow_ups_used: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def follow_up_response_rate(self):
        return self.follow_ups_answered / self.follow_ups_sent if self.follow_ups_sent else None

    @property
    def follow_up_used_share(self):
        return self.follow_ups_used / self.follow_ups_answered if self.follow_ups_answered else None

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
    return [(label, rows.get(sector, 0)) for sector, label in ((s, s.label) for s in Sector)]


def match_stages(period: DateRange):
    """Return (stage label, matches) for matches suggested in the period."""
    rows = dict(db.session.execute(
        sa.select(Match.state, sa.func.count())
        .where(Match.created_at >= period.start_at, Match.created_at < period.end_at)
        .group_by(Match.state)
    ).all())
    return [(state.label, rows.get(state, 0)) for state in MatchState], rows.get(
        MatchState.became_customer, 0)


def _median_days(pairs):
    waits = [(later - earlier).total_seconds() / 86400 for earlier, later in pairs]
    return round(median(waits), 1) if waits else None


def match_answer_figures(period: DateRange):
    """Return matches given their first answer in the period (introduced, or no fit while still suggested)
    and the median days from the suggestion to it."""
    first = (
        sa.select(MatchEvent.match_id, sa.func.min(MatchEvent.created_at, type_=MatchEvent.created_at.type).label("at"))
        .where(MatchEvent.from_state == MatchState.suggested).group_by(MatchEvent.match_id).subquery()
    )
    answered = db.session.execute(
        sa.select(Match.created_at, first.c.at).join(first, first.c.match_id == Match.id)
        .where(first.c.at >= period.start_at, first.c.at < period.end_at)
    ).all()
    return len(answered), _median_days(answered)


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
    return submitted, len(answered), _median_days(answered)


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


_figures_lock = threading.Lock()
_figures_cache: OrderedDict = OrderedDict()  # (period, goal, today, data versions) -> Figures
KEPT_FIGURES = 64


def compute_figures(period: DateRange, goal: int) -> Figures:
    """Return every figure of the dashboard for one period, computed once per period and data version.

    The figures read every area; they are kept (per process, the last KEPT_FIGURES periods) under the
    data versions of all areas (app.pagecache) and today's date, so that a committed change anywhere,
    or a new day, counts them again. A transaction with writes of its own counts afresh.
    """
    from app.extensions import db
    from app.pagecache import KEY, versions

    if db.session.info.get(KEY):
        return _compute_figures(period, goal)
    key = (period, goal, date.today(), versions()[0])
    with _figures_lock:
        figures = _figures_cache.get(key)
        if figures is not None:
            _figures_cache.move_to_end(key)
            return figures
    figures = _compute_figures(period, goal)
    with _figures_lock:
        _figures_cache[key] = figures
        while len(_figures_cache) > KEPT_FIGURES:
            _figures_cache.popitem(last=False)
    return figures


def _compute_figures(period: DateRange, goal: int) -> Figures:
    """Gather every figure of the dashboard for one period."""
    members_by_sector = alliance_members(period)
    matches_by_stage, customers = match_stages(period)
    submitted, answered, median_days = request_figures(period)
    sessions, seats, attended = colab_figures(period)
    certified, issued = certification_figures(period)
    matches_answered, median_match_days = match_answer_figures(period)
    from app.challenges.figures import dashboard_breakdowns
    from app.challenges.figures import dashboard_figures as challenge_figures

    posted, proposals_sent, pilots_started, pilots_completed = challenge_figures(period)
    proposals_per_challenge, challenge_sectors = dashboard_breakdowns(period)
    follow_ups_sent, follow_ups_answered, follow_ups_used = follow_up_figures(period.start_at, period.end_at)
    return Figures(
        members_by_sector=members_by_sector, members=sum(n for _, n in members_by_sector), goal=goal,
        matches_by_stage=matches_by_stage, matches=sum(n for _, n in matches_by_stage), customers=customers,
        requests_submitted=submitted, requests_answered=answered, median_days_to_first_answer=median_days,
        sessions_held=sessions, seats_taken=seats, attended=attended,
        certified_now=certified, certificates_issued=issued,
        matches_answered=matches_answered, median_days_to_match_answer=median_match_days,
        challenges_posted=posted, proposals_sent=proposals_sent, pilots_started=pilots_started,
        pilots_completed=pilots_completed, proposals_per_challenge=proposals_per_challenge,
        challenge_sectors=challenge_sectors,
        follow_ups_sent=follow_ups_sent, follow_ups_answered=follow_ups_answered, follow_ups_used=follow_ups_used,
    )


# Every figure once: (attribute, area, label); the CSV and the quarterly trend list them in this order.
FIGURES = [
    ("members", _l("Alliance"), _l("Key actors in the alliance (end of period)")),
    ("matches", _l("Matching"), _l("Matches suggested")),
    ("matches_answered", _l("Matching"), _l("Matches given a first answer")),
    ("median_days_to_match_answer", _l("Matching"), _l("Median days from suggestion to a first answer")),
    ("customers", _l("Matching"), _l("Matches that became customers")),
    ("requests_submitted", _l("Science shop"), _l("Requests submitted")),
    ("requests_answered", _l("Science shop"), _l("Requests given a first answer")),
    ("median_days_to_first_answer", _l("Science shop"), _l("Median days from submission to a first answer")),
    ("follow_ups_sent", _l("Science shop"), _l("Follow-up evaluations sent")),
    ("follow_ups_answered", _l("Science shop"), _l("Follow-up evaluations answered")),
    ("follow_ups_used", _l("Science shop"), _l("Groups who used the results (of those who answered)")),
    ("sessions_held", _l("Co-labs"), _l("Sessions held")),
    ("seats_taken", _l("Co-labs"), _l("Seats taken")),
    ("attended", _l("Co-labs"), _l("Attended")),
    ("certified_now", _l("Certification"), _l("Businesses holding a valid certificate (end of period)")),
    ("certificates_issued", _l("Certification"), _l("Certificates issued")),
    ("challenges_posted", _l("Challenge"), _l("Challenges published")),
    ("proposals_sent", _l("Challenge"), _l("Proposals submitted")),
    ("pilots_started", _l("Challenge"), _l("Pilots started")),
    ("pilots_completed", _l("Challenge"), _l("Pilots completed")),
]


def quarters(count=8, today=None):
    """Return the last `count` calendar quarters as DateRanges, oldest first; the last one ends today."""
    today = today or date.today()
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    ranges = [DateRange(start, today)]
    while len(ranges) < count:
        end = start - timedelta(days=1)
        start -= relativedelta(months=3)
        ranges.append(DateRange(start, end))
    return ranges[::-1]


def quarter_label(period: DateRange):
    return f"{period.start.year} Q{(period.start.month - 1) // 3 + 1}"


def trend(goal, count=8, today=None):
    """Return [(quarter label, Figures)] for the last `count` quarters, oldest first."""
    return [(quarter_label(q), compute_figures(q, goal)) for q in quarters(count, today)]


@dataclass
class KeyActor:
    organisation: Organisation
    requests: int
    matches: int
    sessions: int
    certified: bool

    def took_part_in(self):
        """Return what the organisation took part in, as (label, number) pairs."""
        return [(_l("Science-shop requests"), self.requests), (_l("Tracked matches"), self.matches),
                (_l("Co-lab sessions"), self.sessions)]


def key_actors(today=None):
    """Return the alliance's members by name, each with what it took part in, in a fixed number of queries."""
    from sqlalchemy.orm import joinedload

    from app.accounts.constants import MembershipState
    from app.accounts.models import Membership
    from app.matching.models import Need, Offering
    from app.requests.constants import RequestState

    today = today or date.today()
    organisations = db.session.scalars(
        sa.select(Organisation).where(Organisation.member_since.is_not(None))
        .options(joinedload(Organisation.contact_person)).order_by(Organisation.name, Organisation.id)).all()
    ids = [o.id for o in organisations]
    if not ids:
        return []
    requests = dict(db.session.execute(
        sa.select(Request.organisation_id, sa.func.count())
        .where(Request.organisation_id.in_(ids), Request.state != RequestState.draft)
        .group_by(Request.organisation_id)).all())
    matches = {}
    for side, key in ((Need, Match.need_id), (Offering, Match.offering_id)):
        for organisation_id, number in db.session.execute(
                sa.select(side.organisation_id, sa.func.count(Match.id)).join(Match, key == side.id)
                .where(side.organisation_id.in_(ids)).group_by(side.organisation_id)).all():
            matches[organisation_id] = matches.get(organisation_id, 0) + number
    sessions = dict(db.session.execute(
        sa.select(Membership.organisation_id, sa.func.count(sa.distinct(ColabRegistration.session_id)))
        .join(ColabRegistration, ColabRegistration.user_id == Membership.user_id)
        .where(Membership.organisation_id.in_(ids), Membership.state == MembershipState.approved,
               ColabRegistration.state == RegistrationState.registered)
        .group_by(Membership.organisation_id)).all())
    certified = set(db.session.scalars(
        sa.select(Certificate.organisation_id).where(
            Certificate.organisation_id.in_(ids), Certificate.state == CertificateState.valid,
            Certificate.issued_on <= today, Certificate.expires_on > today)))
    return [KeyActor(o, requests.get(o.id, 0), matches.get(o.id, 0), sessions.get(o.id, 0), o.id in certified)
            for o in organisations]
