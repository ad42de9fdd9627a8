"""Nobody sees another organisation's unpublished requests; internal notes never reach the group."""
import pytest

from app.accounts.constants import OrganisationKind
from app.requests.constants import RequestState
from app.requests.models import Message


@pytest.fixture
def other_group(make_user, make_org):
    member = make_user(name="Other Group Member", email="other@example.org")
    make_org(name="Other Group", kind=OrganisationKind.community_group, admins=[member])
    return member


@pytest.mark.parametrize("state", [s for s in RequestState if s != RequestState.completed], ids=lambda s: s.value)
def test_a_member_of_another_organisation_gets_404(people, login, make_request, other_group, state):
    request_id = make_request(people.group_org, state=state)
    client = login(other_group)
    for path in [f"/requests/{request_id}", f"/requests/{request_id}/edit", f"/requests/{request_id}/review",
                 f"/requests/library/{request_id}", f"/requests/{request_id}/complete"]:
        assert client.get(path).status_code == 404, path
    for path in [f"/requests/{request_id}/messages", f"/requests/{request_id}/rate",
                 f"/requests/{request_id}/do/withdraw", f"/requests/{request_id}/do/submit"]:
        assert client.post(path, data={"message-body": "hello"}).status_code == 404, path


def test_unpublished_completed_request_is_private(people, login, make_request, other_group, client):
    request_id = make_request(people.group_org, state=RequestState.completed, consent=False)
    assert login(other_group).get(f"/requests/{request_id}").status_code == 404
    assert client.get(f"/requests/library/{request_id}").status_code == 404
    assert "Green courtyards" not in client.get("/requests/library").get_data(as_text=True)
    assert login(people.group).get(f"/requests/{request_id}").status_code == 200


def test_researchers_never_see_drafts(people, login, make_request, make_researcher):
    researcher = make_researcher()
    draft = make_request(people.group_org, state=RequestState.draft, title="Secret draft about bees")
    opened = make_request(people.group_org, state=RequestState.open, title="Open question about bees")
    client = login(researcher)
    assert client.get(f"/requests/{draft}").status_code == 404
    assert client.get(f"/requests/{opened}").status_code == 200
    listing = client.get("/requests/open?q=bees").get_data(as_text=True)
    assert "Open question about bees" in listing
    assert "Secret draft" not in listing
    for state in (RequestState.submitted, RequestState.needs_info, RequestState.accepted, RequestState.declined):
        assert client.get(f"/requests/{make_request(people.group_org, state=state)}").status_code == 404


def test_internal_notes_never_reach_group_members(app, people, login, make_request, make_researcher, mailbox):
    researcher = make_researcher(email="researcher@example.org")
    request_id = make_request(people.group_org, state=RequestState.in_progress, assignee=researcher)
    coordinator = login(people.coordinator)
    response = coordinator.post(f"/requests/{request_id}/messages",
                                data={"message-body": "INTERNAL: the group seems to want a consultant.",
                                      "message-internal": "y"})
    assert response.status_code == 302
    coordinator.post(f"/requests/{request_id}/messages", data={"message-body": "PUBLIC: we have good news."})

    group_page = login(people.group).get(f"/requests/{request_id}").get_data(as_text=True)
    assert "PUBLIC: we have good news." in group_page
    assert "INTERNAL" not in group_page
    assert "Internal note" not in group_page
    group_mail = mailbox.to(people.group.email)
    assert any("PUBLIC: we have good news." in m.text for m in group_mail)
    assert not any("INTERNAL" in m.text for m in group_mail)

    assert "INTERNAL: the group seems" in login(researcher).get(f"/requests/{request_id}").get_data(as_text=True)
    assert any("INTERNAL" in m.text for m in mailbox.to("researcher@example.org"))
    notifications = login(people.group).get("/notifications/").get_data(as_text=True)
    assert "INTERNAL" not in notifications


def test_group_members_cannot_write_internal_notes(app, people, login, make_request):
    request_id = make_request(people.group_org, state=RequestState.submitted)
    login(people.group).post(f"/requests/{request_id}/messages",
                             data={"message-body": "Is this internal?", "message-internal": "y"})
    with app.app_context():
        from app.extensions import db
        import sqlalchemy as sa

        message = db.session.scalar(sa.select(Message).where(Message.request_id == request_id))
    assert message is not None and message.internal is False


def test_result_file_is_served_only_to_those_allowed(app, people, login, make_request, other_group, client):
    from app.storage import file_storage

    key = "a" * 32
    with app.app_context():
        file_storage().save(f"requests/{key}.pdf", b"%PDF-1.4 private", "application/pdf")
    private = make_request(people.group_org, state=RequestState.completed, consent=False,
                           result_file_key=key, result_file_name="report.pdf")
    public = make_request(people.group_org, state=RequestState.completed, consent=True,
                          result_file_key=key, result_file_name="report.pdf")
    assert client.get(f"/requests/{private}/result.pdf").status_code == 404
    assert login(other_group).get(f"/requests/{private}/result.pdf").status_code == 404
    response = login(people.group).get(f"/requests/{private}/result.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert client.get(f"/requests/{public}/result.pdf").status_code == 200
    assert not app.config["UPLOAD_FOLDER"].startswith(app.static_folder)
