"""Every loop a request goes through: information asked and received, control after opening, who reads the
thread, a notice for every step (real SMTP server and the in-app list), consent, library and export."""
import csv
import io
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.constants import Role
from app.csv_export import BOM
from app.db_types import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.requests.constants import AssignmentRole, EventKind, RequestState
from app.requests.models import Assignment, Message, Request, RequestEvent, Suggestion
from tests.requests.conftest import fetch

ATOM = "{http://www.w3.org/2005/Atom}"


def _notices(app, user, kind):
    with app.app_context():
        return list(db.session.scalars(sa.select(Notification.body).where(
            Notification.user_id == user.id, Notification.kind == f"requests.{kind}")))


def _subjects(mailbox, user):
    return [m.subject for m in mailbox.to(user.email)]


def _state(app, request_id):
    return fetch(app, request_id)[0]


@pytest.fixture
def swedish_coordinator(make_user):
    return make_user(name="Samordnare Svensson", roles=[Role.coordinator], locale="sv")


# -- 1. more information, both ways ------------------------------------------------------------
def test_an_answer_only_in_the_thread_puts_the_request_back_in_the_default_queue(
        app, people, login, make_request, mailbox, swedish_coordinator):
    request_id = make_request(people.group_org, state=RequestState.submitted, title="Courtyard question")
    coordinator = login(people.coordinator)
    assert coordinator.post(f"/requests/{request_id}/do/ask_info",
                            data={"ask_info-note": "Which courtyards?"}).status_code == 302
    assert "Courtyard question" not in coordinator.get("/requests/queue").get_data(as_text=True)
    waiting = coordinator.get("/requests/queue?state=waiting_on_group").get_data(as_text=True)
    assert "Courtyard question" in waiting and "On the group for 0 days" in waiting
    mailbox.clear()

    group = login(people.group)
    assert group.post(f"/requests/{request_id}/messages",
                      data={"message-body": "The three on Ramels väg."}).status_code == 302
    assert _state(app, request_id) == RequestState.submitted
    assert "Courtyard question" in coordinator.get("/requests/queue").get_data(as_text=True)
    assert "Courtyard question" in coordinator.get("/requests/queue?state=info_received").get_data(as_text=True)
    # The coordinators hear that it was updated, not that it is new, each in their language.
    assert "A request was updated with the information asked" in _subjects(mailbox, people.coordinator)
    assert "En förfrågan har uppdaterats med de efterfrågade uppgifterna" in _subjects(mailbox, swedish_coordinator)
    assert not any("A new request" in s for s in _subjects(mailbox, people.coordinator))
    assert _notices(app, people.coordinator, "updated_request") == ["The three on Ramels väg."]
    # From "information received" they accept, decline or ask again.
    assert coordinator.post(f"/requests/{request_id}/do/accept", data={"accept-note": ""}).status_code == 302
    assert _state(app, request_id) == RequestState.accepted


def test_information_can_be_asked_from_accepted_and_the_edited_request_comes_back(
        app, people, login, make_request, mailbox):
    request_id = make_request(people.group_org, state=RequestState.accepted)
    coordinator = login(people.coordinator)
    assert coordinator.post(f"/requests/{request_id}/do/ask_info",
                            data={"ask_info-note": "What budget do you have?"}).status_code == 302
    assert _state(app, request_id) == RequestState.needs_info
    group = login(people.group)
    assert group.get(f"/requests/{request_id}/edit").status_code == 200
    assert group.post(f"/requests/{request_id}/do/submit").status_code == 302
    assert "Courtyard" not in coordinator.get("/requests/queue?state=new").get_data(as_text=True)
    assert "Green courtyards" in coordinator.get("/requests/queue?state=info_received").get_data(as_text=True)
    assert "A request was updated with the information asked" in _subjects(mailbox, people.coordinator)


