"""science shop: coordinators' control of requests under way is audited

Widens the CHECK of the audit log's action column with four actions: a request assigned directly,
reassigned, released back to researchers, and a researcher removed from it.

Revision ID: 0018_shop2
Revises: 0017_speed
Create Date: 2026-12-02 02:00:00

"""
from alembic import op


revision = "0018_shop2"
down_revision = "0017_speed"
branch_labels = None
depends_on = None

AUDIT_ACTIONS = ["role_granted", "role_removed", "membership_approved", "member_removed",
                 "alliance_membership_changed", "assessment_approved", "changes_requested", "certificate_revoked",
                 "evidence_deleted", "export", "account_deleted", "impact_indicator_published",
                 "impact_report_approved", "impact_report_returned", "impact_snapshot_published"]
REQUEST_AUDIT_ACTIONS = ["request_assigned", "request_reassigned", "request_released", "researcher_removed"]


def _replace_check(table, name, column, values):
    listed = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table(table, recreate="always" if op.get_bind().dialect.name == "sqlite" else "auto") as batch:
        batch.drop_constraint(op.f(name), type_="check")
        batch.create_check_constraint(op.f(name), f"{column} IN ({listed})")


def upgrade():
    _replace_check("audit_entries", "ck_audit_entries_audit_action", "action", AUDIT_ACTIONS + REQUEST_AUDIT_ACTIONS)


def downgrade():
    listed = ", ".join(f"'{v}'" for v in REQUEST_AUDIT_ACTIONS)
    op.execute(f"DELETE FROM audit_entries WHERE action IN ({listed})")
    _replace_check("audit_entries", "ck_audit_entries_audit_action", "action", AUDIT_ACTIONS)
