"""data versions: one row per area, bumped by every commit that changes the area's rows

Public pages are cached under their areas' versions (app/pagecache.py), so that a change shows at once.

Revision ID: 0017_speed
Revises: 0016_shop
Create Date: 2026-12-02 00:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0017_speed"
down_revision = "0016_shop"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_versions",
        sa.Column("area", sa.String(length=40), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("area", name=op.f("pk_data_versions")),
    )


def downgrade():
    op.drop_table("data_versions")
