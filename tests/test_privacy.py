"""Download my data and delete my account, across every area.

One person is active in every area, each time writing a text marked with the area's name; their export
must hold every area's section with that text, and deleting the account must delete every kind of draft,
hand their organisations over and leave nothing that points at them by name.
"""
import json

import pytest
import sqlalchemy as sa

from app.accounts.constants import MembershipState, OrganisationKind, Role
from app.accounts.models import Membership, Organisation, User
from app.audit.models import AuditAction, AuditEntry
from app.colabs.constants import SessionState
from app.colabs.models import ColabRegistration, ColabSession
from app.extensions import db
from app.notifications.models import DeliveryMode, Notification, NotificationPreference
from app.outbox.models import OutboxMessage
from app.privacy import personal_data_requested
from app.requests.constants import RequestState
from app.requests.models import Message, Request
from app.requests.search import REQUEST
from app.colabs.search import SESSION
from app.text.models import TextDocument
from app.challenges.constants import ConflictSource
from app.challenges.models import ChallengeQuestion, Conflict, Juror, Vote
from tests.certification.conftest import definition, make_assessment, version  # noqa: F401  (fixtures)
from tests.challenges.conftest import make_challenge, make_cycle, make_proposal  # noqa: F401  (fixtures)
from tests.impact.conftest import catalogue, commit_to  # noqa: F401  (fixtures)
from tests.colabs.conftest import make_session, register  # noqa: F401  (fixtures)
from tests.conftest import PASSWORD
from tests.matching.conftest import make_need, make_offering  # noqa: F401  (fixtures)
from tests.requests.conftest import make_request  # noqa: F401  (fixture)

# The export's sections, each with the text the person wrote in that area.
MARKERS = {
    "science_shop": "MARK-science-shop",
    "colab_registrations": "MARK-colab-answer",
    "colab_sessions_facilitated": "MARK-colab-outcome",
    "certification": "MARK-certification",
    "matching": "MARK-matching",
    "notifications": "MARK-notification",
    "audited_actions": "MARK-audit",
    "organisations": "MARK-organisation",
    "challenge_questions": "MARK-challenge-question",
    "challenge_jury": "MARK-challenge-conflict",
    "challenge_writing": "MARK-challenge-proposal",
    "challenge_votes": "proposal_id",  # a vote holds no text of the person's: the row itself is what is exported
    "impact": "First target",  # the reason the person gave for a target
}


