"""Password reset by email, data export and deletion, organisations and roles."""
import json
from types import SimpleNamespace
import re

import sqlalchemy as sa
from flask_babel import force_locale

from app.accounts.constants import MembershipState
from app.accounts.models import Membership, Organisation, User
from app.extensions import db
from tests.conftest import PASSWORD

NEW_PASSWORD = "a-brand-new-long-passphrase"


def reset_link(mailbox, address):
    messages = mailbox.to(address)
    assert len(messages) == 1
    return re.search(r"http://localhost(/account/reset/\S+)", messages[0].text).group(1)


def test_password_reset_by_email_through_real_smtp(app, client, people, mailbox):
    response = client.post("/account/reset", data={"email": people.plain.email.upper()})
    assert response.status_code == 302
    message = mailbox.to(people.plain.email)[0]
    assert "Reset your Samverka password" in message.subject
    path = reset_link(mailbox, people.plain.email)
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    # The link works once only.
    response = client.post(path, data={"password": "yet-another-passphrase", "confirm": "yet-another-passphrase"})
    assert "/account/reset" in response.headers["Location"]
    assert client.post("/account/login", data={"email": people.plain.email, "password": NEW_PASSWORD}).status_code == 302


def test_reset_mail_is_in_the_persons_language(client, make_user, mailbox):
    user = make_user(locale="sv")
    client.post("/account/reset", data={"email": user.email})
    assert mailbox.to(user.email)[0].subject == "Återställ ditt lösenord i Samverka"


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, mailbox):
    response = client.post("/account/reset", data={"email": "nobody@example.org"}, follow_redirects=True)
    assert "If an account uses that address" in response.get_data(as_text=True) or response.status_code == 200
    assert mailbox.messages == []


def test_expired_and_forged_reset_tokens_are_refused(app, client, people, mailbox):
    client.post("/account/reset", data={"email": people.plain.email})
    path = reset_link(mailbox, people.plain.email)
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    try:
        assert "/account/reset" in client.get(path).headers["Location"]
    finally:
        app.config["PASSWORD_RESET_MAX_AGE"] = 3600
    assert "/account/reset" in client.get(path[:-3] + "xyz").headers["Location"]


def test_download_my_data_holds_everything_about_me(people, login):
    response = login(people.group).get("/account/data.json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == people.group.email
    assert data["memberships"][0]["organisation"] == "Group Org"
    assert data["memberships"][0]["is_admin"] is True


def test_delete_account_removes_personal_data_and_keeps_the_organisation(app, people, login, make_user, make_org):
    co_admin = make_user(name="Co Admin")
    org = make_org(name="Shared Org", admins=[people.plain, co_admin])
    client = login(people.plain)
    response = client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, people.plain.id)
        assert user.deleted_at is not None
        assert user.name == "" and people.plain.email != user.email
        with force_locale("en"):
            assert user.display_name == "Deleted user"
        assert user.memberships == [] and user.roles == []
        assert db.session.get(Organisation, org.id) is not None
    assert client.get("/account/profile").status_code == 302
    assert client.post("/account/login", data={"email": people.plain.email, "password": PASSWORD}).status_code == 200


def test_joining_an_organisation_is_approved_by_its_admin(app, people, login, mailbox):
    response = login(people.plain).post(f"/organisations/{people.group_org.id}/join")
    assert response.status_code == 302
    assert len(mailbox.to(people.group.email)) == 1
    with app.app_context():
        membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == people.plain.id))
        assert membership.state == MembershipState.pending
        membership_id = membership.id
    # Not yet a group member: the role follows only from an approved membership.
    with app.app_context():
        assert not db.session.get(User, people.plain.id).is_group_member
    assert login(people.plain).post(f"/organisations/{people.group_org.id}/join").status_code == 403
    response = login(people.group).post(f"/organisations/{people.group_org.id}/members/{membership_id}/approve")
    assert response.status_code == 302
    assert len(mailbox.to(people.plain.email)) == 1
    with app.app_context():
        assert db.session.get(User, people.plain.id).is_group_member
    # Approving twice is a conflict, not a crash.
    response = login(people.group).post(f"/organisations/{people.group_org.id}/members/{membership_id}/approve")
    assert response.status_code == 409


