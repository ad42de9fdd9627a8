"""The audit log page, for coordinators."""
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user, login_required

from app.accounts.models import User
from app.audit import bp
from app.audit.forms import AuditFilterForm
from app.audit.models import AuditAction, AuditEntry
from app.extensions import db
from app.i18n import local_timezone
from app.routing import page_number, require

PER_PAGE = 50


def _start_of(day):
    """Return the moment a Stockholm calendar day begins."""
    return datetime.combine(day, time.min, tzinfo=local_timezone())


@bp.route("/")
@login_required
def index():
    require(current_user.is_coordinator)
    filters = AuditFilterForm.from_request()
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if filters.action.data:
        query = query.where(AuditEntry.action == AuditAction(filters.action.data))
    if filters.actor.data:
        needle = f"%{filters.actor.data.lower()}%"
        query = query.where(AuditEntry.actor_id.in_(sa.select(User.id).where(sa.or_(
            sa.func.lower(User.name).like(needle), sa.func.lower(User.email).like(needle)))))
    if filters.start.data:
        query = query.where(AuditEntry.at >= _start_of(filters.start.data))
    if filters.end.data:
        query = query.where(AuditEntry.at < _start_of(filters.end.data + timedelta(days=1)))
    pagination = db.paginate(query, page=page_number(), per_page=PER_PAGE, error_out=False)
    return render_template("audit/index.html", pagination=pagination, filters=filters)