@pytest.fixture
def vera(app, people, make_user, make_org, make_request, make_session, register, make_assessment,  # noqa: F811
         make_need, make_offering, make_cycle, make_challenge, make_proposal, commit_to):  # noqa: F811
    """A researcher, facilitator and coordinator who belongs to a group, a business and a stakeholder."""
    person = make_user(name="Vera Lind", email="vera.lind@example.org",
                       roles=[Role.researcher, Role.facilitator, Role.coordinator])
    colleague = make_user(name="Colleague Holm")
    group = make_org(name="Vera's Group", kind=OrganisationKind.community_group, admins=[person],
                     members=[colleague])
    alone = make_org(name="Vera's Own Club", kind=OrganisationKind.community_group, admins=[person])
    business = make_org(name="Vera's Business", kind=OrganisationKind.social_business, admins=[people.business],
                        members=[person])
    stakeholder = make_org(name="Vera's Municipality", kind=OrganisationKind.established,
                           admins=[people.stakeholder], members=[person])
    ids = {"group": group.id, "alone": alone.id, "colleague": colleague.id}

    ids["draft_request"] = make_request(group, state=RequestState.draft, title="Draft about bicycle sheds",
                                        question="Unsent MARK-draft", created_by_id=person.id)
    ids["sent_request"] = make_request(group, state=RequestState.submitted, title="Sent about bicycle sheds",
                                       question="Where MARK-science-shop", created_by_id=person.id)
    ids["worked_on"] = make_request(people.group_org, state=RequestState.completed, assignee=person,
                                    result_text="Findings MARK-science-shop-result")
    ids["solo_draft"] = make_session(facilitators=[person], state=SessionState.draft, title="Solo draft session")
    ids["shared_draft"] = make_session(facilitators=[person, people.facilitator], state=SessionState.draft,
                                       title="Shared draft session")
    ids["facilitated"] = make_session(facilitators=[person], title="Courtyard workshop")
    ids["attending"] = make_session(facilitators=[people.facilitator], title="Science café")
    register(ids["attending"], person)
    make_assessment(business, person, evidence=False,
                    answers={"mission_statement": "We repair bicycles MARK-certification"})
    make_need(stakeholder, creator=person, description="Cleaning MARK-matching need")
    make_offering(business, creator=person, description="Repairs MARK-matching offering")
    cycle_id = make_cycle()
    challenge_id = make_challenge(cycle_id)
    proposal_id = make_proposal(challenge_id, created_by_id=person.id, solution="Bicycles MARK-challenge-proposal")
    commit_to(business, person)
    with app.app_context():
        db.session.add(Message(request_id=ids["sent_request"], author_id=person.id, body="Thanks MARK-message"))
        db.session.get(ColabSession, ids["facilitated"]).outcome_notes = "We agreed MARK-colab-outcome"
        registration = db.session.scalar(sa.select(ColabRegistration).where(ColabRegistration.user_id == person.id))
        registration.answers = {"diet": "Vegetarian MARK-colab-answer"}
        db.session.add(Notification(user_id=person.id, kind="requests.new_request", title="New request",
                                    body="Read MARK-notification", mode=DeliveryMode.weekly))
        db.session.add(NotificationPreference(user_id=person.id, kind="requests.new_request",
                                              mode=DeliveryMode.daily))
        db.session.add(AuditEntry(actor_id=person.id, action=AuditAction.role_granted, target_type="users",
                                  target_id=colleague.id, detail="researcher MARK-audit"))
        db.session.add(AuditEntry(actor_id=people.coordinator.id, action=AuditAction.role_granted, target_type="users",
                                  target_id=person.id, target_label="Vera Lind", detail="coordinator"))
        db.session.get(Organisation, alone.id).created_by_id = person.id
        db.session.get(Organisation, alone.id).description = "A club MARK-organisation"
        db.session.add(OutboxMessage(recipients=["vera.lind@example.org"], subject="Hello Vera", text="Hi"))
        db.session.add(ChallengeQuestion(challenge_id=challenge_id, question="May we join? MARK-challenge-question",
                                         asked_by_id=person.id))
        juror = Juror(cycle_id=cycle_id, user_id=person.id)
        db.session.add(juror)
        db.session.flush()
        db.session.add(Conflict(juror_id=juror.id, proposal_id=proposal_id, source=ConflictSource.declared,
                                reason="A former colleague MARK-challenge-conflict"))
        db.session.add(Vote(cycle_id=cycle_id, user_id=person.id, proposal_id=proposal_id))
        db.session.add(OutboxMessage(recipients=["someone@example.org"], subject="Hello", text="Hi"))
        db.session.commit()
    person.ids = ids
    return person


def test_the_export_holds_every_areas_section_with_the_persons_text(app, login, vera):
    response = login(vera).get("/account/data.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "vera.lind@example.org"
    assert {m["organisation"] for m in data["memberships"]} >= {"Vera's Group", "Vera's Business"}
    for section, marker in MARKERS.items():
        assert marker in json.dumps(data[section], ensure_ascii=False), section
    shop = data["science_shop"]
    assert {r["title"] for r in shop["requests_started"]} == {"Draft about bicycle sheds", "Sent about bicycle sheds"}
    assert "MARK-science-shop-result" in shop["requests_worked_on"][0]["result_text"]
    assert shop["messages"][0]["body"] == "Thanks MARK-message"
    assert data["notifications"]["choices"] == {"requests.new_request": "daily"}
    assert data["notifications"]["settings"]["requests.new_request"] == "daily"
    assert len(data["notifications"]["settings"]) > 5  # every kind the person can receive, chosen or default
    assert {s["title"] for s in data["colab_sessions_facilitated"]} >= {"Courtyard workshop", "Solo draft session"}


def test_every_section_an_area_exports_is_covered_by_this_test(app, vera):
    """An area that joins the export must extend MARKERS (and `vera`): its section is then checked for text."""
    with app.app_context(), app.test_request_context():
        person = db.session.get(User, vera.id)
        sections = {key for _receiver, result in personal_data_requested.send(app, user=person) for key in result}
    assert sections == set(MARKERS)


def test_deleting_the_last_admin_first_asks_to_hand_the_organisation_over(app, people, login, vera):
    client = login(vera)
    page = client.get("/account/delete").get_data(as_text=True)
    group_id = vera.ids["group"]
    assert f"/organisations/{group_id}/hand-over?next=/account/delete" in page
    assert "Vera&#39;s Own Club" not in page  # only the organisations someone else can take over are asked about
    assert 'name="password"' not in page
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(User, vera.id).deleted_at is None

    form = client.get(f"/organisations/{group_id}/hand-over?next=/account/delete").get_data(as_text=True)
    assert "Colleague Holm" in form and "coordinators" in form
    with app.app_context():
        successor = db.session.scalar(sa.select(Membership).where(Membership.user_id == vera.ids["colleague"]))
    response = client.post(f"/organisations/{group_id}/hand-over",
                           data={"successor": str(successor.id), "next": "/account/delete"})
    assert response.status_code == 302 and response.headers["Location"] == "/account/delete"
    with app.app_context():
        assert db.session.get(Membership, successor.id).is_admin
        told = db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == vera.ids["colleague"]))
        assert "organisations.admin_handed_over" in list(told)

    page = client.get("/account/delete").get_data(as_text=True)
    assert "Vera&#39;s Own Club" in page and 'name="password"' in page
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, vera.id).deleted_at is not None
        alone = db.session.get(Organisation, vera.ids["alone"])
        assert alone is not None and alone.memberships == []
        told = db.session.scalars(sa.select(Notification.title).where(
            Notification.user_id == people.coordinator.id, Notification.kind == "organisations.handed_to_coordinators"))
        assert list(told) == ["Vera's Own Club"]


