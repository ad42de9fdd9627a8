"""co-lab sessions linked to science-shop requests

Revision ID: 0006_colab_requests
Revises: 0005_matching
Create Date: 2026-11-26 23:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0006_colab_requests"
down_revision = "0005_matching"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "colab_session_requests",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["requests.id"],
                                name=op.f("fk_colab_session_requests_request_id_requests"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["session_id"], ["colab_sessions.id"],
                                name=op.f("fk_colab_session_requests_session_id_colab_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "request_id", name=op.f("pk_colab_session_requests")),
    )
    with op.batch_alter_table("colab_session_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_colab_session_requests_request_id"), ["request_id"], unique=False)


def downgrade():
    with op.batch_alter_table("colab_session_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_colab_session_requests_request_id"))
    op.drop_table("colab_session_requests")
