"""Outgoing mail: rendered now, written to the outbox in the current transaction, sent by the worker.

A rolled-back transaction takes its outbox rows with it, so a change that did not happen sends nothing.
Once the transaction commits, the worker is woken to deliver (see app/outbox/delivery.py).
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event

from app.extensions import db

WAKE_KEY = "samverka_outbox_wake"          # this transaction wrote outbox rows: wake the worker on commit
WAKE_READY_KEY = "samverka_outbox_wake_ready"  # committed: wake it once the connection is back in the pool
SUPPRESS_KEY = "samverka_outbox_suppressed"  # demo data: write no mail at all


@dataclass
class Attachment:
    filename: str
    content: bytes
    maintype: str
    subtype: str


@dataclass
class OutgoingEmail:
    to: list[str]
    subject: str
    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    headers: dict = field(default_factory=dict)


def render_email(to, subject, template, locale="sv", attachments=(), headers=None, **context):
    """Render `template`.txt (and .html if present) in the recipient's language."""
    with force_locale(locale):
        text = _render(f"{template}.txt", context)
        subject = str(subject)
        html = _render(f"{template}.html", context) if _has_template(f"{template}.html") else None
    recipients = [to] if isinstance(to, str) else list(to)
    return OutgoingEmail(recipients, subject, text, html, list(attachments), dict(headers or {}))


def _render(name, context):
    """Render a mail template with only what it is given (not the pages' navigation and unread counts)."""
    return current_app.jinja_env.get_template(name).render(context)


def _has_template(name):
    known = current_app.extensions.setdefault("mail_templates", {})
    if name not in known:
        try:
            current_app.jinja_env.get_template(name)
            known[name] = True
        except TemplateNotFound:
            known[name] = False
    return known[name]


def queue_email(to, subject, template, locale="sv", attachments=(), headers: dict | None = None, **context):
    """Render a message now and write it to the outbox; it is sent once the current transaction commits.

    `headers` are extra header fields for the message (for example List-Unsubscribe).
    """
    message = render_email(to, subject, template, locale=locale, attachments=attachments, headers=headers,
                           **context)
    if db.session.info.get(SUPPRESS_KEY):
        return message
    from app.outbox.services import add_to_outbox

    add_to_outbox(message)
    return message


@contextmanager
def suppressed_email():
    """Write no mail while inside (demo data, which must not write to anyone)."""
    db.session.info[SUPPRESS_KEY] = True
    try:
        yield
    finally:
        db.session.info.pop(SUPPRESS_KEY, None)


def wake_worker_after_commit():
    """Ask for delivery once the current transaction commits."""
    db.session.info[WAKE_KEY] = True


def _committed(session):
    if session.in_nested_transaction():  # a savepoint was released; the real commit is still to come
        return
    if session.info.pop(WAKE_KEY, False):
        session.info[WAKE_READY_KEY] = True


def _transaction_ended(session, transaction):
    # Wake the worker only now that the session has given its connection back to the pool: in immediate
    # mode delivery runs right here and takes a connection of its own.
    if transaction.parent is None and session.info.pop(WAKE_READY_KEY, False):
        from app.outbox.delivery import request_delivery

        request_delivery()


def _forget_wake(session, previous_transaction):
    if not previous_transaction.nested:
        session.info.pop(WAKE_KEY, None)


event.listen(db.session, "after_commit", _committed)
event.listen(db.session, "after_transaction_end", _transaction_ended)
event.listen(db.session, "after_soft_rollback", _forget_wake)

