"""Delivery: the worker sends due outbox rows over one reused SMTP connection.

Rows are claimed with a compare-and-set UPDATE (state queued -> sending, with a claim token), so two
workers never send the same row. A row is marked sent only after the server accepted it. Temporary
failures (no connection, 4xx) are retried with exponential backoff; a permanent one (5xx), or running
out of tries, leaves the row failed with its last error, for a coordinator to see and retry.
"""
import secrets
import smtplib
import sqlite3
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import redis.exceptions
import sqlalchemy as sa
from flask import current_app

from app.db_types import utcnow
from app.extensions import db, task_queue
from app.outbox.models import OutboxMessage, OutboxState

# A worker that died while sending leaves its rows "sending"; after this long another worker may take them.
STALE_CLAIM = timedelta(minutes=15)
HEADERS_SET_HERE = {"subject", "from", "to", "date", "message-id", "content-type", "mime-version"}


class ConnectionFailed(Exception):
    """The SMTP server could not be reached (or refused the session): every message waits for the next try."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    connections: int = 0


def retry_delay(attempts, base_seconds):
    """Return how long to wait after the `attempts`-th failed try: base, 2 x base, 4 x base, ..."""
    return timedelta(seconds=base_seconds * 2 ** (attempts - 1))


def build_mime(row, sender):
    """Return the MIME message of an outbox row."""
    mime = EmailMessage()
    mime["Subject"] = row.subject
    mime["From"] = sender
    mime["To"] = ", ".join(row.recipients)
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = make_msgid(domain="samverka")
    for name, value in (row.headers or {}).items():
        if name.lower() not in HEADERS_SET_HERE:
            mime[name] = value
    mime.set_content(row.text)
    if row.html:
        mime.add_alternative(row.html, subtype="html")
    for filename, content, maintype, subtype in row.attachment_parts():
        mime.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return mime


def is_permanent(error):
    """Return whether the server refused for good (5xx) rather than for now (4xx, lost connection)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def describe(error):
    """Return a short text of an error for the outbox list."""
    if isinstance(error, ConnectionFailed) and error.__cause__ is not None:
        error = error.__cause__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{rcpt}: {code} {_text(message)}" for rcpt, (code, message) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {_text(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"[:1000]


def _text(message):
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else str(message)


class SmtpConnection:
    """One SMTP session, opened on first use, reopened once if the server drops it."""

    def __init__(self, config):
        self.config = config
        self.smtp = None
        self.opened = 0

    def connect(self):
        config = self.config
        smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
        try:
            smtp = smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=config["MAIL_TIMEOUT"])
        except (OSError, smtplib.SMTPException) as error:
            raise ConnectionFailed() from error
        try:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except (OSError, smtplib.SMTPException) as error:
            smtp.close()
            raise ConnectionFailed() from error
        self.smtp = smtp
        self.opened += 1

    def send(self, mime):
        """Send one message; return the recipients the server refused while accepting the others."""
        if self.smtp is None:
            self.connect()
        try:
            return self.smtp.send_message(mime)
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            self.close()  # the server dropped the session: open a new one and try this message once more
            self.connect()
            try:
                return self.smtp.send_message(mime)
            except (smtplib.SMTPServerDisconnected, ConnectionError) as error:
                self.close()
                raise ConnectionFailed() from error

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                self.smtp.close()
            self.smtp = None


class LogConnection:
    """MAIL_BACKEND=log: write each message to the application log instead of sending it."""

    opened = 0

    def send(self, mime):
        current_app.logger.info("Mail (not sent, MAIL_BACKEND=log):\n%s", mime.as_string())
        return {}

    def close(self):
        pass


def claim_due(now, limit):
    """Claim up to `limit` due rows for this worker and return them (detached); commits the claim."""
    db.session.execute(  # rows of a worker that died while sending become due again
        sa.update(OutboxMessage)
        .where(OutboxMessage.state == OutboxState.sending, OutboxMessage.claimed_at < now - STALE_CLAIM)
        .values(state=OutboxState.queued, claim_token=None).execution_options(synchronize_session=False))
    due = (sa.select(OutboxMessage.id)
           .where(OutboxMessage.state == OutboxState.queued, OutboxMessage.next_attempt_at <= now)
           .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    token = secrets.token_hex(16)
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(db.session.scalars(due))), OutboxMessage.state == OutboxState.queued)
        .values(state=OutboxState.sending, claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False))
    db.session.commit()
    rows = list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)))
    db.session.expunge_all()
    db.session.commit()
    return rows


def _finish(row, now, **values):
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.claim_token == row.claim_token,
               OutboxMessage.state == OutboxState.sending)
        .values(claim_token=None, attempts=row.attempts + 1, last_attempt_at=now, **values)
        .execution_options(synchronize_session=False))
    db.session.commit()


def _mark_sent(row, now, refused=None):
    """Mark a row sent; recipients the server refused while it took the others are noted as its error."""
    error = describe(smtplib.SMTPRecipientsRefused(refused)) if refused else None
    _finish(row, now, state=OutboxState.sent, sent_at=now, last_error=error)


def _mark_failed(row, now, error):
    _finish(row, now, state=OutboxState.failed, last_error=describe(error))


def _retry_later(row, now, error, report):
    """Schedule the next try, or give up (failed) when the tries are used up."""
    config = current_app.config
    attempts = row.attempts + 1
    if attempts >= config["MAIL_MAX_ATTEMPTS"]:
        _mark_failed(row, now, error)
        report.failed += 1
        return
    _finish(row, now, state=OutboxState.queued, last_error=describe(error),
            next_attempt_at=now + retry_delay(attempts, config["MAIL_RETRY_BASE_SECONDS"]))
    report.retried += 1


def deliver_due(now=None):
    """Send every due row over one reused connection; return a DeliveryReport. Commits after each row."""
    config = current_app.config
    connection = LogConnection() if config["MAIL_BACKEND"] == "log" else SmtpConnection(config)
    report = DeliveryReport()
    try:
        while True:
            moment = now or utcnow()
            claimed = claim_due(moment, config["MAIL_BATCH_SIZE"])
            if not claimed:
                break
            for index, row in enumerate(claimed):
                try:
                    mime = build_mime(row, config["MAIL_DEFAULT_SENDER"])
                except (ValueError, TypeError) as error:  # a message that cannot be written will never go
                    _mark_failed(row, moment, error)
                    report.failed += 1
                    continue
                try:
                    refused = connection.send(mime)
                except ConnectionFailed as error:
                    current_app.logger.warning("Mail server unreachable, %d message(s) wait: %s",
                                               len(claimed) - index, describe(error))
                    for waiting in claimed[index:]:
                        _retry_later(waiting, moment, error, report)
                    return report
                except (smtplib.SMTPException, OSError) as error:
                    if is_permanent(error):
                        current_app.logger.error("Mail %d to %s refused: %s", row.id, row.recipients,
                                                 describe(error))
                        _mark_failed(row, moment, error)
                        report.failed += 1
                    else:
                        _retry_later(row, moment, error, report)
                else:
                    _mark_sent(row, moment, refused)
                    report.sent += 1
    finally:
        connection.close()
        report.connections = connection.opened
    return report


def request_delivery():
    """Wake the worker to deliver what is due (in immediate mode: deliver now)."""
    try:
        task_queue.enqueue("deliver_outbox")
    except (OSError, sqlite3.Error, redis.exceptions.RedisError) as error:  # the queue is unreachable
        current_app.logger.warning("Could not wake the mail worker (%s); the next sweep sends the mail.", error)
