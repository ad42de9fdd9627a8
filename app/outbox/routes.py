"""Coordinators: the list of failed mail, and a retry button for each."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.outbox import bp
from app.outbox.models import OutboxMessage, OutboxState
from app.outbox.queries import failed_messages, outbox_counts
from app.outbox.services import retry_message
from app.routing import get_or_404, require

LIST_LIMIT = 200


@bp.route("/")
@login_required
def failed():
    require(OutboxMessage.can_manage(current_user))
    return render_template("outbox/failed.html", messages=failed_messages(LIST_LIMIT), counts=outbox_counts(),
                           limit=LIST_LIMIT, states=OutboxState)


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
