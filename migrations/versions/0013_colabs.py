"""co-labs: registrations by hand (walk-ins, no-shows), kept seats released at a set time,
follow-up actions with an owner, a state and a history, versions of the outcomes, answers as SQL NULL

Revision ID: 0013_colabs
Revises: 0012_challenges
Create Date: 2026-12-02 00:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0013_colabs"
down_revision = "0012_challenges"
branch_labels = None
depends_on = None

REGISTRATION_STATES = ("registered", "waitlisted", "cancelled")
NEW_REGISTRATION_STATES = REGISTRATION_STATES + ("no_show",)
REGISTRATION_ACTIONS = ("register", "join_waitlist", "promote", "cancel")
NEW_REGISTRATION_ACTIONS = REGISTRATION_ACTIONS + ("admit", "remove", "walk_in", "mark_no_show", "mark_arrived")
SESSION_ACTIONS = ("create", "publish", "update", "cancel", "complete", "record_outcomes")
NEW_SESSION_ACTIONS = SESSION_ACTIONS + ("release_seats",)
ACTION_STATES = ("open", "done")
ACTION_ACTIONS = ("add", "edit", "finish", "reopen", "remind")


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _replace_checks(table, checks):
    """Give enum columns their new CHECK lists: {column: (constraint name, values)}."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column, (name, values) in checks.items():
            batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_{name}"), _in(column, values))


def _states(registration_states, registration_actions, session_actions):
    _replace_checks("colab_registrations", {"state": ("colab_registration_state", registration_states)})
    _replace_checks("colab_registration_events", {
        "action": ("colab_registration_events_action", registration_actions),
        "from_state": ("colab_registration_events_from", registration_states),
        "to_state": ("colab_registration_events_to", registration_states),
    })
    _replace_checks("colab_session_events", {"action": ("colab_session_events_action", session_actions)})


def upgrade():
    _states(NEW_REGISTRATION_STATES, NEW_REGISTRATION_ACTIONS, NEW_SESSION_ACTIONS)

    with op.batch_alter_table("colab_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kept_seats_release_days", sa.Integer(), server_default="7", nullable=False))
        batch_op.add_column(sa.Column("kept_seats_released_at", sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_colab_sessions_kept_seats_release_days_range"),
                                         "kept_seats_release_days >= 0 AND kept_seats_release_days <= 365")

    # A walk-in may have no account; "no answers" becomes SQL NULL instead of JSON null.
    with op.batch_alter_table("colab_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("walk_in_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("walk_in_email", sa.String(length=254), nullable=True))
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE colab_registrations SET answers = NULL WHERE answers::text = 'null'")
    else:
        op.execute("UPDATE colab_registrations SET answers = NULL WHERE answers = 'null'")

    with op.batch_alter_table("colab_actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("state", _enum("colab_action_state", *ACTION_STATES), server_default="open",
                                      nullable=False))
        batch_op.add_column(sa.Column("created_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("done_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_colab_actions_owner_id_users"), "users", ["owner_id"], ["id"],
                                    ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_colab_actions_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index("ix_colab_actions_state_due_on", ["state", "due_on"], unique=False)

    op.create_table(
        "colab_action_events",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", _enum("colab_action_events_action", *ACTION_ACTIONS), nullable=False),
        sa.Column("from_state", _enum("colab_action_events_from", *ACTION_STATES), nullable=True),
        sa.Column("to_state", _enum("colab_action_events_to", *ACTION_STATES), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["colab_actions.id"],
                                name=op.f("fk_colab_action_events_action_id_colab_actions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_colab_action_events_actor_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_colab_action_events")),
    )
    with op.batch_alter_table("colab_action_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_colab_action_events_action_id"), ["action_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_colab_action_events_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "colab_outcome_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("outcome_notes", sa.Text(), nullable=False),
        sa.Column("decisions", sa.Text(), nullable=False),
        sa.Column("replaced_at", sa.DateTime(), nullable=False),
        sa.Column("replaced_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["replaced_by_id"], ["users.id"],
                                name=op.f("fk_colab_outcome_revisions_replaced_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["colab_sessions.id"],
                                name=op.f("fk_colab_outcome_revisions_session_id_colab_sessions"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_colab_outcome_revisions")),
    )
    with op.batch_alter_table("colab_outcome_revisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_colab_outcome_revisions_session_id"), ["session_id"], unique=False)


def downgrade():
    with op.batch_alter_table("colab_outcome_revisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_colab_outcome_revisions_session_id"))
    op.drop_table("colab_outcome_revisions")
    with op.batch_alter_table("colab_action_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_colab_action_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_colab_action_events_action_id"))
    op.drop_table("colab_action_events")
    with op.batch_alter_table("colab_actions", schema=None) as batch_op:
        batch_op.drop_index("ix_colab_actions_state_due_on")
        batch_op.drop_index(batch_op.f("ix_colab_actions_owner_id"))
        batch_op.drop_constraint(batch_op.f("fk_colab_actions_owner_id_users"), type_="foreignkey")
        batch_op.drop_constraint(op.f("ck_colab_actions_colab_action_state"), type_="check")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("done_at")
        batch_op.drop_column("created_at")
        batch_op.drop_column("state")
        batch_op.drop_column("owner_id")

    # Walk-ins without an account and the steps taken by hand have no place in the old schema.
    op.execute("DELETE FROM colab_registrations WHERE user_id IS NULL")
    op.execute("DELETE FROM colab_registration_events WHERE action IN "
               "('admit', 'remove', 'walk_in', 'mark_no_show', 'mark_arrived')")
    op.execute("UPDATE colab_registration_events SET from_state = 'registered' WHERE from_state = 'no_show'")
    op.execute("UPDATE colab_registration_events SET to_state = 'registered' WHERE to_state = 'no_show'")
    op.execute("UPDATE colab_registrations SET state = 'registered' WHERE state = 'no_show'")
    op.execute("DELETE FROM colab_session_events WHERE action = 'release_seats'")
    with op.batch_alter_table("colab_registrations", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("walk_in_email")
        batch_op.drop_column("walk_in_name")
    with op.batch_alter_table("colab_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_colab_sessions_kept_seats_release_days_range"), type_="check")
        batch_op.drop_column("kept_seats_released_at")
        batch_op.drop_column("kept_seats_release_days")
    _states(REGISTRATION_STATES, REGISTRATION_ACTIONS, SESSION_ACTIONS)
