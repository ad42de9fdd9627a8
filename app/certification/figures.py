"""Certification's figures for the alliance dashboard: businesses certified, certificates issued."""
import sqlalchemy as sa

from app.certification.models import Certificate
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.signals import DashboardFigure, dashboard_figures_asked


def certification_figures(period):
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


@dashboard_figures_asked.connect
def dashboard_figures(_sender, period, **extra):
    """Answer the dashboard with certification's figures for the period."""
    certified, issued = certification_figures(period)
    area = _l("Certification")
    return [DashboardFigure("certified_now", certified, 150, area,
                            _l("Businesses holding a valid certificate (end of period)")),
            DashboardFigure("certificates_issued", issued, 160, area, _l("Certificates issued"))]
