"""Co-labs' figures for the alliance dashboard: sessions held, seats taken, attendance."""
import sqlalchemy as sa

from app.colabs.constants import RegistrationState, SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.signals import DashboardFigure, dashboard_figures_asked


def colab_figures(period):
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


@dashboard_figures_asked.connect
def dashboard_figures(_sender, period, **extra):
    """Answer the dashboard with co-labs' figures for the period."""
    sessions, seats, attended = colab_figures(period)
    area = _l("Co-labs")
    return [DashboardFigure("sessions_held", sessions, 120, area, _l("Sessions held")),
            DashboardFigure("seats_taken", seats, 130, area, _l("Seats taken")),
            DashboardFigure("attended", attended, 140, area, _l("Attended")),
            DashboardFigure("attendance_rate", attended / seats if seats else None)]
