"""The report's transition table, exhaustively: every state × action × role, through the real routes."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.impact.constants import ReportAction as RA
from app.impact.constants import ReportState
from app.impact.lifecycle import REPORT_LIFECYCLE
from app.impact.models import Report, ReportEvent
from tests.lifecycle_table import walk_transition_table

ROLES = ["business", "coordinator", "group", "plain"]
# Written by hand: the reporting organisation's members submit; coordinators return and approve.
WHO = {RA.submit: {"business"}, RA.return_: {"coordinator"}, RA.approve: {"coordinator"}}
STEPS = {RA.submit: ("submit", {}), RA.return_: ("return", {"comment": "Please attach the log."}),
         RA.approve: ("approve", {})}


def test_the_table_covers_every_person_facing_action_once():
    assert {t.action for t in REPORT_LIFECYCLE.transitions if t.permission} == set(WHO) == set(STEPS)


@pytest.mark.parametrize("state", list(ReportState))
def test_every_action_from_every_state_for_every_role(app, people, commit_to, make_report, as_role, state):
    commitment_id = commit_to(people.business_org, people.business)
    counter = iter(range(1, 1000))

    def make(s):
        # one commitment per object: a period each, all within the commitment's periods
        return make_report(commit_to(people.business_org, people.business), state=s, value=10 + next(counter))

    def act(action, role, report_id):
        path, data = STEPS[action]
        return as_role(role).post(f"/impact/reports/{report_id}/{path}", data=data)

    def read(report_id):
        with app.app_context():
            report = db.session.get(Report, report_id)
            events = db.session.scalar(sa.select(sa.func.count()).select_from(ReportEvent)
                                       .where(ReportEvent.report_id == report_id))
            return report.state, events

    assert commitment_id
    cases = walk_transition_table(REPORT_LIFECYCLE, state, ROLES, lambda a, r, s: r in WHO[a], make=make, act=act,
                                  read=read)
    assert cases == len(WHO) * len(ROLES)


def test_a_report_without_its_figure_cannot_be_submitted(app, people, commit_to, make_report, as_role):
    report_id = make_report(commit_to(people.business_org, people.business), state=ReportState.draft)
    assert as_role("business").post(f"/impact/reports/{report_id}/submit").status_code == 409


def test_returning_needs_a_comment(app, people, commit_to, make_report, as_role):
    report_id = make_report(commit_to(people.business_org, people.business), state=ReportState.submitted, value=3)
    response = as_role("coordinator").post(f"/impact/reports/{report_id}/return", data={"comment": ""})
    assert response.status_code == 200 and "This field is required" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Report, report_id).state == ReportState.submitted
