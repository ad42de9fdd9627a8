"""Two coordinators acting at once (PostgreSQL): one approval wins; numbers never collide."""
import threading

import pytest
import sqlalchemy as sa

from app.accounts.constants import OrganisationKind
from app.accounts.models import User
from app.certification import services
from app.certification.models import Assessment, AssessmentState, Certificate
from app.errors import Conflict, NotAllowed
from app.extensions import db
from tests.conftest import ON_POSTGRES

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="concurrency needs PostgreSQL (SQLite serialises writers)")


def run_together(app, jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def worker(index, job):
        with app.app_context(), app.test_request_context():
            barrier.wait()
            try:
                outcomes[index] = job()
                db.session.commit()
            except (Conflict, NotAllowed) as error:
                db.session.rollback()
                outcomes[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_coordinators_approving_at_once_issue_one_certificate(app, people, make_user, make_assessment):
    second = make_user(name="Second Coordinator", roles=["coordinator"])
    assessment_id = make_assessment(people.business_org, people.business, state=AssessmentState.submitted)

    def approve(user_id):
        def job():
            assessment = db.session.get(Assessment, assessment_id)
            return services.approve_assessment(assessment, db.session.get(User, user_id)).number
        return job

    outcomes = run_together(app, [approve(people.coordinator.id), approve(second.id)])
    assert sum(isinstance(o, str) for o in outcomes) == 1
    assert sum(isinstance(o, Conflict) for o in outcomes) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 1


def test_approvals_of_different_businesses_at_once_get_different_numbers(
        app, people, make_user, make_org, make_assessment):
    ids = []
    for _ in range(4):
        member = make_user()
        org = make_org(kind=OrganisationKind.social_business, admins=[member])
        ids.append(make_assessment(org, member, state=AssessmentState.submitted))

    def approve(assessment_id):
        def job():
            assessment = db.session.get(Assessment, assessment_id)
            return services.approve_assessment(assessment, db.session.get(User, people.coordinator.id)).number
        return job

    outcomes = run_together(app, [approve(i) for i in ids])
    assert all(isinstance(o, str) for o in outcomes), outcomes
    assert len(set(outcomes)) == 4
