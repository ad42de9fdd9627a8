"""The dashboard's figures: each area answers `dashboard_figures_asked` with its own for a date range."""
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from dateutil.relativedelta import relativedelta

from app.accounts.constants import Sector
from app.accounts.models import Organisation
from app.certification.models import Certificate, CertificateState
from app.colabs.constants import RegistrationState
from app.colabs.models import ColabRegistration
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching.models import Match
from app.requests.models import Request
from app.signals import DashboardFigure, dashboard_figures_asked


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


class Figures:
    """Every figure of one period by key (`figures.members`), and the listed ones in order (`rows`)."""

    def __init__(self, goal, answers):
        self.goal = goal
        self.values = {figure.key: figure.value for figure in answers}
        listed = sorted((f for f in answers if f.order is not None), key=lambda f: f.order)
        self.rows = [(figure.key, figure.area, figure.label) for figure in listed]

    def __getattr__(self, name):
        try:
            return self.__dict__["values"][name]
        except KeyError:
            raise AttributeError(name) from None


def alliance_members(period: DateRange):
    """Return (sector label, members) as of the end of the period."""
    rows = dict(db.session.execute(
        sa.select(Organisation.sector, sa.func.count())
        .where(Organisation.member_since.is_not(None), Organisation.member_since <= period.end)
        .group_by(Organisation.sector)
    ).all())
    return [(label, rows.get(sector, 0)) for sector, label in ((s, s.label) for s in Sector)]


@dashboard_figures_asked.connect
def _members(_sender, period, **extra):
    """The dashboard's own figure: the alliance's members, per sector and in all."""
    by_sector = alliance_members(period)
    return [DashboardFigure("members", sum(n for _, n in by_sector), 10, _l("Alliance"),
                            _l("Key actors in the alliance (end of period)")),
            DashboardFigure("members_by_sector", by_sector)]


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
    """Ask every area for its figures of one period (app.signals.dashboard_figures_asked)."""
    answers = []
    for _receiver, answer in dashboard_figures_asked.send(None, period=period):
        answers.extend(answer or ())
    return Figures(goal, answers)


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
