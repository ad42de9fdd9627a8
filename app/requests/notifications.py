"""Notifications: an in-app list, and email at once or in a daily digest, per person and kind."""
from collections import defaultdict

import sqlalchemy as sa
from flask import url_for

from app.accounts.models import User
from app.db_types import utcnow
from app.email import queue_email
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.requests.constants import DEFAULT_DELIVERY, NOTIFICATION_LABELS, DeliveryMode, NotificationKind
from app.requests.models import Notification, NotificationPreference


def preferences_of(user) -> dict:
    """Return {kind: mode} for every kind, the person's choices over the defaults."""
    chosen = dict(db.session.execute(
        sa.select(NotificationPreference.kind, NotificationPreference.mode)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return {kind: chosen.get(kind, DEFAULT_DELIVERY.get(kind, DeliveryMode.immediate)) for kind in NotificationKind}


def set_preferences(user, modes: dict):
    """Save the person's choice of delivery for each kind."""
    existing = {p.kind: p for p in db.session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind, mode in modes.items():
        if kind in existing:
            existing[kind].mode = mode
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, mode=mode))
    db.session.flush()


def notify(users, kind: NotificationKind, request, exclude=None, body=""):
    """Tell each person (once, never the one who acted) according to their preference."""
    seen = set()
    recipients = []
    for user in users:
        if user is None or user.id in seen or (exclude is not None and user.id == exclude.id):
            continue
        if user.deleted_at is not None:
            continue
        seen.add(user.id)
        recipients.append(user)
    if not recipients:
        return []
    chosen = dict(
        ((row.user_id, row.kind), row.mode) for row in db.session.scalars(
            sa.select(NotificationPreference).where(
                NotificationPreference.user_id.in_([u.id for u in recipients]),
                NotificationPreference.kind == kind))
    )
    made = []
    link = url_for("requests.show", request_id=request.id, _external=True) if request is not None else ""
    for user in recipients:
        mode = chosen.get((user.id, kind), DEFAULT_DELIVERY.get(kind, DeliveryMode.immediate))
        if mode == DeliveryMode.off:
            continue
        notification = Notification(user_id=user.id, kind=kind, request_id=request.id if request else None,
                                    mode=mode, created_at=utcnow())
        db.session.add(notification)
        made.append(notification)
        if mode == DeliveryMode.immediate:
            queue_email(user.email, NOTIFICATION_LABELS[kind], "requests/email/notification", locale=user.locale,
                        user=user, kind=kind, label=NOTIFICATION_LABELS[kind], request=request, link=link, body=body)
    db.session.flush()
    return made


def unread_count(user):
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def mark_all_read(user):
    db.session.execute(
        sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def send_digests():
    """Email each person one message with their digest notifications not yet sent; return how many."""
    pending = list(db.session.scalars(
        sa.select(Notification).where(Notification.mode == DeliveryMode.digest, Notification.digested_at.is_(None))
        .order_by(Notification.user_id, Notification.id)
        .options(sa.orm.selectinload(Notification.request))
    ))
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(by_user))))}
    now = utcnow()
    sent = 0
    for user_id, notifications in by_user.items():
        user = users[user_id]
        items = [(n, url_for("requests.show", request_id=n.request_id, _external=True) if n.request_id else "")
                 for n in notifications]
        if user.deleted_at is None:
            queue_email(user.email, _l("Your Samverka digest: %(count)s new", count=len(items)),
                        "requests/email/digest", locale=user.locale, user=user, items=items)
            sent += 1
        for notification in notifications:
            notification.digested_at = now
    db.session.flush()
    return sent
