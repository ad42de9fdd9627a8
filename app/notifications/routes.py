"""The notification list, the settings page and one-click unsubscribe links."""
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.extensions import csrf, db
from app.forms import EmptyForm
from app.i18n import gettext as _
from app.notifications import bp, services
from app.notifications.forms import preferences_form
from app.notifications.kinds import KINDS, kinds_for
from app.notifications.models import Notification

SHOWN = 100


@bp.route("/")
@login_required
def index():
    """The person's newest notifications."""
    rows = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == current_user.id)
        .order_by(Notification.id.desc()).limit(SHOWN)
    ).all()
    unread = any(n.read_at is None for n in rows)
    return render_template("notifications/index.html", rows=rows, unread=unread, form=EmptyForm())


@bp.route("/read", methods=["POST"])
@login_required
def mark_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_all_read(current_user)
    db.session.commit()
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """One choice per kind the person can receive, grouped by area."""
    groups = kinds_for(current_user)
    form = preferences_form(groups, services.preferences_of(current_user))
    if form.validate_on_submit():
        services.set_preferences(current_user, form.chosen_modes([k for _a, kinds in groups for k in kinds]))
        db.session.commit()
        flash(_("Your notification choices have been saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, groups=groups), 400 if form.errors else 200


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the permission; mail clients post here without a form (RFC 8058)
def unsubscribe(token):
    """Show what a link turns off; a POST (the button, or a mail client's one-click) turns it off."""
    found = services.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user, keys, _digest = found
    if request.method == "POST":
        services.unsubscribe(user, keys)
        db.session.commit()
        return render_template("notifications/unsubscribe.html", done=True, labels=[])
    return render_template("notifications/unsubscribe.html", done=False,
                           labels=[KINDS[key].label for key in keys])
