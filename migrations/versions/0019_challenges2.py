"""challenge audit actions: the coordinators' decisions in the challenge area are written to the audit log

Widens the CHECK of the audit log's action column by seven challenge actions (publishing a challenge,
asking for changes, eligibility checks, conflict decisions, jury decisions and their corrections, the
announcement of results).

Revision ID: 0019_challenges2
Revises: 0018_shop2
Create Date: 2026-12-02 02:05:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0019_challenges2"
down_revision = "0018_shop2"
branch_labels = None
depends_on = None

AUDIT_ACTIONS = ["role_granted", "role_removed", "membership_approved", "member_removed",
                 "alliance_membership_changed", "assessment_approved", "changes_requested", "certificate_revoked",
                 "evidence_deleted", "export", "account_deleted", "impact_indicator_published",
                 "impact_report_approved", "impact_report_returned", "impact_snapshot_published",
                 "request_assigned", "request_reassigned", "request_released", "researcher_removed"]
CHALLENGE_AUDIT_ACTIONS = ["challenge_published", "challenge_changes_requested", "challenge_eligibility_checked",
                           "challenge_conflict_decided", "challenge_decided", "challenge_decision_corrected",
                           "challenge_results_announced"]


def _replace_check(table, name, column, values, width, was):
    """Replace the CHECK of an enum column and widen (or narrow) the column to its longest value."""
    listed = ", ".join(f"'{v}'" for v in values)
    with op.batch_alter_table(table, recreate="always" if op.get_bind().dialect.name == "sqlite" else "auto") as batch:
        batch.drop_constraint(op.f(name), type_="check")
        batch.alter_column(column, type_=sa.String(length=width), existing_type=sa.String(length=was),
                           existing_nullable=False)
        batch.create_check_constraint(op.f(name), f"{column} IN ({listed})")


def _width(values):
    return max(len(v) for v in values)


def upgrade():
    _replace_check("audit_entries", "ck_audit_entries_audit_action", "action",
                   AUDIT_ACTIONS + CHALLENGE_AUDIT_ACTIONS, _width(AUDIT_ACTIONS + CHALLENGE_AUDIT_ACTIONS),
                   _width(AUDIT_ACTIONS))


def downgrade():
    listed = ", ".join(f"'{v}'" for v in CHALLENGE_AUDIT_ACTIONS)
    op.execute(f"DELETE FROM audit_entries WHERE action IN ({listed})")
    _replace_check("audit_entries", "ck_audit_entries_audit_action", "action", AUDIT_ACTIONS,
                   _width(AUDIT_ACTIONS), _width(AUDIT_ACTIONS + CHALLENGE_AUDIT_ACTIONS))