def test_the_group_is_reminded_once_after_fourteen_days(app, people, login, make_request, mailbox):
    from app.requests.jobs import send_request_info_reminders

    request_id = make_request(people.group_org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{request_id}/do/ask_info", data={"ask_info-note": "How many?"})
    mailbox.clear()
    with app.app_context():
        assert send_request_info_reminders(now=utcnow() + timedelta(days=13)) == 0
        assert send_request_info_reminders(now=utcnow() + timedelta(days=15)) == 1
        assert send_request_info_reminders(now=utcnow() + timedelta(days=16)) == 0  # a second run sends nothing
    assert _subjects(mailbox, people.group) == ["Reminder: the science shop waits for your answer"]
    assert _notices(app, people.group, "info_reminder") == [""]
    with app.app_context():
        reminders = db.session.scalar(sa.select(sa.func.count()).select_from(RequestEvent).where(
            RequestEvent.request_id == request_id, RequestEvent.action == EventKind.remind_info))
    assert reminders == 1


# -- 2. control after a request is open ---------------------------------------------------------
def test_coordinators_assign_reassign_remove_and_release(app, people, login, make_request, make_researcher,
                                                        mailbox):
    first = make_researcher(name="First Researcher", email="first@example.org")
    second = make_researcher(name="Second Researcher", email="second@example.org")
    helper = make_researcher(name="Helper Researcher", email="helper@example.org")
    request_id = make_request(people.group_org, state=RequestState.open)
    coordinator = login(people.coordinator)
    assert coordinator.post(f"/requests/{request_id}/do/assign",
                            data={"assign-researcher": str(first.id), "assign-note": "Your field."}).status_code == 302
    assert _state(app, request_id) == RequestState.claimed
    assert "A request was assigned to you" in _subjects(mailbox, first)
    assert "A researcher claimed your request" in _subjects(mailbox, people.group)

    assert coordinator.post(f"/requests/{request_id}/reassign",
                            data={"reassign-researcher": str(second.id), "reassign-note": ""}).status_code == 302
    assert "A request was taken back from you" in _subjects(mailbox, first)
    assert "A request was assigned to you" in _subjects(mailbox, second)
    assert login(second).post(f"/requests/{request_id}/researchers", data={
        "researcher-email": "helper@example.org", "researcher-role": "co_researcher"}).status_code == 302
    assert coordinator.post(f"/requests/{request_id}/remove-researcher",
                            data={"remove-user": str(helper.id)}).status_code == 302
    assert coordinator.post(f"/requests/{request_id}/remove-researcher",
                            data={"remove-user": str(second.id)}).status_code in (400, 403)
    with app.app_context():
        held = dict(db.session.execute(sa.select(Assignment.user_id, Assignment.role).where(
            Assignment.request_id == request_id)).all())
    assert held == {second.id: AssignmentRole.lead}

    mailbox.clear()
    assert coordinator.post(f"/requests/{request_id}/do/release", data={"release-note": ""}).status_code == 400
    assert coordinator.post(f"/requests/{request_id}/do/release",
                            data={"release-note": "No news for three months."}).status_code == 302
    assert _state(app, request_id) == RequestState.open
    assert any("No news for three months." in m.text for m in mailbox.to("second@example.org"))
    with app.app_context():
        assert not db.session.scalar(sa.select(sa.func.count()).select_from(Assignment).where(
            Assignment.request_id == request_id))


def test_researchers_hand_back_and_hand_over(app, people, login, make_request, make_researcher, mailbox):
    lead = make_researcher(name="Lead Researcher")
    colleague = make_researcher(name="Colleague Researcher", email="colleague@example.org")
    request_id = make_request(people.group_org, state=RequestState.in_progress, assignee=lead)
    client = login(lead)
    assert client.post(f"/requests/{request_id}/researchers", data={
        "researcher-email": "colleague@example.org", "researcher-role": "co_researcher"}).status_code == 302
    assert "Hand over to a co-researcher" in client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert client.post(f"/requests/{request_id}/hand-over",
                       data={"hand_over-to_user": str(colleague.id), "hand_over-note": "All notes are in the folder."}
                       ).status_code == 302
    assert "A request was handed over to you" in _subjects(mailbox, colleague)
    with app.app_context():
        held = dict(db.session.execute(sa.select(Assignment.user_id, Assignment.role).where(
            Assignment.request_id == request_id)).all())
    assert held == {colleague.id: AssignmentRole.lead}
    assert _state(app, request_id) == RequestState.in_progress

    mailbox.clear()
    assert login(colleague).post(f"/requests/{request_id}/do/hand_back",
                                 data={"hand_back-note": "Parental leave."}).status_code == 302
    assert _state(app, request_id) == RequestState.open
    assert any("Parental leave." in m.text for m in mailbox.to(people.coordinator.email))


def test_at_capacity_no_claim_button_and_no_suggestion(app, people, login, make_request, make_researcher):
    busy = make_researcher(capacity=1, name="Busy Researcher")
    make_request(people.group_org, state=RequestState.claimed, assignee=busy, title="Taken")
    open_id = make_request(people.group_org, state=RequestState.open, title="Waiting for someone")
    client = login(busy)
    listing = client.get("/requests/open").get_data(as_text=True)
    assert "You have reached your capacity, so there are no claim buttons." in listing
    assert f"/requests/{open_id}/do/claim" not in listing
    page = client.get(f"/requests/{open_id}").get_data(as_text=True)
    assert "you have reached your capacity" in page and f"/requests/{open_id}/do/claim" not in page

    accepted = make_request(people.group_org, state=RequestState.accepted)
    response = login(people.coordinator).post(f"/requests/{accepted}/do/open",
                                              data={"open-suggested": [str(busy.id)], "open-note": ""})
    assert response.status_code == 400 and "Busy Researcher has reached their capacity." in response.get_data(
        as_text=True)
    assert _state(app, accepted) == RequestState.accepted
    response = login(people.coordinator).post(f"/requests/{open_id}/do/assign",
                                              data={"assign-researcher": str(busy.id)})
    assert response.status_code == 400 and "has reached their capacity" in response.get_data(as_text=True)


# -- 4. who reads the conversation ---------------------------------------------------------------
def test_other_researchers_see_the_public_parts_only(app, people, login, make_request, make_researcher):
    on_it = make_researcher(name="On It")
    other = make_researcher(name="Someone Else")
    request_id = make_request(people.group_org, state=RequestState.in_progress, assignee=on_it)
    group = login(people.group)
    group.post(f"/requests/{request_id}/messages", data={"message-body": "Our address is Ramels väg 12."})
    researcher = login(on_it)
    assert researcher.post(f"/requests/{request_id}/progress",
                           data={"progress-text": "Interviewed the caretaker."}).status_code == 302
    assert researcher.post(f"/requests/{request_id}/messages",
                           data={"message-body": "Check the tenancy law first.", "message-internal": "y"}
                           ).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Message.internal).where(Message.body.like("Check the tenancy%")))

    page = login(other).get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Green courtyards" in page
    for secret in ("Ramels väg 12", "Interviewed the caretaker", "Check the tenancy law"):
        assert secret not in page
    assert login(other).post(f"/requests/{request_id}/messages", data={"message-body": "Hi"}).status_code == 404
    assert login(other).post(f"/requests/{request_id}/progress", data={"progress-text": "x"}).status_code == 404

    group_page = group.get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Interviewed the caretaker" in group_page and "Check the tenancy law" not in group_page
    staff_page = login(people.coordinator).get(f"/requests/{request_id}").get_data(as_text=True)
    assert "Check the tenancy law" in staff_page and "Ramels väg 12" in staff_page


