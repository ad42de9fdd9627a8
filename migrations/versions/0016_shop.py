"""science shop: the steps that close every loop (assign, release, hand back and over, reminders, consent,
follow-up) on the request timeline

Revision ID: 0016_shop
Revises: 0015_cert
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0016_shop"
down_revision = "0015_cert"
branch_labels = None
depends_on = None

OLD_ACTIONS = ("submit", "withdraw", "accept", "ask_info", "decline", "refer", "advise", "open", "route_colab",
               "claim", "start", "complete", "complete_colab", "progress", "add_researcher", "rate")
NEW_ACTIONS = OLD_ACTIONS + ("assign", "release", "hand_back", "hand_over", "remove_member", "remind_info",
                             "consent", "follow_up")
CONSTRAINT = "ck_request_events_request_events_action"


def _actions_check(actions):
    return "action IN (%s)" % ", ".join(f"'{a}'" for a in actions)


def _set_actions(actions):
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(CONSTRAINT), type_="check")
        batch_op.create_check_constraint(op.f(CONSTRAINT), _actions_check(actions))


def upgrade():
    _set_actions(NEW_ACTIONS)
    op.create_table(
        "request_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("used_results", sa.Enum("yes", "partly", "no", name="result_use", native_enum=False,
                                          create_constraint=True, length=6), nullable=True),
        sa.Column("used_for", sa.Text(), nullable=False),
        sa.Column("what_changed", sa.Text(), nullable=False),
        sa.Column("cooperation", sa.Integer(), nullable=True),
        sa.Column("would_return", sa.Boolean(), nullable=True),
        sa.Column("new_question", sa.Text(), nullable=False),
        sa.CheckConstraint("cooperation IS NULL OR (cooperation >= 1 AND cooperation <= 5)",
                           name=op.f("ck_request_follow_ups_cooperation_range")),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"],
                                name=op.f("fk_request_follow_ups_answered_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"],
                                name=op.f("fk_request_follow_ups_request_id_requests"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_follow_ups")),
        sa.UniqueConstraint("request_id", name=op.f("uq_request_follow_ups_request_id")),
    )


def downgrade():
    op.drop_table("request_follow_ups")
    op.execute("DELETE FROM request_events WHERE action IN (%s)"
               % ", ".join(f"'{a}'" for a in NEW_ACTIONS if a not in OLD_ACTIONS))
    _set_actions(OLD_ACTIONS)
