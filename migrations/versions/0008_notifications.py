"""one notification centre for every area: notifications and choices move out of the science shop

Revision ID: 0008_notifications
Revises: 0007_lifecycle
Create Date: 2026-12-01 21:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0008_notifications"
down_revision = "0007_lifecycle"
branch_labels = None
depends_on = None

MODES = ("immediate", "daily", "weekly", "off")


def _mode(name):
    return sa.Enum(*MODES, name=name, native_enum=False, create_constraint=True)


def upgrade():
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("link", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mode", _mode("notification_mode"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("digested_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_id_read_at", ["user_id", "read_at"], unique=False)
        batch_op.create_index("ix_notifications_mode_digested_at", ["mode", "digested_at"], unique=False)
    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("mode", _mode("notification_preference_mode"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notification_preferences_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint("user_id", "kind", name="uq_notification_preferences_user_id_kind"),
    )
    with op.batch_alter_table("notification_preferences", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_preferences_user_id"), ["user_id"], unique=False)

    # What the science shop held moves over: kinds get their area's prefix, "digest" is the daily digest.
    mode = "CASE n.mode WHEN 'digest' THEN 'daily' ELSE n.mode END"
    op.execute(
        "INSERT INTO notifications (user_id, kind, title, link, body, mode, created_at, read_at, digested_at) "
        f"SELECT n.user_id, 'requests.' || n.kind, COALESCE(r.title, ''), "
        "CASE WHEN n.request_id IS NULL THEN '' ELSE '/requests/' || CAST(n.request_id AS VARCHAR(20)) END, '', "
        f"{mode}, n.created_at, n.read_at, n.digested_at "
        "FROM request_notifications n LEFT JOIN requests r ON r.id = n.request_id ORDER BY n.id")
    op.execute(
        "INSERT INTO notification_preferences (user_id, kind, mode) "
        f"SELECT n.user_id, 'requests.' || n.kind, {mode} FROM request_notification_preferences n")
    op.drop_table("request_notifications")
    op.drop_table("request_notification_preferences")


def downgrade():
    raise NotImplementedError("the notification centre holds kinds of every area; restore a backup to go back")