# -- 5. a notice for every step ------------------------------------------------------------------
def test_every_step_tells_those_it_concerns_in_their_language(app, people, login, make_request, make_researcher,
                                                              make_user, make_org, mailbox, swedish_coordinator):
    member = make_user(name="Gruppmedlem", locale="sv")
    org = make_org(name="Föreningen", admins=[member])
    lead = make_researcher(name="Lead", locale="en")
    suggested = make_researcher(name="Föreslagen", locale="sv")

    # Withdrawal: coordinators and the suggested researchers, with the reason.
    withdrawn = make_request(org, state=RequestState.open)
    with app.app_context():
        db.session.add(Suggestion(request_id=withdrawn, user_id=suggested.id))
        db.session.commit()
    assert login(member).post(f"/requests/{withdrawn}/do/withdraw",
                              data={"withdraw-note": "Vi fick svar från kommunen."}).status_code == 302
    assert "En förfrågan har dragits tillbaka av gruppen" in _subjects(mailbox, suggested)
    assert "A request was withdrawn by its group" in _subjects(mailbox, people.coordinator)
    assert "En förfrågan har dragits tillbaka av gruppen" in _subjects(mailbox, swedish_coordinator)
    assert _notices(app, people.coordinator, "withdrawn") == ["Vi fick svar från kommunen."]

    # Routing to a co-lab: the group.
    routed = make_request(org, state=RequestState.accepted)
    login(people.coordinator).post(f"/requests/{routed}/do/route_colab", data={"route_colab-note": "En workshop."})
    assert "Er förfrågan har skickats till en co-lab" in _subjects(mailbox, member)

    # Decline and referral carry the reason and the coordinator's note.
    declined = make_request(org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{declined}/do/decline", data={
        "decline-reason": "commercial_interest", "decline-text": "A company's own product."})
    referred = make_request(org, state=RequestState.submitted)
    login(people.coordinator).post(f"/requests/{referred}/do/refer", data={
        "refer-referred_to": "Länsstyrelsen Skåne", "refer-note": "Ask for the environment unit."})
    texts = [m.text for m in mailbox.to(member.email)]
    assert any("Kommersiellt intresse" in t and "A company's own product." in t for t in texts), texts
    assert any("Länsstyrelsen Skåne" in t and "Ask for the environment unit." in t for t in texts)

    # Claim (group and coordinators), start (group), completion (group and coordinators).
    mailbox.clear()
    work = make_request(org, state=RequestState.open, consent=False)
    client = login(lead)
    assert client.post(f"/requests/{work}/do/claim").status_code == 302
    assert "A researcher claimed a request" in _subjects(mailbox, people.coordinator)
    assert client.post(f"/requests/{work}/do/start").status_code == 302
    assert "Arbetet med er förfrågan har börjat" in _subjects(mailbox, member)
    assert client.post(f"/requests/{work}/do/complete", data={
        "complete-public_summary": "Plant together.", "complete-result_text": "The report."}).status_code == 302
    assert "A request was completed" in _subjects(mailbox, people.coordinator)
    completion = [m for m in mailbox.to(member.email) if "slutförd" in m.subject.lower() or "klar" in m.subject]
    assert completion and "Betygsätt gärna resultatet" in completion[-1].text

    # A rating (the researcher and coordinators) and a change of consent (coordinators and the researcher).
    group = login(member)
    assert group.post(f"/requests/{work}/rate", data={"rating-rating": "5", "rating-comment": "Tack!"}).status_code == 302
    assert "The group rated a result" in _subjects(mailbox, lead)
    assert "The group rated a result" in _subjects(mailbox, people.coordinator)
    assert group.post(f"/requests/{work}/consent", data={"consent-consent": "yes"}).status_code == 302
    assert "A group changed its consent to publish" in _subjects(mailbox, lead)
    assert "En grupp har ändrat sitt samtycke till publicering" in _subjects(mailbox, swedish_coordinator)
    assert _notices(app, lead, "consent_changed") == ["Consent given: the result may be published."]


