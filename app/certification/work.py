"""What waits for people in certification, for their "My work" page."""
import sqlalchemy as sa
from flask import url_for

from app.certification.models import Assessment, AssessmentState, Certificate, CertificateState
from app.certification.services import businesses_of
from app.extensions import db
from app.formatting import date_filter
from app.i18n import lazy_gettext as _l
from app.work import WorkItem, work_provider


@work_provider("certification", _l("Certification"))
def assessments_to_review(user):
    """Submitted assessments waiting for a coordinator's review."""
    if not user.is_coordinator:
        return []
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)
                              .where(Assessment.state == AssessmentState.submitted))
    return [WorkItem(_l("Assessments to review"), count,
                     url_for("certification.queue", state=AssessmentState.submitted.value))]


@work_provider("certification", _l("Certification"))
def my_certification(user):
    """Each of the person's social businesses: its certificate and expiry, and assessments that wait on it."""
    businesses = businesses_of(user)
    if not businesses:
        return []
    ids = [b.id for b in businesses]
    counts = dict(db.session.execute(
        sa.select(Assessment.state, sa.func.count()).where(Assessment.organisation_id.in_(ids))
        .group_by(Assessment.state)).all())
    latest = {}
    for certificate in db.session.scalars(
            sa.select(Certificate).where(Certificate.organisation_id.in_(ids), Certificate.state != CertificateState.revoked)
            .order_by(Certificate.expires_on)):
        latest[certificate.organisation_id] = certificate
    index = url_for("certification.index")
    items = [
        WorkItem(_l("Assessments the reviewer sent back for changes"),
                 counts.get(AssessmentState.changes_requested, 0), index),
        WorkItem(_l("Assessments in draft, not yet submitted"), counts.get(AssessmentState.draft, 0), index),
    ]
    for business in businesses:
        certificate = latest.get(business.id)
        if certificate is None:
            detail = _l("Not certified")
        elif certificate.state == CertificateState.suspended:
            detail = _l("Certificate suspended since %(date)s", date=date_filter(certificate.suspended_at.date()))
        elif certificate.is_valid:
            detail = _l("Certified until %(date)s", date=date_filter(certificate.expires_on))
        else:
            detail = _l("Certificate expired on %(date)s", date=date_filter(certificate.expires_on))
        items.append(WorkItem(business.name, None, index, detail=detail))
    return items
