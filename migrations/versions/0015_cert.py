"""certification: the standard enforced (exceptions confirmed by a second coordinator), renewals that supersede,
expiry notices, review threads, verified organisations, published insight snapshots, concerns from the public

Revision ID: 0015_cert
Revises: 0014_impact
Create Date: 2026-12-02 00:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0015_cert"
down_revision = "0014_impact"
branch_labels = None
depends_on = None

ASSESSMENT_STATES = ("draft", "submitted", "changes_requested", "approved")
NEW_ASSESSMENT_STATES = ("draft", "submitted", "changes_requested", "exception_proposed", "approved")
ASSESSMENT_ACTIONS = ("start", "submit", "request_changes", "approve")
NEW_ASSESSMENT_ACTIONS = ASSESSMENT_ACTIONS + ("propose_exception", "confirm_exception", "decline_exception")
CERTIFICATE_STATES = ("valid", "suspended", "revoked")
NEW_CERTIFICATE_STATES = CERTIFICATE_STATES + ("superseded",)
CERTIFICATE_ACTIONS = ("issue", "suspend", "reinstate", "revoke")
NEW_CERTIFICATE_ACTIONS = CERTIFICATE_ACTIONS + ("supersede", "expire")

# (table, column, enum name, old values, new values)
ENUMS = [
    ("certification_assessments", "state", "certification_assessment_state", ASSESSMENT_STATES, NEW_ASSESSMENT_STATES),
    ("certification_events", "action", "certification_events_action", ASSESSMENT_ACTIONS, NEW_ASSESSMENT_ACTIONS),
    ("certification_events", "from_state", "event_from_state", ASSESSMENT_STATES, NEW_ASSESSMENT_STATES),
    ("certification_events", "to_state", "event_to_state", ASSESSMENT_STATES, NEW_ASSESSMENT_STATES),
    ("certification_certificates", "state", "certificate_state", CERTIFICATE_STATES, NEW_CERTIFICATE_STATES),
    ("certification_certificate_events", "action", "certification_certificate_events_action", CERTIFICATE_ACTIONS,
     NEW_CERTIFICATE_ACTIONS),
    ("certification_certificate_events", "from_state", "certification_certificate_events_from", CERTIFICATE_STATES,
     NEW_CERTIFICATE_STATES),
    ("certification_certificate_events", "to_state", "certification_certificate_events_to", CERTIFICATE_STATES,
     NEW_CERTIFICATE_STATES),
]


def _check(column, values):
    return sa.column(column).in_(values)


def _widen(table, column, name, old, new):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.alter_column(column, existing_type=sa.VARCHAR(length=max(map(len, old))),
                              type_=sa.VARCHAR(length=max(map(len, new))))
        batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), _check(column, new))


def upgrade():
    for table, column, name, old, new in ENUMS:
        _widen(table, column, name, old, new)
    with op.batch_alter_table("certification_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exception_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("exception_proposed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("exception_confirmed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_certification_assessments_exception_proposed_by_id_users"),
                                    "users", ["exception_proposed_by_id"], ["id"], ondelete="SET NULL")
        batch_op.create_foreign_key(batch_op.f("fk_certification_assessments_exception_confirmed_by_id_users"),
                                    "users", ["exception_confirmed_by_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("certification_comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_certification_comments_resolved_by_id_users"), "users",
                                    ["resolved_by_id"], ["id"], ondelete="SET NULL")
    op.create_table(
        "certification_comment_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_certification_comment_replies_author_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["comment_id"], ["certification_comments.id"],
                                name=op.f("fk_certification_comment_replies_comment_id_certification_comments"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_comment_replies")),
    )
    with op.batch_alter_table("certification_comment_replies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certification_comment_replies_comment_id"), ["comment_id"], unique=False)

    op.create_table(
        "certification_organisation_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("verified_at", sa.DateTime(), nullable=False),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_certification_organisation_checks_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["verified_by_id"], ["users.id"],
                                name=op.f("fk_certification_organisation_checks_verified_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_organisation_checks")),
        sa.UniqueConstraint("organisation_id", name=op.f("uq_certification_organisation_checks_organisation_id")),
    )
    op.create_table(
        "certification_insight_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["published_by_id"], ["users.id"],
                                name=op.f("fk_certification_insight_snapshots_published_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_insight_snapshots")),
    )
    with op.batch_alter_table("certification_insight_snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certification_insight_snapshots_published_at"), ["published_at"],
                              unique=False)

    op.create_table(
        "certification_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("state", sa.Enum("received", "acknowledged", "investigating", "dismissed", "upheld",
                                   name="certification_concern_state", native_enum=False, create_constraint=True,
                                   length=13), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("reporter_told_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["certificate_id"], ["certification_certificates.id"],
                                name=op.f("fk_certification_concerns_certificate_id_certification_certificates"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_concerns")),
    )
    with op.batch_alter_table("certification_concerns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certification_concerns_certificate_id"), ["certificate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certification_concerns_state"), ["state"], unique=False)
    concern_states = ("received", "acknowledged", "investigating", "dismissed", "upheld")
    concern_actions = ("report", "acknowledge", "investigate", "dismiss", "suspend")
    name = "certification_concern_events"
    op.create_table(
        name,
        sa.Column("concern_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.Enum(*concern_actions, name=f"{name}_action", native_enum=False,
                                    create_constraint=True, length=11), nullable=False),
        sa.Column("from_state", sa.Enum(*concern_states, name=f"{name}_from", native_enum=False,
                                        create_constraint=True, length=13), nullable=True),
        sa.Column("to_state", sa.Enum(*concern_states, name=f"{name}_to", native_enum=False,
                                      create_constraint=True, length=13), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f(f"fk_{name}_actor_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["concern_id"], ["certification_concerns.id"],
                                name=op.f(f"fk_{name}_concern_id_certification_concerns"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{name}_concern_id"), ["concern_id"], unique=False)

    # Before one valid certificate per organisation is enforced, older valid ones are superseded by the newest.
    op.execute(
        "UPDATE certification_certificates SET state = 'superseded' WHERE state = 'valid' AND id < "
        "(SELECT MAX(c2.id) FROM certification_certificates c2 WHERE c2.organisation_id = "
        "certification_certificates.organisation_id AND c2.state = 'valid')"
    )
    with op.batch_alter_table("certification_certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("expiry_notice_sent_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_certification_certificates_superseded_by_id_certification_certificates"),
            "certification_certificates", ["superseded_by_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index("uq_certification_certificates_one_valid", ["organisation_id"], unique=True,
                              sqlite_where=sa.text("state = 'valid'"), postgresql_where=sa.text("state = 'valid'"))


def downgrade():
    op.drop_table("certification_concern_events")
    op.drop_table("certification_concerns")
    with op.batch_alter_table("certification_insight_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_insight_snapshots_published_at"))
    op.drop_table("certification_insight_snapshots")
    op.drop_table("certification_organisation_checks")
    with op.batch_alter_table("certification_certificates", schema=None) as batch_op:
        batch_op.drop_index("uq_certification_certificates_one_valid")
        batch_op.drop_constraint(
            batch_op.f("fk_certification_certificates_superseded_by_id_certification_certificates"), type_="foreignkey")
        batch_op.drop_column("expiry_notice_sent_at")
        batch_op.drop_column("superseded_by_id")
    with op.batch_alter_table("certification_comment_replies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_comment_replies_comment_id"))
    op.drop_table("certification_comment_replies")
    with op.batch_alter_table("certification_comments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_certification_comments_resolved_by_id_users"), type_="foreignkey")
        batch_op.drop_column("resolved_by_id")
        batch_op.drop_column("resolved_at")
    with op.batch_alter_table("certification_assessments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_certification_assessments_exception_confirmed_by_id_users"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_certification_assessments_exception_proposed_by_id_users"),
                                 type_="foreignkey")
        batch_op.drop_column("exception_confirmed_by_id")
        batch_op.drop_column("exception_proposed_by_id")
        batch_op.drop_column("exception_reason")
    # Values the old schema does not know fall back to their nearest old meaning.
    op.execute("UPDATE certification_assessments SET state = 'submitted' WHERE state = 'exception_proposed'")
    op.execute("DELETE FROM certification_events WHERE action IN "
               "('propose_exception', 'confirm_exception', 'decline_exception')")
    op.execute("UPDATE certification_certificates SET state = 'revoked' WHERE state = 'superseded'")
    op.execute("DELETE FROM certification_certificate_events WHERE action IN ('supersede', 'expire')")
    for table, column, name, old, new in reversed(ENUMS):
        _widen(table, column, name, new, old)
