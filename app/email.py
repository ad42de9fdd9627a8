"""Outgoing mail: queued inside a transaction, sent only once it commits."""
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import event

from app.extensions import db

OUTBOX_KEY = "samverka_outbox"


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
        text = render_template(f"{template}.txt", **context)
        subject = str(subject)
        try:
            html = render_template(f"{template}.html", **context)
        except TemplateNotFound:
            html = None
    recipients = [to] if isinstance(to, str) else list(to)
    return OutgoingEmail(recipients, subject, text, html, list(attachments), dict(headers or {}))


def queue_email(to, subject, template, locale="sv", attachments=(), headers=None, **context):
    """Render a message now and send it when the current transaction commits."""
    message = render_email(to, subject, template, locale=locale, attachments=attachments, headers=headers,
                           **context)
    db.session.info.setdefault(OUTBOX_KEY, []).append(message)
    return message


def discard_queued_email():
    """Drop the mail queued in this transaction (demo data must not write to anyone)."""
    return db.session.info.pop(OUTBOX_KEY, [])


def send_email(message: OutgoingEmail):
    """Send one rendered message through the configured backend."""
    config = current_app.config
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = config["MAIL_DEFAULT_SENDER"]
    mime["To"] = ", ".join(message.to)
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = make_msgid(domain="samverka")
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    if message.html:
        mime.add_alternative(message.html, subtype="html")
    for attachment in message.attachments:
        mime.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
        )
    if config["MAIL_BACKEND"] == "log":
        current_app.logger.info("Mail (not sent, MAIL_BACKEND=log):\n%s", mime.as_string())
        return
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(mime)


def _send_outbox(session):
    if session.in_nested_transaction():  # a savepoint was released; the real commit is still to come
        return
    outbox = session.info.pop(OUTBOX_KEY, [])
    for message in outbox:
        try:
            send_email(message)
        except (OSError, smtplib.SMTPException):
            current_app.logger.exception("Could not send mail to %s", message.to)


def _drop_outbox(session, previous_transaction):
    if previous_transaction.nested:  # only a savepoint was rolled back; what the rest queued still stands
        return
    session.info.pop(OUTBOX_KEY, None)


event.listen(db.session, "after_commit", _send_outbox)
event.listen(db.session, "after_soft_rollback", _drop_outbox)
