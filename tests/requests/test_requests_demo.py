"""The demo data tells a true story: every request's moments in order, spread over two years, all in the past."""
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.db_types import utcnow
from app.extensions import db
from app.requests.models import Request


def test_every_demo_request_has_its_moments_in_order(app, demo):
    now = utcnow()
    with app.app_context():
        requests = db.session.scalars(sa.select(Request).options(
            selectinload(Request.events), selectinload(Request.messages), selectinload(Request.assignments))).all()
        assert len(requests) > 50
        for item in requests:
            moments = [m for m in (item.created_at, item.submitted_at, item.first_answer_at, item.claimed_at,
                                   item.completed_at, item.rated_at) if m is not None]
            assert moments == sorted(moments), (item.id, item.state, moments)
            assert moments[-1] < now, item.id
            times = [e.created_at for e in item.events]
            assert times == sorted(times), (item.id, times)
            assert all(item.created_at <= t < now for t in times), item.id
            assert all(item.created_at <= m.created_at < now for m in item.messages), item.id
            if item.submitted_at is not None and item.completed_at is None and item.state.value in (
                    "submitted", "needs_info", "accepted", "open"):
                assert now - item.events[-1].created_at >= timedelta(days=1), item.id  # nothing waits "0 days"
        submitted = [r.submitted_at for r in requests if r.submitted_at]
        assert max(submitted) - min(submitted) > timedelta(days=500)  # spread over about two years
        waits = sorted((r.first_answer_at - r.submitted_at).days for r in requests if r.first_answer_at)
        assert waits[0] >= 0 and 1 <= waits[len(waits) // 2] <= 30  # a positive, believable median
