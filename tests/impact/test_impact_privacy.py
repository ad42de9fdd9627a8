"""The impact area's part of "download my data" and "delete my account"."""
import sqlalchemy as sa

from app.impact.privacy import erase_impact, export_impact
from app.extensions import db
from app.impact.models import Commitment, TargetRevision


def test_export_lists_what_the_person_wrote_and_erasure_keeps_the_records_without_the_name(app, people, commit_to):
    commitment_id = commit_to(people.business_org, people.business, target="250")
    with app.app_context():
        user = db.session.get(type(people.business), people.business.id)
        exported = export_impact(user)
        assert {"what": "target revision", "period": "2025H1", "value": "250.0000", "reason": "First target"}.items() \
            <= next(i for i in exported if i["what"] == "target revision").items()
        erase_impact(user)
        db.session.commit()
        assert db.session.get(Commitment, commitment_id).created_by_id is None
        assert db.session.scalar(sa.select(TargetRevision.created_by_id)) is None
