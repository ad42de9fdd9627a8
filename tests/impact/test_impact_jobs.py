"""The reminder before each deadline: sent once, however often the job runs; not for reports handed in."""
from datetime import datetime, timezone

from app.impact import jobs
from app.impact.constants import ReportState


def test_the_reminder_goes_out_two_weeks_before_the_deadline_once(app, people, commit_to, make_report, mailbox):
    # 2025H1 ends on 30 June 2025; the report is due 30 July 2025; the reminder window opens on 16 July.
    commitment_id = commit_to(people.business_org, people.business, first_period="2025H1")
    with app.app_context():
        assert jobs.send_impact_reminders(now=datetime(2025, 7, 10, 7, tzinfo=timezone.utc)) == 0  # too early
        assert jobs.send_impact_reminders(now=datetime(2025, 7, 20, 7, tzinfo=timezone.utc)) == 1
        assert jobs.send_impact_reminders(now=datetime(2025, 7, 20, 8, tzinfo=timezone.utc)) == 0  # run twice
        assert jobs.send_impact_reminders(now=datetime(2025, 7, 25, 7, tzinfo=timezone.utc)) == 0
    [message] = mailbox.to(people.business.email)
    assert message.subject == "An impact report is due soon"
    assert "2025H1" in message.text and f"/impact/commitments/{commitment_id}/reports/2025H1" in message.text


def test_no_reminder_for_a_report_already_submitted(app, people, commit_to, make_report):
    commitment_id = commit_to(people.business_org, people.business, first_period="2025H1")
    make_report(commitment_id, period="2025H1", state=ReportState.submitted, value=3)
    with app.app_context():
        assert jobs.send_impact_reminders(now=datetime(2025, 7, 20, 7, tzinfo=timezone.utc)) == 0
