"""The audit log: coordinators' actions are recorded by the services, and coordinators read and filter them."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.accounts.constants import Role
from app.audit.models import AuditAction, AuditEntry
from app.db_types import utcnow
from app.extensions import db
from tests.conftest import ROLES

EN = {"Accept-Language": "en"}
SV = {"Accept-Language": "sv"}


def entries(app):
    with app.app_context():
        return [(e.action, e.actor_id, e.target_label, e.detail)
                for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


@pytest.mark.parametrize("role", ROLES)
def test_only_coordinators_read_the_audit_log(as_role, role):
    response = as_role(role).get("/audit/")
    expected = {"anonymous": 302, "coordinator": 200}.get(role, 403)
    assert response.status_code == expected


def test_granting_and_removing_roles_is_recorded(app, people, login):
    client = login(people.coordinator)
    client.post(f"/account/people/{people.plain.id}", data={"roles": ["researcher", "facilitator"]})
    client.post(f"/account/people/{people.plain.id}", data={"roles": ["researcher"]})
    recorded = entries(app)
    assert (AuditAction.role_granted, people.coordinator.id, "Plain Person", "researcher") in recorded
    assert (AuditAction.role_granted, people.coordinator.id, "Plain Person", "facilitator") in recorded
    assert (AuditAction.role_removed, people.coordinator.id, "Plain Person", "facilitator") in recorded


def test_an_export_and_an_account_deletion_are_recorded(app, people, login):
    login(people.coordinator).get("/requests/export.csv").close()
    login(people.plain).post("/account/delete", data={"password": "a-long-and-unusual-password", "confirm": "y"})
    actions = [e[0] for e in entries(app)]
    assert AuditAction.export in actions
    assert AuditAction.account_deleted in actions
    deleted = next(e for e in entries(app) if e[0] == AuditAction.account_deleted)
    assert people.plain.email not in deleted[2] + deleted[3]  # no personal data stays behind in the log


def test_approving_and_removing_members_is_recorded(app, people, login, make_user, make_org):
    from app.accounts.constants import OrganisationKind
    from app.accounts.models import Membership

    applicant, member = make_user(name="Applicant Anna"), make_user(name="Member Mats")
    org = make_org(name="Audited Org", kind=OrganisationKind.community_group, admins=[people.group],
                   pending=[applicant], members=[member])
    with app.app_context():
        pending = db.session.scalar(sa.select(Membership).where(Membership.user_id == applicant.id))
        existing = db.session.scalar(sa.select(Membership).where(Membership.user_id == member.id))
        pending_id, existing_id = pending.id, existing.id
    client = login(people.group)
    client.post(f"/organisations/{org.id}/members/{pending_id}/approve")
    client.post(f"/organisations/{org.id}/members/{existing_id}/remove")
    recorded = entries(app)
    assert (AuditAction.membership_approved, people.group.id, "Audited Org", "Applicant Anna") in recorded
    assert (AuditAction.member_removed, people.group.id, "Audited Org", "Member Mats") in recorded


@pytest.fixture
def logged(app, people):
    """Three entries: two role grants by the coordinator (one 40 days ago), an export by someone else."""
    from app.audit.services import record_audit

    with app.app_context():
        from app.accounts.models import User

        coordinator = db.session.get(User, people.coordinator.id)
        researcher = db.session.get(User, people.researcher.id)
        old = record_audit(coordinator, AuditAction.role_granted, researcher, detail="researcher")
        old.at = utcnow() - timedelta(days=40)
        record_audit(coordinator, AuditAction.role_granted, researcher, detail="facilitator")
        record_audit(researcher, AuditAction.export, None, detail="requests-2026-12-01.csv")
        db.session.commit()


@pytest.mark.parametrize("query, shown", [
    ("", 3),
    ("?action=export", 1),
    ("?action=role_granted", 2),
    ("?actor=coordinator", 2),
    (f"?start={(utcnow() - timedelta(days=7)).date().isoformat()}", 2),
    (f"?end={(utcnow() - timedelta(days=30)).date().isoformat()}", 1),
])
def test_coordinators_filter_the_audit_log(people, login, logged, query, shown):
    page = login(people.coordinator).get(f"/audit/{query}", headers=EN).get_data(as_text=True)
    assert f"{shown} entr" in page


def test_the_audit_log_speaks_swedish_and_english(people, login, logged):
    client = login(people.coordinator)
    english = client.get("/audit/", headers=EN).get_data(as_text=True)
    assert "Audit log" in english and "Role granted" in english and "Data exported" in english
    client.post("/language", data={"lang": "sv"})
    swedish = client.get("/audit/", headers=SV).get_data(as_text=True)
    assert "Granskningslogg" in swedish and "Roll tilldelad" in swedish and "Data exporterade" in swedish


@pytest.mark.parametrize("query", ["?action=x", "?start=9999-12-31", "?end=2026-02-30", "?page=-1"])
def test_invalid_filters_get_400_not_500(people, login, query):
    assert login(people.coordinator).get(f"/audit/{query}").status_code == 400


def test_the_audit_log_takes_a_fixed_number_of_queries(app, people, login, logged):
    from tests.querycount import count_queries

    client = login(people.coordinator)
    client.get("/audit/")
    with count_queries(app) as few:
        client.get("/audit/")
    from app.audit.services import record_audit

    with app.app_context():
        from app.accounts.models import User

        for _ in range(20):
            record_audit(db.session.get(User, people.coordinator.id), AuditAction.export, None, detail="more")
        db.session.commit()
    with count_queries(app) as many:
        client.get("/audit/")
    assert len(many) == len(few)


def test_grant_role_from_the_command_line_is_recorded_without_an_actor(app, people):
    from app.accounts.models import User
    from app.accounts.services import grant_role

    with app.app_context():
        grant_role(db.session.get(User, people.plain.id), Role.facilitator)
        db.session.commit()
    assert entries(app)[-1][:2] == (AuditAction.role_granted, None)
