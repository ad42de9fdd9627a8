"""Match lists learn from the certification area which businesses hold a valid certificate."""
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa

from app.certification.models import Certificate, CertificateState
from app.extensions import db
from app.signals import certified_organisations


def test_match_lists_see_valid_certificates_only(app, demo):
    today = date.today()
    with app.app_context():
        certificates = db.session.scalars(sa.select(Certificate)).all()
        valid = {c.organisation_id for c in certificates
                 if c.revoked_at is None and c.issued_on <= today <= c.expires_on}
        not_valid = {c.organisation_id for c in certificates} - valid
        assert valid, "the demo data should hold valid certificates"
        everyone = valid | not_valid | {-1}
        assert certified_organisations(everyone) == valid


def test_a_revoked_certificate_no_longer_counts(app, demo):
    with app.app_context():
        certificate = db.session.scalars(
            sa.select(Certificate).where(Certificate.revoked_at.is_(None),
                                         Certificate.expires_on > date.today() + timedelta(days=1))
        ).first()
        organisation_id = certificate.organisation_id
        assert organisation_id in certified_organisations({organisation_id})
        for other in db.session.scalars(sa.select(Certificate).where(Certificate.organisation_id == organisation_id)):
            other.revoked_at = datetime.now(timezone.utc)
            other.state = CertificateState.revoked
        db.session.commit()
        assert certified_organisations({organisation_id}) == set()


def test_the_demo_data_holds_no_certificate_without_a_valid_basis(app, demo):
    """Every demo certificate stands on an assessment that meets the standard (or a confirmed exception)."""
    import sqlalchemy as sa

    from app.certification.models import Certificate, CertificateState
    from app.extensions import db

    with app.app_context():
        certificates = list(db.session.scalars(sa.select(Certificate)))
        assert certificates
        for certificate in certificates:
            assessment = certificate.assessment
            assert assessment.meets_standard() or (
                assessment.exception_confirmed_by_id and assessment.exception_confirmed_by_id
                != assessment.exception_proposed_by_id), certificate.number
        valid = db.session.execute(
            sa.select(Certificate.organisation_id, sa.func.count()).where(Certificate.state == CertificateState.valid)
            .group_by(Certificate.organisation_id)).all()
        assert all(n == 1 for _org, n in valid)
