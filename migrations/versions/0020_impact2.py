"""impact connections: commitments made for a challenge pilot, and the pilot's one-year reminder

Revision ID: 0020_impact2
Revises: 0019_challenges2
Create Date: 2026-12-02 02:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0020_impact2"
down_revision = "0019_challenges2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("impact_commitments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pilot_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_impact_commitments_pilot_id"), ["pilot_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_impact_commitments_pilot_id_challenge_pilots"),
                                    "challenge_pilots", ["pilot_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "impact_pilot_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pilot_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["pilot_id"], ["challenge_pilots.id"],
                                name=op.f("fk_impact_pilot_reminders_pilot_id_challenge_pilots"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impact_pilot_reminders")),
        sa.UniqueConstraint("pilot_id", name=op.f("uq_impact_pilot_reminders_pilot_id")),
    )


def downgrade():
    op.drop_table("impact_pilot_reminders")
    with op.batch_alter_table("impact_commitments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_impact_commitments_pilot_id_challenge_pilots"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_impact_commitments_pilot_id"))
        batch_op.drop_column("pilot_id")
