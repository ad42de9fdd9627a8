"""Each form: bad input gives a message beside the field, keeps what was typed, stores nothing."""
import pytest
import sqlalchemy as sa

from app.accounts.models import Organisation, ResearcherProfile, User
from app.extensions import db
from tests.conftest import PASSWORD

EN = {"Accept-Language": "en"}


def count(app, model):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def field_error(html, field_id):
    marker = f'id="{field_id}-error"'
    assert marker in html, f"no error beside {field_id}"
    start = html.index(marker)
    return html[start:html.index("</p>", start)]


@pytest.mark.parametrize("data,field,message", [
    ({"name": "Ada", "email": "ada@example.org", "password": "short", "confirm": "short"},
     "password", "at least 12 characters"),
    ({"name": "Ada", "email": "ada@example.org", "password": "password1234", "confirm": "password1234"},
     "password", "too easy to guess"),
    ({"name": "Ada Lovelace", "email": "ada@example.org", "password": "AdaLovelace!!", "confirm": "AdaLovelace!!"},
     "password", "from your name or email address"),
    ({"name": "Ada", "email": "not-an-email", "password": PASSWORD, "confirm": PASSWORD}, "email", "email"),
    ({"name": "", "email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD}, "name", "required"),
    ({"name": "Ada", "email": "ada@example.org", "password": PASSWORD, "confirm": "something else!!"},
     "confirm", "do not match"),
    ({"name": "Ada", "email": "ada@example.org", "password": PASSWORD, "confirm": PASSWORD, "locale": "de"},
     "locale", "Not a valid choice"),
])
def test_register_rejects_bad_input(app, client, data, field, message):
    before = count(app, User)
    response = client.post("/account/register", data={"locale": "en", **data}, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message.lower() in field_error(html, field).lower()
    if data["name"]:
        assert f'value="{data["name"]}"' in html
    assert 'id="error-summary"' in html
    assert count(app, User) == before


def test_register_refuses_a_taken_email_in_any_case(app, client, people):
    response = client.post("/account/register", data={
        "name": "Copy", "email": people.plain.email.upper(), "password": PASSWORD, "confirm": PASSWORD,
        "locale": "en"}, headers=EN)
    assert "already an account" in field_error(response.get_data(as_text=True), "email")


def test_register_creates_the_account_and_signs_in(app, client):
    response = client.post("/account/register", data={
        "name": "Ada Lovelace", "email": "Ada@Example.org", "password": PASSWORD, "confirm": PASSWORD,
        "locale": "en"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "ada@example.org"))
        assert user.name == "Ada Lovelace" and user.locale == "en"
    assert client.get("/account/profile").status_code == 200


def test_login_with_a_wrong_password_keeps_the_email(client, people):
    response = client.post("/account/login", data={"email": people.plain.email, "password": "wrong"}, headers=EN)
    html = response.get_data(as_text=True)
    assert "wrong" in field_error(html, "password")
    assert f'value="{people.plain.email}"' in html


def test_profile_rejects_an_email_someone_else_uses(app, people, login):
    response = login(people.plain).post("/account/profile", data={
        "name": "New Name", "email": people.coordinator.email, "locale": "en"}, headers=EN)
    html = response.get_data(as_text=True)
    assert "Another account" in field_error(html, "email")
    assert 'value="New Name"' in html
    with app.app_context():
        assert db.session.get(User, people.plain.id).name == "Plain Person"


def test_change_password_needs_the_current_one(app, people, login):
    response = login(people.plain).post("/account/password", data={
        "current_password": "not it", "password": "another-long-password", "confirm": "another-long-password"},
        headers=EN)
    assert "not your current password" in field_error(response.get_data(as_text=True), "current_password")
    with app.app_context():
        assert db.session.get(User, people.plain.id).check_password(PASSWORD)


def test_change_password_ends_other_sessions(app, people, login):
    other_device = login(people.plain)
    this_device = login(people.plain)
    response = this_device.post("/account/password", data={
        "current_password": PASSWORD, "password": "another-long-password", "confirm": "another-long-password"})
    assert response.status_code == 302
    assert this_device.get("/account/profile").status_code == 200
    assert other_device.get("/account/profile").status_code == 302


@pytest.mark.parametrize("data,field", [
    ({"department": "", "expertise": "housing", "capacity": "2"}, "department"),
    ({"department": "Urban Studies", "expertise": " , , ", "capacity": "2"}, "expertise"),
    ({"department": "Urban Studies", "expertise": "housing", "capacity": "99"}, "capacity"),
    ({"department": "Urban Studies", "expertise": "housing", "capacity": "many"}, "capacity"),
])
def test_researcher_profile_rejects_bad_input(app, people, login, data, field):
    response = login(people.researcher).post("/account/researcher", data=data, headers=EN)
    html = response.get_data(as_text=True)
    field_error(html, field)
    if data["department"]:
        assert f'value="{data["department"]}"' in html
    assert count(app, ResearcherProfile) == 0


def test_researcher_profile_saves_clean_keywords(app, people, login):
    login(people.researcher).post("/account/researcher", data={
        "department": "Urban Studies", "expertise": "housing,  segregation , housing", "capacity": "3",
        "available": "y"})
    with app.app_context():
        profile = db.session.scalar(sa.select(ResearcherProfile))
        assert profile.keywords == ["housing", "segregation"] and profile.capacity == 3 and profile.available


@pytest.mark.parametrize("data,field,message", [
    ({"org_number": "556036-0794"[:-1] + "5"}, "org_number", "not a valid"),
    ({"org_number": "12345"}, "org_number", "not a valid"),
    ({"municipality": "9999"}, "municipality", "Not a valid choice"),
    ({"name": ""}, "name", "required"),
    ({"website": "not a url"}, "website", "full address"),
    ({"kind": "church"}, "kind", "Not a valid choice"),
])
def test_organisation_form_rejects_bad_input(app, people, login, data, field, message):
    form = {"name": "Grannskapet", "org_number": "", "kind": "community_group", "sector": "civil_society",
            "municipality": "1281", "website": "", "description": "Neighbours helping neighbours."}
    form.update(data)
    before = count(app, Organisation)
    response = login(people.plain).post("/organisations/new", data=form, headers=EN)
    html = response.get_data(as_text=True)
    assert message.lower() in field_error(html, field).lower()
    assert "Neighbours helping neighbours." in html
    assert count(app, Organisation) == before


def test_organisation_numbers_are_normalised_and_unique(app, people, login):
    client = login(people.plain)
    form = {"name": "Grannskapet", "org_number": "5560360793", "kind": "social_business",
            "sector": "social_economy", "municipality": "1281"}
    assert client.post("/organisations/new", data=form).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Organisation.org_number).where(Organisation.name == "Grannskapet")) == "556036-0793"
    response = client.post("/organisations/new", data={**form, "name": "Copy", "org_number": "556036-0793"},
                           headers=EN)
    assert "already registered" in field_error(response.get_data(as_text=True), "org_number")


def test_alliance_membership_needs_a_date(app, people, login):
    response = login(people.coordinator).post(f"/organisations/{people.group_org.id}/alliance",
                                              data={"is_member": "y", "member_since": "", "contact_person_id": "0"},
                                              headers=EN)
    field_error(response.get_data(as_text=True), "member_since")
    response = login(people.coordinator).post(f"/organisations/{people.group_org.id}/alliance",
                                              data={"is_member": "y", "member_since": "31/02/2020",
                                                    "contact_person_id": "0"}, headers=EN)
    field_error(response.get_data(as_text=True), "member_since")
    with app.app_context():
        assert db.session.get(Organisation, people.group_org.id).member_since is None


def test_roles_form_refuses_unknown_roles(app, people, login):
    response = login(people.coordinator).post(f"/account/people/{people.plain.id}", data={"roles": ["king"]},
                                              headers=EN)
    assert response.status_code == 200
    assert "not a valid choice" in response.get_data(as_text=True).lower()


def test_delete_account_needs_the_password_and_the_tick(app, people, login):
    client = login(people.plain)
    response = client.post("/account/delete", data={"password": "wrong", "confirm": "y"}, headers=EN)
    field_error(response.get_data(as_text=True), "password")
    response = client.post("/account/delete", data={"password": PASSWORD}, headers=EN)
    field_error(response.get_data(as_text=True), "confirm")
    with app.app_context():
        assert db.session.get(User, people.plain.id).deleted_at is None


@pytest.mark.parametrize("path,data", [
    ("/account/register", {"name": "x" * 5000, "email": "@" * 300, "password": "\x00", "confirm": "\x00"}),
    ("/account/login", {"email": "\x00\x01", "password": "x" * 10000}),
    ("/account/reset", {"email": "a" * 400 + "@example.org"}),
    ("/organisations/new", {"name": "\x07bell", "kind": "", "sector": "", "municipality": ""}),
])
def test_hostile_input_never_gives_a_500(people, login, path, data):
    response = login(people.plain).post(path, data=data) if path == "/organisations/new" else \
        login(people.plain).application.test_client().post(path, data=data)
    assert response.status_code < 500


def test_reset_request_rejects_a_bad_address(client, mailbox):
    response = client.post("/account/reset", data={"email": "no-at-sign"}, headers=EN)
    html = response.get_data(as_text=True)
    field_error(html, "email")
    assert 'value="no-at-sign"' in html
    assert mailbox.messages == []


def test_reset_password_form_rejects_mismatch_and_weak_passwords(app, client, people):
    from app.accounts.services import make_reset_token

    with app.app_context():
        token = make_reset_token(app.extensions["sqlalchemy"].session.get(User, people.plain.id))
    response = client.post(f"/account/reset/{token}", data={"password": "another-long-password",
                                                              "confirm": "something-different"}, headers=EN)
    assert "do not match" in field_error(response.get_data(as_text=True), "confirm")
    response = client.post(f"/account/reset/{token}", data={"password": "123456789012", "confirm": "123456789012"},
                           headers=EN)
    assert "too easy to guess" in field_error(response.get_data(as_text=True), "password")
    name = people.plain.name.replace(" ", "")
    response = client.post(f"/account/reset/{token}", data={"password": f"{name}{name}!", "confirm": f"{name}{name}!"},
                           headers=EN)
    assert "from your name or email address" in field_error(response.get_data(as_text=True), "password")
    with app.app_context():
        assert db.session.get(User, people.plain.id).check_password(PASSWORD)
