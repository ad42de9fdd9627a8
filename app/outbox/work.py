"""What waits for coordinators in the outbox, for their "My work" page."""
import sqlalchemy as sa
from flask import url_for

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.outbox.models import OutboxMessage, OutboxState
from app.work import WorkItem, work_provider


@work_provider("outbox", _l("Mail"))
def failed_mail(user):
    """Mail the worker gave up on, for a coordinator to look at and send again."""
    if not user.is_coordinator:
        return []
    count = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.state == OutboxState.failed))
    return [WorkItem(_l("Mail that could not be sent"), count, url_for("outbox.failed"))]