def test_an_organisation_keeps_its_last_admin(app, people, login):
    with app.app_context():
        membership_id = db.session.scalar(sa.select(Membership.id).where(Membership.user_id == people.group.id))
    response = login(people.group).post(f"/organisations/{people.group_org.id}/members/{membership_id}/remove")
    assert response.status_code == 409
    response = login(people.group).post(f"/organisations/{people.group_org.id}/members/{membership_id}/admin")
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Membership, membership_id).is_admin


def test_mail_is_not_sent_when_the_transaction_rolls_back(app, people, mailbox):
    from app.organisations.services import request_membership

    with app.app_context():
        user = db.session.get(User, people.plain.id)
        org = db.session.get(Organisation, people.group_org.id)
        with app.test_request_context():
            request_membership(user, org)
            db.session.rollback()
    assert mailbox.messages == []


def test_coordinator_sets_roles(app, people, login):
    response = login(people.coordinator).post(f"/account/people/{people.plain.id}",
                                              data={"roles": ["researcher", "facilitator"]})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, people.plain.id)
        assert user.is_researcher and user.is_facilitator and not user.is_coordinator
    assert login(people.plain).get("/account/researcher").status_code == 200


def test_a_coordinator_cannot_drop_their_own_coordinator_role(app, people, login):
    response = login(people.coordinator).post(f"/account/people/{people.coordinator.id}", data={"roles": []})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(User, people.coordinator.id).is_coordinator


def test_coordinator_records_alliance_membership(app, people, login):
    response = login(people.coordinator).post(f"/organisations/{people.group_org.id}/alliance", data={
        "is_member": "y", "member_since": "2024-03-01", "contact_person_id": str(people.group.id)})
    assert response.status_code == 302
    with app.app_context():
        org = db.session.get(Organisation, people.group_org.id)
        assert org.member_since.isoformat() == "2024-03-01" and org.contact_person_id == people.group.id
    assert "1 of 50 key actors" in login(people.plain).get("/about", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_people_and_organisation_lists_use_a_fixed_number_of_queries(app, people, login, make_user, make_org):
    from tests.querycount import count_queries

    client = login(people.coordinator)
    counts = []
    for extra in (5, 45):
        for _ in range(extra):
            user = make_user()
            make_org(admins=[user])
        with count_queries(app) as queries:
            assert client.get("/account/people").status_code == 200
        with count_queries(app) as org_queries:
            assert client.get("/organisations/").status_code == 200
        counts.append((len(queries), len(org_queries)))
    assert counts[0] == counts[1], counts


def _queue_test_mail(address):
    from app.email import queue_email

    queue_email(address, "Test", "email/membership_approved", locale="en", user=SimpleNamespace(name="Ada"),
                membership=SimpleNamespace(user=SimpleNamespace(name="Ada"),
                                           organisation=SimpleNamespace(name="Org")), link="http://x")


def test_mail_waits_for_the_real_commit_not_a_savepoint(app, mailbox):
    with app.test_request_context():
        _queue_test_mail("ada@example.org")
        with db.session.begin_nested():
            pass
        assert mailbox.messages == []          # the savepoint released: still nothing sent
        db.session.rollback()                  # and the whole transaction is undone
    assert mailbox.messages == []


def test_a_rolled_back_savepoint_keeps_the_mail_queued_before_it(app, mailbox):
    with app.test_request_context():
        _queue_test_mail("ada@example.org")
        savepoint = db.session.begin_nested()
        savepoint.rollback()
        db.session.commit()
    assert [m.to for m in mailbox.messages] == [["ada@example.org"]]
