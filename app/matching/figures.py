"""Matching's figures for the alliance dashboard: matches suggested per stage, and first answers."""
import sqlalchemy as sa

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.matching.constants import MatchState
from app.matching.models import Match, MatchEvent
from app.signals import DashboardFigure, dashboard_figures_asked, median_days


def match_stages(period):
    """Return (stage label, matches) for matches suggested in the period, and how many became customers."""
    rows = dict(db.session.execute(
        sa.select(Match.state, sa.func.count())
        .where(Match.created_at >= period.start_at, Match.created_at < period.end_at)
        .group_by(Match.state)
    ).all())
    return [(state.label, rows.get(state, 0)) for state in MatchState], rows.get(
        MatchState.became_customer, 0)


def match_answer_figures(period):
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
    return len(answered), median_days(answered)


@dashboard_figures_asked.connect
def dashboard_figures(_sender, period, **extra):
    """Answer the dashboard with matching's figures for the period."""
    by_stage, customers = match_stages(period)
    matches = sum(n for _, n in by_stage)
    answered, median_wait = match_answer_figures(period)
    area = _l("Matching")
    return [DashboardFigure("matches", matches, 20, area, _l("Matches suggested")),
            DashboardFigure("matches_answered", answered, 30, area, _l("Matches given a first answer")),
            DashboardFigure("median_days_to_match_answer", median_wait, 40, area,
                            _l("Median days from suggestion to a first answer")),
            DashboardFigure("customers", customers, 50, area, _l("Matches that became customers")),
            DashboardFigure("matches_by_stage", by_stage),
            DashboardFigure("customer_share", customers / matches if matches else None)]
