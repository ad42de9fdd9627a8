"""Tell people what happened: in the list, and by email at once or in a digest, as each person chose."""
from collections import defaultdict

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

from app.accounts.models import User
from app.db_types import utcnow
from app.email import queue_email
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.links import request_context
from app.notifications.kinds import AREAS, DIGESTS, KINDS, DeliveryMode, Kind, area_rank, kinds_for
from app.notifications.models import Notification, NotificationPreference

ONE_CLICK = {"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


# -- choices ------------------------------------------------------------------------------------------------
def preferences_of(user) -> dict[str, DeliveryMode]:
    """Return {kind key: mode} for every kind this person can receive: their choice, else the default."""
    chosen = dict(db.session.execute(
        sa.select(NotificationPreference.kind, NotificationPreference.mode)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return {kind.key: chosen.get(kind.key, kind.default) for _area, kinds in kinds_for(user) for kind in kinds}


def set_preferences(user, modes: dict):
    """Save the person's delivery choice for each kind key given."""
    existing = {p.kind: p for p in db.session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for key, mode in modes.items():
        if key not in KINDS:
            continue
        if key in existing:
            existing[key].mode = mode
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=key, mode=mode))
    db.session.flush()


# -- unsubscribing ------------------------------------------------------------------------------------------
def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="samverka-unsubscribe")


def unsubscribe_token(user, kind: Kind | None = None, digest: DeliveryMode | None = None):
    """Return the token of a link that turns one kind (or everything in one digest) off for this person."""
    return _serializer().dumps({"u": user.id, "k": kind.key if kind else None, "d": digest.value if digest else None})


def read_unsubscribe_token(token):
    """Return (user, kind keys the link turns off, digest or None), or None for a bad or stale link."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or user.deleted_at is not None:
        return None
    if data.get("k") in KINDS:
        return user, [data["k"]], None
    if data.get("d") in {d.value for d in DIGESTS}:
        digest = DeliveryMode(data["d"])
        return user, [key for key, mode in preferences_of(user).items() if mode == digest], digest
    return None


def unsubscribe(user, keys):
    """Turn these kinds off for the person."""
    set_preferences(user, dict.fromkeys(keys, DeliveryMode.off))


def _mail_links(user, kind=None, digest=None):
    with request_context():
        unsubscribe_url = url_for("notifications.unsubscribe", token=unsubscribe_token(user, kind, digest),
                                  _external=True)
        settings_url = url_for("notifications.settings", _external=True)
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", **ONE_CLICK}
    return {"unsubscribe_url": unsubscribe_url, "settings_url": settings_url}, headers


# -- telling people -----------------------------------------------------------------------------------------
def _recipients(users, exclude):
    seen, people = set(), []
    for user in users:
        if user is None or user.id in seen or user.deleted_at is not None:
            continue
        if exclude is not None and user.id == exclude.id:
            continue
        seen.add(user.id)
        people.append(user)
    return people


def notify(users, kind: Kind, *, title="", link="", body="", subject=None, exclude=None, attachments=(),
           **context):
    """Tell each person once (never the one who acted), as they chose for this kind; return the notifications.

    `link` is a path inside Samverka; mail gets it as an absolute address. Immediate mail uses the
    kind's template with `context`, and carries the settings link and a one-click unsubscribe.
    """
    people = _recipients(users, exclude)
    if not people:
        return []
    chosen = dict(db.session.execute(
        sa.select(NotificationPreference.user_id, NotificationPreference.mode).where(
            NotificationPreference.user_id.in_([u.id for u in people]), NotificationPreference.kind == kind.key)
    ).all())
    made = []
    for user in people:
        mode = chosen.get(user.id, kind.default)
        if mode == DeliveryMode.off:
            continue
        with force_locale(user.locale):  # a translated title or body is kept in the recipient's language
            text_title, text_body = str(title)[:300], str(body or "")
        notification = Notification(user_id=user.id, kind=kind.key, title=text_title, link=link[:500],
                                    body=text_body, mode=mode, created_at=utcnow())
        db.session.add(notification)
        made.append(notification)
        if mode == DeliveryMode.immediate:
            links, headers = _mail_links(user, kind=kind)
            with request_context():
                queue_email(user.email, subject or kind.label, kind.template, locale=user.locale,
                            attachments=attachments, headers=headers, user=user, kind=kind, label=kind.label,
                            title=title, body=body, link=absolute(link), **links, **context)
    db.session.flush()
    return made


def absolute(link):
    """Return an absolute address for a path inside Samverka."""
    if not link or "://" in link:
        return link
    with request_context():
        return url_for("main.index", _external=True).rstrip("/") + link


# -- the list -----------------------------------------------------------------------------------------------
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


# -- digests ------------------------------------------------------------------------------------------------
def send_digests(frequency: DeliveryMode = DeliveryMode.daily, now=None):
    """Email each person one digest of their news of this frequency not yet sent; return how many digests.

    Items are grouped by area and kind, newest first; each is marked sent in the same transaction
    that writes the digest to the outbox, so running this twice sends nothing twice.
    """
    now = now or utcnow()
    pending = list(db.session.scalars(
        sa.select(Notification).where(Notification.mode == frequency, Notification.digested_at.is_(None),
                                      Notification.created_at <= now)
        .order_by(Notification.user_id, Notification.id.desc())
    ))
    by_user = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(list(by_user))))}
    sent = 0
    for user_id, notifications in by_user.items():
        claimed = db.session.execute(
            sa.update(Notification).where(Notification.id.in_([n.id for n in notifications]),
                                          Notification.digested_at.is_(None))
            .values(digested_at=now).execution_options(synchronize_session=False)
        ).rowcount
        user = users[user_id]
        if claimed != len(notifications) or user.deleted_at is not None:
            continue
        groups = defaultdict(list)
        for notification in notifications:
            groups[(notification.area, notification.kind)].append(notification)
        sections = [(AREAS.get(area, area), KINDS[key].label if key in KINDS else key,
                     [(n, absolute(n.link)) for n in items])
                    for (area, key), items in sorted(groups.items(), key=lambda pair: (area_rank(pair[0][0]),
                                                                                       pair[0][1]))]
        links, headers = _mail_links(user, digest=frequency)
        subject = (_l("Your daily Samverka digest: %(count)s new", count=len(notifications))
                   if frequency == DeliveryMode.daily
                   else _l("Your weekly Samverka digest: %(count)s new", count=len(notifications)))
        with request_context():
            queue_email(user.email, subject, "notifications/email/digest", locale=user.locale, headers=headers,
                        user=user, sections=sections, frequency=frequency, **links)
        sent += 1
    db.session.flush()
    return sent
