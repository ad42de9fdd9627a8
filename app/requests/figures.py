"""The science shop's figures for the alliance dashboard: requests, first answers, follow-up evaluations."""
import sqlalchemy as sa

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests.models import Request
from app.requests.queries import follow_up_figures
from app.signals import DashboardFigure, dashboard_figures_asked, median_days


def request_figures(period):
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
    return submitted, len(answered), median_days(answered)


@dashboard_figures_asked.connect
def dashboard_figures(_sender, period, **extra):
    """Answer the dashboard with the science shop's figures for the period."""
    submitted, answered, median_wait = request_figures(period)
    sent, evaluated, used = follow_up_figures(period.start_at, period.end_at)
    area = _l("Science shop")
    return [DashboardFigure("requests_submitted", submitted, 60, area, _l("Requests submitted")),
            DashboardFigure("requests_answered", answered, 70, area, _l("Requests given a first answer")),
            DashboardFigure("median_days_to_first_answer", median_wait, 80, area,
                            _l("Median days from submission to a first answer")),
            DashboardFigure("follow_ups_sent", sent, 90, area, _l("Follow-up evaluations sent")),
            DashboardFigure("follow_ups_answered", evaluated, 100, area, _l("Follow-up evaluations answered")),
            DashboardFigure("follow_ups_used", used, 110, area,
                            _l("Groups who used the results (of those who answered)")),
            DashboardFigure("follow_up_response_rate", evaluated / sent if sent else None),
            DashboardFigure("follow_up_used_share", used / evaluated if evaluated else None)]