def test_deleting_the_account_deletes_every_kind_of_draft_and_keeps_what_others_depend_on(app, people, login, vera):
    client = login(vera)
    client.post(f"/organisations/{vera.ids['group']}/hand-over", data={"successor": "coordinators"})
    assert client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"}).status_code == 302
    with app.app_context():
        # Drafts nobody else was sent are gone: the request draft and the session only the person ran.
        assert db.session.get(Request, vera.ids["draft_request"]) is None
        assert db.session.get(ColabSession, vera.ids["solo_draft"]) is None
        indexed = set(db.session.execute(sa.select(TextDocument.kind, TextDocument.object_id)).all())
        assert (REQUEST, vera.ids["draft_request"]) not in indexed
        assert (SESSION, vera.ids["solo_draft"]) not in indexed
        shared = db.session.get(ColabSession, vera.ids["shared_draft"])
        assert [f.id for f in shared.facilitators] == [people.facilitator.id]
        # What was sent stays with the group, under "deleted user".
        sent = db.session.get(Request, vera.ids["sent_request"])
        assert sent.state == RequestState.submitted and sent.created_by.deleted_at is not None
        assert db.session.get(ColabSession, vera.ids["facilitated"]) is not None
        registration = db.session.scalar(sa.select(ColabRegistration).where(ColabRegistration.user_id == vera.id))
        assert registration.answers is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                                 .where(Notification.user_id == vera.id)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationPreference)
                                 .where(NotificationPreference.user_id == vera.id)) == 0
        labels = db.session.scalars(sa.select(AuditEntry.target_label).where(
            AuditEntry.target_type == "users", AuditEntry.target_id == vera.id))
        assert "Vera Lind" not in list(labels)
        recipients = [m.recipients for m in db.session.scalars(sa.select(OutboxMessage))]
        assert ["vera.lind@example.org"] not in recipients and ["someone@example.org"] in recipients
        # The organisation handed to the coordinators has no admin now; the coordinators were told.
        group = db.session.get(Organisation, vera.ids["group"])
        assert not any(m.is_admin for m in group.memberships)
        assert [m.state for m in group.memberships] == [MembershipState.approved]


def test_only_an_admin_hands_an_organisation_over_and_only_to_its_members(app, people, login, vera):
    group_id = vera.ids["group"]
    assert login(people.plain).get(f"/organisations/{group_id}/hand-over").status_code == 403
    with app.app_context():
        outsider = db.session.scalar(sa.select(Membership.id).where(Membership.user_id == people.business.id))
    response = login(vera).post(f"/organisations/{group_id}/hand-over", data={"successor": str(outsider)},
                                headers={"Accept-Language": "en"})
    assert response.status_code == 200 and "Not a valid choice" in response.get_data(as_text=True)
    response = login(vera).post(f"/organisations/{group_id}/hand-over", data={"next": "https://evil.example/"})
    assert response.status_code == 200
    assert 'href="https://evil.example/"' not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Organisation, group_id).is_admin(db.session.get(User, vera.id))


def test_stepping_down_beside_another_admin_does_not_call_the_coordinators(app, people, login, make_user, make_org):
    other_admin = make_user(name="Other Admin")
    org = make_org(name="Two Admins", admins=[people.plain, other_admin])
    response = login(people.plain).post(f"/organisations/{org.id}/hand-over", data={"successor": "coordinators"})
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.get(Organisation, org.id)
        assert not organisation.is_admin(db.session.get(User, people.plain.id))
        assert organisation.is_admin(db.session.get(User, other_admin.id))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
            Notification.kind == "organisations.handed_to_coordinators")) == 0
