"""Certification evidence goes through the one storage, on a local folder and on an S3-compatible server."""
import io

import sqlalchemy as sa

from app.certification import services
from app.certification.models import Evidence
from app.extensions import db
from app.storage import file_storage
from tests.storage_backends import PDF, s3_server, s3_settings, storage_app, storage_settings  # noqa: F401


def test_evidence_is_uploaded_stored_and_downloaded(storage_app, people, make_assessment):
    member, org = people.business, people.business_org
    assessment_id = make_assessment(org, member, answers={}, evidence=False)
    client = storage_app.test_client(user=member)
    response = client.post(f"/certification/assessments/{assessment_id}/sections/mission", data={
        "q-mission_documents": "articles", "evidence-mission_documents": (io.BytesIO(PDF), "stadgar.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    with storage_app.app_context():
        evidence = db.session.scalars(sa.select(Evidence)).one()
        assert file_storage().read(services.evidence_key(evidence)) == PDF
        evidence_id = evidence.id
    download = client.get(f"/certification/evidence/{evidence_id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.post(f"/certification/evidence/{evidence_id}/delete").status_code == 302
    with storage_app.app_context():
        assert not file_storage().exists(services.evidence_key(evidence))