# -- 7. consent that can change ------------------------------------------------------------------
def test_withdrawn_consent_takes_the_result_out_of_library_search_and_feed(app, people, login, make_request,
                                                                           client):
    request_id = make_request(people.group_org, state=RequestState.completed, title="Bees in Lund",
                              consent=True)
    assert client.get(f"/requests/library/{request_id}").status_code == 200
    assert "Bees in Lund" in client.get("/requests/library?q=bees").get_data(as_text=True)
    assert login(people.group).post(f"/requests/{request_id}/consent",
                                    data={"consent-consent": "no"}).status_code == 302
    assert client.get(f"/requests/library/{request_id}").status_code == 404
    assert "Bees in Lund" not in client.get("/requests/library?q=bees").get_data(as_text=True)
    assert b"Bees in Lund" not in client.get("/requests/library/feed.atom").data
    assert "Bees in Lund" not in client.get("/search/?q=bees").get_data(as_text=True)
    assert login(people.researcher).post(f"/requests/{request_id}/consent",
                                         data={"consent-consent": "yes"}).status_code in (403, 404)


# -- 8. library and feed ---------------------------------------------------------------------
def test_library_search_reads_the_result_and_a_page_past_the_last_says_so(app, people, login, make_request,
                                                                          make_researcher, client):
    lead = make_researcher()
    request_id = make_request(people.group_org, state=RequestState.in_progress, assignee=lead,
                              title="Courtyards", consent=True)
    login(lead).post(f"/requests/{request_id}/do/complete", data={
        "complete-public_summary": "Plant together.", "complete-result_text": "Compost bins reduce waste.",
        "complete-recommendations": "Involve the caretaker."})
    assert "Courtyards" in client.get("/requests/library?q=compost").get_data(as_text=True)
    assert "Courtyards" in client.get("/requests/library?q=caretaker").get_data(as_text=True)
    past = client.get("/requests/library?page=9", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Page 9 is past the last page, 1." in past and "No result matches" not in past
    assert "Go to the last page" in past


def test_the_feed_title_is_translated_and_odd_titles_stay_valid_xml(app, people, make_request, client):
    make_request(people.group_org, state=RequestState.completed, title='Fish & "chips" <i>\'n\' more',
                 public_summary="A & B")
    feed = client.get("/requests/library/feed.atom", headers={"Accept-Language": "sv"})
    root = ET.fromstring(feed.data)
    assert root.find(f"{ATOM}title").text != "Samverka results library"
    assert root.find(f"{ATOM}entry/{ATOM}title").text == 'Fish & "chips" <i>\'n\' more'


# -- 9. the coordinators' export -------------------------------------------------------------
def test_the_export_follows_the_queue_filters_and_never_holds_drafts(app, people, login, make_request):
    make_request(people.group_org, state=RequestState.submitted, title='=HYPERLINK("x")')
    make_request(people.group_org, state=RequestState.completed, title="Åsa's café", age_days=30)
    make_request(people.group_org, state=RequestState.draft, title="A draft")
    make_request(people.stakeholder_org, state=RequestState.accepted, title="Stakeholder question")
    client = login(people.coordinator)

    def titles(query=""):
        response = client.get(f"/requests/export.csv{query}")
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        body = response.get_data().decode("utf-8")
        assert body.startswith(BOM)
        return [row["title"] for row in csv.DictReader(io.StringIO(body.removeprefix(BOM)))]

    assert sorted(titles("?state=all")) == sorted(["'=HYPERLINK(\"x\")", "Åsa's café", "Stakeholder question"])
    assert sorted(titles()) == sorted(["'=HYPERLINK(\"x\")", "Stakeholder question"])  # the default queue
    assert titles("?state=completed") == ["Åsa's café"]
    assert titles("?state=all&organisation=stakeholder") == ["Stakeholder question"]
    assert titles("?state=all&q=caf%C3%A9") == ["Åsa's café"]
    assert titles("?state=draft") == []
    page = client.get("/requests/queue?state=completed").get_data(as_text=True)
    assert "/requests/export.csv?state=completed" in page


# -- 10. intake ------------------------------------------------------------------------------
def test_intake_refuses_a_past_deadline_deletes_drafts_and_reviews_every_field(app, people, login, make_request):
    from tests.requests.test_requests_features import INTAKE

    client = login(people.group)
    past = (utcnow() - timedelta(days=3)).date().isoformat()
    response = client.post("/requests/new", data=dict(INTAKE, organisation_id=people.group_org.id, deadline=past,
                                                       next="draft"), headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "The deadline has passed." in response.get_data(as_text=True)
    future = (utcnow() + timedelta(days=30)).date().isoformat()
    response = client.post("/requests/new", data=dict(INTAKE, organisation_id=people.group_org.id, deadline=future,
                                                       next="review"))
    assert response.status_code == 302
    with app.app_context():
        draft_id = db.session.scalar(sa.select(Request.id).where(Request.title == INTAKE["title"]))
    review = client.get(f"/requests/{draft_id}/review").get_data(as_text=True)
    for typed in ("We run a café.", "Plan next year.", "Older tenants", "Spring", "English"):
        assert typed in review, typed
    assert login(people.coordinator).post(f"/requests/{draft_id}/delete").status_code == 403
    assert client.post(f"/requests/{draft_id}/delete").status_code == 302
    with app.app_context():
        assert db.session.get(Request, draft_id) is None
    submitted = make_request(people.group_org, state=RequestState.submitted)
    assert client.post(f"/requests/{submitted}/delete").status_code == 403


def test_similar_questions_need_more_than_one_shared_word_and_own_requests_are_told_apart(
        app, people, login, make_request):
    make_request(people.group_org, state=RequestState.submitted, title="Loneliness at our café",
                 question="Does our café reduce loneliness among older tenants?")
    make_request(people.stakeholder_org, state=RequestState.completed, title="Cafés against loneliness",
                 question="Do cafés reduce loneliness among older people?")
    make_request(people.stakeholder_org, state=RequestState.completed, title="Football for tenants",
                 question="Do tenants play football?")
    draft = make_request(people.group_org, state=RequestState.draft, title="Loneliness among older tenants",
                         question="Does a weekly café help against loneliness?")
    review = login(people.group).get(f"/requests/{draft}/review", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    own_part, _, others_part = review.partition("Others have asked")
    assert "Your organisation has asked something like this before" in own_part
    assert "Loneliness at our café" in own_part and "Cafés against loneliness" in others_part
    assert "Football for tenants" not in review  # only "tenants" is shared


def _audited(app, request_id):
    from app.audit.models import AuditEntry

    with app.app_context():
        return [(e.action.value, e.actor_id, e.detail) for e in db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.target_type == "requests", AuditEntry.target_id == request_id)
            .order_by(AuditEntry.id))]


def test_coordinators_control_leaves_an_audit_entry(app, people, login, make_request, make_researcher):
    first = make_researcher(name="First Researcher", email="first@example.org")
    second = make_researcher(name="Second Researcher", email="second@example.org")
    helper = make_researcher(name="Helper Researcher", email="helper@example.org")
    request_id = make_request(people.group_org, state=RequestState.open)
    coordinator = login(people.coordinator)
    coordinator.post(f"/requests/{request_id}/do/assign", data={"assign-researcher": str(first.id)})
    coordinator.post(f"/requests/{request_id}/reassign",
                     data={"reassign-researcher": str(second.id), "reassign-note": "First is on leave."})
    login(second).post(f"/requests/{request_id}/researchers", data={
        "researcher-email": "helper@example.org", "researcher-role": "co_researcher"})
    coordinator.post(f"/requests/{request_id}/remove-researcher", data={"remove-user": str(helper.id)})
    coordinator.post(f"/requests/{request_id}/do/release", data={"release-note": "No news for three months."})
    entries = _audited(app, request_id)
    assert [action for action, _, _ in entries] == [
        "request_assigned", "request_reassigned", "researcher_removed", "request_released"]
    assert {actor for _, actor, _ in entries} == {people.coordinator.id}
    assert "First Researcher" in entries[0][2]
    assert "First Researcher → Second Researcher" in entries[1][2] and "First is on leave." in entries[1][2]
    assert "Helper Researcher" in entries[2][2]
    assert "Second Researcher" in entries[3][2] and "No news for three months." in entries[3][2]
    # The audit log lists them under their own labels and filters by them.
    page = coordinator.get("/audit/?action=request_reassigned").get_data(as_text=True)
    assert "Request reassigned" in page and "Green courtyards in Rosengård" in page
    assert login(people.group).get("/audit/").status_code == 403


def test_each_control_is_offered_to_the_right_roles_only(app, people, login, make_request, make_researcher):
    """Item 2's controls are reachable actions on the request page, for the roles that may use them."""
    lead = make_researcher(name="Lead Researcher")
    make_researcher(name="Colleague Researcher", email="colleague@example.org")
    other = make_researcher(name="Other Researcher")
    claimed = make_request(people.group_org, state=RequestState.in_progress, assignee=lead)
    login(lead).post(f"/requests/{claimed}/researchers", data={
        "researcher-email": "colleague@example.org", "researcher-role": "co_researcher"})
    open_id = make_request(people.group_org, state=RequestState.open, age_days=90)  # unclaimed long enough
    coordinator_controls = [f"/requests/{claimed}/reassign", f"/requests/{claimed}/remove-researcher",
                            f"/requests/{claimed}/do/release"]
    researcher_controls = [f"/requests/{claimed}/hand-over", f"/requests/{claimed}/do/hand_back"]
    opening = [f"/requests/{open_id}/do/assign", f"/requests/{open_id}/do/decline",
               f"/requests/{open_id}/do/refer", f"/requests/{open_id}/do/advise"]
    pages = {who: login(user).get(f"/requests/{claimed}").get_data(as_text=True)
             for who, user in {"coordinator": people.coordinator, "lead": lead, "group": people.group,
                               "other": other}.items()}
    for who, page in pages.items():
        for control in coordinator_controls:
            assert (control in page) == (who == "coordinator"), (who, control)
        for control in researcher_controls:
            assert (control in page) == (who == "lead"), (who, control)
    coordinator_open = login(people.coordinator).get(f"/requests/{open_id}").get_data(as_text=True)
    assert all(control in coordinator_open for control in opening)
    for user in (lead, people.group):
        page = login(user).get(f"/requests/{open_id}").get_data(as_text=True)
        assert not any(control in page for control in opening)
