"""Command-line tools: demo data and the first administrator."""
import sqlalchemy as sa

from app.accounts.models import Organisation, User
from app.extensions import db


def test_demo_data_makes_one_account_per_role_and_sends_no_mail(app, mailbox):
    result = app.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "coordinator@example.org" in result.output
    assert mailbox.messages == []
    with app.app_context():
        users = {u.email: u for u in db.session.scalars(sa.select(User))}
        assert users["coordinator@example.org"].is_coordinator
        assert users["researcher@example.org"].is_researcher
        assert users["facilitator@example.org"].is_facilitator
        assert users["group@example.org"].is_group_member
        assert users["business@example.org"].is_business_member
        assert users["stakeholder@example.org"].is_stakeholder_member
        assert users["coordinator@example.org"].check_password("samverka-demo")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) >= 30


def test_demo_data_scales(app):
    result = app.test_cli_runner().invoke(args=["demo-data", "--scale", "2"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) >= 50


def test_demo_data_refuses_under_production(app):
    app.config["DEMO_DATA_ALLOWED"] = False
    try:
        result = app.test_cli_runner().invoke(args=["demo-data"])
    finally:
        app.config["DEMO_DATA_ALLOWED"] = True
    assert result.exit_code != 0 and "Refusing" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_create_user_makes_a_coordinator(app):
    result = app.test_cli_runner().invoke(
        args=["create-user", "Admin@Example.org", "--role", "coordinator", "--name", "Ada Admin"],
        input="a-long-admin-passphrase\na-long-admin-passphrase\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == "admin@example.org"))
        assert user.is_coordinator and user.check_password("a-long-admin-passphrase")


def test_create_user_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(args=["create-user", "a@example.org", "--name", "A"],
                                          input="short\nshort\n")
    assert result.exit_code != 0


def test_is_empty_reports_an_empty_database(app, make_user):
    assert app.test_cli_runner().invoke(args=["is-empty"]).exit_code == 0
    make_user()
    assert app.test_cli_runner().invoke(args=["is-empty"]).exit_code == 1


def test_worker_refuses_to_run_in_immediate_mode(app):
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code != 0 and "TASK_QUEUE_IMMEDIATE" in result.output
