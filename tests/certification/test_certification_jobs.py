"""The certificate expiry job, run twice at a frozen moment: the reminder goes once."""
from datetime import datetime, time, timedelta, timezone

import sqlalchemy as sa

from app.certification import jobs
from app.accounts.constants import OrganisationKind
from app.certification.models import AssessmentState, Certificate
from app.extensions import db


def test_expiry_reminders_run_twice_go_once(app, people, make_user, make_org, make_assessment, mailbox):
    member = make_user(name="Maja Member")
    org = make_org(name="Kooperativet Lagom", kind=OrganisationKind.social_business, admins=[member])
    make_assessment(org, member, state=AssessmentState.approved, coordinator=people.coordinator)
    with app.app_context():
        certificate = db.session.scalars(sa.select(Certificate)).one()
        expires = certificate.expires_on
    mailbox.clear()
    now = datetime.combine(expires - timedelta(days=59), time(5, 40), tzinfo=timezone.utc)
    with app.app_context():
        assert jobs.send_certificate_expiry_reminders(now=now) == 1
        assert jobs.send_certificate_expiry_reminders(now=now) == 0
        assert jobs.send_certificate_expiry_reminders(now=now + timedelta(days=1)) == 0
        assert db.session.scalars(sa.select(Certificate)).one().reminder_sent_at == now
    assert len([m for m in mailbox.to(member.email) if "expires on" in m.subject]) == 1
