"""Targets are appended, never overwritten; progress uses the target in force when the period ended."""
from datetime import datetime, timezone
from decimal import Decimal

import sqlalchemy as sa

from app.accounts.models import User
from app.extensions import db
from app.impact import services
from app.impact.constants import ReportState
from app.impact.models import Commitment, TargetRevision
from app.impact.progress import commitment_progress


def test_three_revisions_keep_three_rows_with_their_reasons_and_progress_uses_the_target_in_force(
        app, people, commit_to, make_report, as_role):
    # The first target (200) was set in January 2025; VOL-HOURS, higher is better, baseline 100.
    commitment_id = commit_to(people.business_org, people.business, target="200")
    with app.test_request_context():
        commitment = db.session.get(Commitment, commitment_id)
        actor = db.session.get(User, people.business.id)
        services.revise_target(commitment, "2025H1", Decimal(300), "A second shop opened in March", actor,
                               at=datetime(2025, 4, 1, tzinfo=timezone.utc))
        services.revise_target(commitment, "2025H1", Decimal(500), "Too ambitious after the period; not in force",
                               actor, at=datetime(2025, 8, 15, tzinfo=timezone.utc))
        db.session.commit()
    make_report(commitment_id, value=250, state=ReportState.approved)
    with app.app_context():
        rows = db.session.scalars(sa.select(TargetRevision).where(TargetRevision.commitment_id == commitment_id)
                                  .order_by(TargetRevision.id)).all()
        assert [(r.value, r.reason) for r in rows] == [
            (200, "First target"), (300, "A second shop opened in March"),
            (500, "Too ambitious after the period; not in force")]
        commitment = db.session.get(Commitment, commitment_id)
        [row] = commitment_progress(commitment)
        assert row.target == 300  # in force on 30 June 2025: made on 1 April, the August one came later
        assert row.share == Decimal("0.75")  # (250 − 100) ÷ (300 − 100)
    page = as_role("business").get(f"/impact/commitments/{commitment_id}").get_data(as_text=True)
    for reason in ("First target", "A second shop opened in March", "Too ambitious after the period"):
        assert reason in page
    assert "75 %" in page


def test_a_revision_through_the_form_appends_a_row(app, people, commit_to, as_role):
    commitment_id = commit_to(people.business_org, people.business, target="200")
    response = as_role("business").post(f"/impact/commitments/{commitment_id}/targets", data={
        "period": "2025H1", "value": "250", "reason": "Funding for a second group"})
    assert response.status_code == 302
    response = as_role("business").post(f"/impact/commitments/{commitment_id}/targets", data={
        "period": "2025H1", "value": "lots", "reason": ""})
    assert response.status_code == 200
    with app.app_context():
        assert [r.value for r in db.session.scalars(sa.select(TargetRevision).order_by(TargetRevision.id))] == [200, 250]


def test_progress_is_signed_by_direction(app, people, commit_to, make_report):
    # ORG-STAFF-TURNOVER: lower is better. Baseline 0.4, target 0.2, reported 0.5 → a step back.
    commitment_id = commit_to(people.business_org, people.business, code="ORG-STAFF-TURNOVER", baseline="0.4",
                              target="0.2")
    make_report(commitment_id, numerator=5, denominator=10)
    with app.app_context():
        [row] = commitment_progress(db.session.get(Commitment, commitment_id))
        assert row.share == Decimal("-0.5")  # (0.5 − 0.4) × −1 ÷ ((0.2 − 0.4) × −1)
