"""one lifecycle kernel: the shared event columns everywhere, events for co-lab sessions,
registrations and certificates, certificate states

Revision ID: 0007_lifecycle
Revises: 0006_colab_requests
Create Date: 2026-12-01 21:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0007_lifecycle"
down_revision = "0006_colab_requests"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def _event_table(name, subject, subject_table, actions, states):
    op.create_table(
        name,
        sa.Column(subject, sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", _enum(f"{name}_action", *actions), nullable=False),
        sa.Column("from_state", _enum(f"{name}_from", *states), nullable=True),
        sa.Column("to_state", _enum(f"{name}_to", *states), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f(f"fk_{name}_actor_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint([subject], [f"{subject_table}.id"], name=op.f(f"fk_{name}_{subject}_{subject_table}"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{name}_{subject}"), [subject], unique=False)


SESSION_ACTIONS = ("create", "publish", "update", "cancel", "complete", "record_outcomes")
SESSION_STATES = ("draft", "published", "cancelled", "completed")
REGISTRATION_ACTIONS = ("register", "join_waitlist", "promote", "cancel")
REGISTRATION_STATES = ("registered", "waitlisted", "cancelled")
CERTIFICATE_ACTIONS = ("issue", "suspend", "reinstate", "revoke")
CERTIFICATE_STATES = ("valid", "suspended", "revoked")
ASSESSMENT_ACTIONS = ("start", "submit", "request_changes", "approve")
MATCH_ACTIONS = ("track", "mark_interest", "introduce", "record_meeting", "record_customer", "record_no_fit",
                 "decline")
REQUEST_ACTIONS = ("submit", "withdraw", "accept", "ask_info", "decline", "refer", "advise", "open", "route_colab",
                   "claim", "start", "complete", "complete_colab", "progress", "add_researcher", "rate")


def upgrade():
    # Co-lab sessions and registrations get a history; what is known of the past is written into it.
    _event_table("colab_session_events", "session_id", "colab_sessions", SESSION_ACTIONS, SESSION_STATES)
    _event_table("colab_registration_events", "registration_id", "colab_registrations", REGISTRATION_ACTIONS,
                 REGISTRATION_STATES)
    op.execute("INSERT INTO colab_session_events (session_id, created_at, note, actor_id, action, to_state) "
               "SELECT id, created_at, '', created_by_id, 'create', 'draft' FROM colab_sessions")
    op.execute("INSERT INTO colab_session_events (session_id, created_at, note, action, from_state, to_state) "
               "SELECT id, published_at, '', 'publish', 'draft', 'published' FROM colab_sessions "
               "WHERE published_at IS NOT NULL")
    op.execute("INSERT INTO colab_session_events (session_id, created_at, note, action, from_state, to_state) "
               "SELECT id, cancelled_at, cancellation_note, 'cancel', 'published', 'cancelled' FROM colab_sessions "
               "WHERE cancelled_at IS NOT NULL")
    op.execute("INSERT INTO colab_session_events (session_id, created_at, note, actor_id, action, from_state, "
               "to_state) SELECT id, completed_at, '', completed_by_id, 'complete', 'published', 'completed' "
               "FROM colab_sessions WHERE completed_at IS NOT NULL")
    op.execute("INSERT INTO colab_registration_events (registration_id, created_at, note, actor_id, action, to_state) "
               "SELECT id, created_at, '', user_id, CASE WHEN registered_at IS NOT NULL AND promoted_at IS NULL "
               "THEN 'register' ELSE 'join_waitlist' END, CASE WHEN registered_at IS NOT NULL AND promoted_at IS NULL "
               "THEN 'registered' ELSE 'waitlisted' END FROM colab_registrations")
    op.execute("INSERT INTO colab_registration_events (registration_id, created_at, note, action, from_state, "
               "to_state) SELECT id, promoted_at, '', 'promote', 'waitlisted', 'registered' "
               "FROM colab_registrations WHERE promoted_at IS NOT NULL")
    op.execute("INSERT INTO colab_registration_events (registration_id, created_at, note, actor_id, action, "
               "from_state, to_state) SELECT id, cancelled_at, '', user_id, 'cancel', CASE WHEN registered_at IS "
               "NOT NULL THEN 'registered' ELSE 'waitlisted' END, 'cancelled' FROM colab_registrations "
               "WHERE cancelled_at IS NOT NULL")

    # Certificates get a state (valid, suspended, revoked) and a history.
    with op.batch_alter_table("certification_certificates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", _enum("certificate_state", *CERTIFICATE_STATES), nullable=True))
        batch_op.add_column(sa.Column("suspended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("suspension_reason", sa.Text(), nullable=True))
    op.execute("UPDATE certification_certificates SET state = CASE WHEN revoked_at IS NULL THEN 'valid' "
               "ELSE 'revoked' END")
    with op.batch_alter_table("certification_certificates", schema=None) as batch_op:
        batch_op.alter_column("state", existing_type=_enum("certificate_state", *CERTIFICATE_STATES),
                              nullable=False)
        batch_op.create_index(batch_op.f("ix_certification_certificates_state"), ["state"], unique=False)
    _event_table("certification_certificate_events", "certificate_id", "certification_certificates",
                 CERTIFICATE_ACTIONS, CERTIFICATE_STATES)
    op.execute("INSERT INTO certification_certificate_events (certificate_id, created_at, note, actor_id, action, "
               "to_state) SELECT c.id, COALESCE(a.reviewed_at, a.updated_at), '', c.issued_by_id, 'issue', 'valid' "
               "FROM certification_certificates c JOIN certification_assessments a ON a.id = c.assessment_id")
    op.execute("INSERT INTO certification_certificate_events (certificate_id, created_at, note, actor_id, action, "
               "from_state, to_state) SELECT id, revoked_at, COALESCE(revocation_reason, ''), revoked_by_id, "
               "'revoke', 'valid', 'revoked' FROM certification_certificates WHERE revoked_at IS NOT NULL")

    # Assessment events name their action.
    with op.batch_alter_table("certification_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action", _enum("certification_events_action", *ASSESSMENT_ACTIONS),
                                      nullable=True))
    op.execute("UPDATE certification_events SET action = CASE to_state WHEN 'draft' THEN 'start' "
               "WHEN 'submitted' THEN 'submit' WHEN 'changes_requested' THEN 'request_changes' ELSE 'approve' END")
    with op.batch_alter_table("certification_events", schema=None) as batch_op:
        batch_op.alter_column("action", existing_type=_enum("certification_events_action", *ASSESSMENT_ACTIONS),
                              nullable=False)
        batch_op.alter_column("to_state", existing_type=sa.VARCHAR(length=17), nullable=True)
        batch_op.create_index(batch_op.f("ix_certification_events_actor_id"), ["actor_id"], unique=False)

    # Match events: by_id and at become actor_id and created_at, and they name their action.
    with op.batch_alter_table("match_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("actor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("action", _enum("match_events_action", *MATCH_ACTIONS), nullable=True))
    op.execute("UPDATE match_events SET created_at = at, actor_id = by_id, action = CASE to_state "
               "WHEN 'suggested' THEN 'track' WHEN 'introduced' THEN 'introduce' WHEN 'meeting_held' "
               "THEN 'record_meeting' WHEN 'became_customer' THEN 'record_customer' ELSE 'record_no_fit' END")
    with op.batch_alter_table("match_events", schema=None) as batch_op:
        batch_op.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.alter_column("action", existing_type=_enum("match_events_action", *MATCH_ACTIONS), nullable=False)
        batch_op.alter_column("to_state", existing_type=sa.VARCHAR(length=15), nullable=True)
        batch_op.create_index(batch_op.f("ix_match_events_actor_id"), ["actor_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("fk_match_events_by_id_users"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_match_events_actor_id_users"), "users", ["actor_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.drop_column("at")
        batch_op.drop_column("by_id")

    # Request events: kind becomes action.
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("action", _enum("request_events_action", *REQUEST_ACTIONS), nullable=True))
    op.execute("UPDATE request_events SET action = kind")
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.alter_column("action", existing_type=_enum("request_events_action", *REQUEST_ACTIONS),
                              nullable=False)
        batch_op.create_index(batch_op.f("ix_request_events_actor_id"), ["actor_id"], unique=False)
        batch_op.drop_constraint(op.f("ck_request_events_request_event_kind"), type_="check")
        batch_op.drop_column("kind")


def downgrade():
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.VARCHAR(length=14), nullable=True))
    op.execute("UPDATE request_events SET kind = action")
    with op.batch_alter_table("request_events", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=sa.VARCHAR(length=14), nullable=False)
        batch_op.drop_index(batch_op.f("ix_request_events_actor_id"))
        batch_op.drop_column("action")
    with op.batch_alter_table("match_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("by_id", sa.INTEGER(), nullable=True))
        batch_op.add_column(sa.Column("at", sa.DateTime(), nullable=True))
    op.execute("DELETE FROM match_events WHERE action = 'mark_interest'")
    op.execute("UPDATE match_events SET at = created_at, by_id = actor_id")
    with op.batch_alter_table("match_events", schema=None) as batch_op:
        batch_op.alter_column("at", existing_type=sa.DateTime(), nullable=False)
        batch_op.drop_constraint(batch_op.f("fk_match_events_actor_id_users"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_match_events_by_id_users"), "users", ["by_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.drop_index(batch_op.f("ix_match_events_actor_id"))
        batch_op.drop_column("action")
        batch_op.drop_column("actor_id")
        batch_op.drop_column("created_at")
    with op.batch_alter_table("certification_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_events_actor_id"))
        batch_op.drop_column("action")
    op.drop_table("certification_certificate_events")
    with op.batch_alter_table("certification_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_certificates_state"))
        batch_op.drop_column("suspension_reason")
        batch_op.drop_column("suspended_at")
        batch_op.drop_column("state")
    op.drop_table("colab_registration_events")
    op.drop_table("colab_session_events")
