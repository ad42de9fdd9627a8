"""After delivery: the follow-up evaluation goes out once at the set time, in the group's language, is reminded once,
answered in the application, shown on the request and summed on the dashboard."""
from datetime import date, timedelta

import sqlalchemy as sa

from app.db_types import utcnow
from app.extensions import db
from app.requests.constants import RequestState
from app.requests.models import FollowUp, Request

ANSWERS = {"used_results": "partly", "used_for": "Our application to the municipality.",
           "what_changed": "We got funding for a trial.", "cooperation": "4", "would_return": "yes",
           "new_question": "How do we measure the trial's effect?"}


def _sent(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(FollowUp))


def test_the_follow_up_goes_out_once_at_the_set_time_in_the_groups_language(app, people, make_user, make_org,
                                                                            make_request, mailbox):
    from app.requests.jobs import send_request_follow_ups

    member = make_user(name="Medlem", locale="sv")
    org = make_org(name="Föreningen", admins=[member])
    request_id = make_request(org, state=RequestState.completed)
    with app.app_context():
        completed = db.session.get(Request, request_id).completed_at
        frozen = completed + timedelta(days=183)  # six months; a frozen clock: the jobs take the moment they run at
        assert send_request_follow_ups(now=frozen - timedelta(days=2)) == (0, 0)
        assert send_request_follow_ups(now=frozen) == (1, 0)
        assert send_request_follow_ups(now=frozen + timedelta(hours=1)) == (0, 0)  # run twice, sent once
    assert _sent(app) == 1
    subjects = [m.subject for m in mailbox.to(member.email)]
    assert subjects == ["Hur hjälpte resultatet? En kort uppföljning"]
    assert f"/requests/{request_id}/follow-up" in mailbox.to(member.email)[0].text
    with app.app_context():
        assert send_request_follow_ups(now=frozen + timedelta(days=15)) == (0, 1)
        assert send_request_follow_ups(now=frozen + timedelta(days=16)) == (0, 0)  # reminded once
    assert len(mailbox.to(member.email)) == 2


def test_the_delay_is_configurable(app, people, make_request, make_app):
    from app.requests.services import follow_up_delay

    quick = make_app(REQUEST_FOLLOW_UP_MONTHS=1)
    with quick.app_context():
        assert follow_up_delay() == timedelta(days=30)
    with app.app_context():
        assert follow_up_delay() == timedelta(days=183)


def test_the_group_answers_and_a_new_question_starts_a_new_request(app, people, login, make_request,
                                                                   make_researcher, mailbox):
    from app.requests.jobs import send_request_follow_ups

    lead = make_researcher(name="Lead Researcher")
    request_id = make_request(people.group_org, state=RequestState.completed, assignee=lead,
                              title="Courtyards")
    group = login(people.group)
    assert group.get(f"/requests/{request_id}/follow-up").status_code == 404  # not sent yet
    with app.app_context():
        db.session.execute(sa.update(Request).where(Request.id == request_id)
                           .values(completed_at=utcnow() - timedelta(days=200)))
        db.session.commit()
        assert send_request_follow_ups() == (1, 0)
    assert "Answer the follow-up" in group.get(f"/requests/{request_id}").get_data(as_text=True)
    assert group.get(f"/requests/{request_id}/follow-up").status_code == 200
    bad = group.post(f"/requests/{request_id}/follow-up", data=dict(ANSWERS, used_results=""))
    assert bad.status_code == 400 and "Choose yes, partly or no." in bad.get_data(as_text=True)
    assert login(lead).post(f"/requests/{request_id}/follow-up", data=ANSWERS).status_code == 404

    response = group.post(f"/requests/{request_id}/follow-up", data=ANSWERS)
    assert response.status_code == 302 and f"follow_up={request_id}" in response.headers["Location"]
    form = group.get(response.headers["Location"]).get_data(as_text=True)
    assert "How do we measure the trial&#39;s effect?" in form and "Follow-up: Courtyards" in form
    assert group.post(f"/requests/{request_id}/follow-up", data=ANSWERS).status_code == 302  # answered: shown
    assert "A group answered the follow-up" in [m.subject for m in mailbox.to(people.coordinator.email)]
    for user in (people.coordinator, lead):
        page = login(user).get(f"/requests/{request_id}").get_data(as_text=True)
        assert "Our application to the municipality." in page and "We got funding for a trial." in page
    assert "Our application" not in login(make_researcher()).get(f"/requests/{request_id}").get_data(as_text=True)

    dashboard = login(people.coordinator).get(f"/dashboard/?start=2019-01-01&end={date.today().isoformat()}")
    assert dashboard.status_code == 200
    assert "1 of 1 answered (100 %); 100 % of those who answered used the results" in dashboard.get_data(as_text=True)
