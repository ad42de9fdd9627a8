"""Coordinators: the list of failed mail, and a retry button for each."""
import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.outbox import bp
from app.outbox.models import OutboxMessage, OutboxState
from app.outbox.services import outbox_counts, retry_message
from app.routing import get_or_404, require

LIST_LIMIT = 200


@bp.route("/")
@login_required
def failed():
    require(OutboxMessage.can_manage(current_user))
    messages = list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.state == OutboxState.failed)
        .order_by(OutboxMessage.last_attempt_at.desc(), OutboxMessage.id.desc()).limit(LIST_LIMIT)))
    return render_template("outbox/failed.html", messages=messages, counts=outbox_counts(),
                           limit=LIST_LIMIT, form=EmptyForm(), states=OutboxState)


@bp.route("/<int:message_id>/retry", methods=["POST"])
@login_required
def retry(message_id):
    require(OutboxMessage.can_manage(current_user))
    message = get_or_404(OutboxMessage, message_id)
    require(EmptyForm().validate_on_submit())
    retry_message(message)
    db.session.commit()
    flash(_("The mail to %(recipients)s is queued again.", recipients=", ".join(message.recipients)), "success")
    return redirect(url_for("outbox.failed"))
