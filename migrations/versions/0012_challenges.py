"""the yearly Social Innovation Challenge: cycles, challenges, proposals, jury, decisions, pilots

Revision ID: 0012_challenges
Revises: 0011_search
Create Date: 2026-12-02 00:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0012_challenges"
down_revision = "0011_search"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('challenge_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=200), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('prizes', sa.Text(), nullable=False),
    sa.Column('peoples_choice', sa.Boolean(), nullable=False),
    sa.Column('challenges_open_on', sa.Date(), nullable=False),
    sa.Column('proposals_open_on', sa.Date(), nullable=False),
    sa.Column('proposals_close_on', sa.Date(), nullable=False),
    sa.Column('review_opens_on', sa.Date(), nullable=False),
    sa.Column('shortlist_on', sa.Date(), nullable=False),
    sa.Column('final_on', sa.Date(), nullable=False),
    sa.Column('announcement_on', sa.Date(), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=False),
    sa.Column('announced_at', sa.DateTime(), nullable=True),
    sa.Column('announced_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('challenges_open_on <= proposals_open_on AND proposals_open_on < proposals_close_on AND proposals_close_on <= review_opens_on AND review_opens_on <= shortlist_on AND shortlist_on <= final_on AND final_on <= announcement_on AND announcement_on <= follow_up_on', name=op.f('ck_challenge_cycles_phases_in_order')),
    sa.ForeignKeyConstraint(['announced_by_id'], ['users.id'], name=op.f('fk_challenge_cycles_announced_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_challenge_cycles_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_cycles')),
    sa.UniqueConstraint('year', name=op.f('uq_challenge_cycles_year'))
    )
    op.create_table('challenge_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('review', 'final', name='challenge_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('levels', sa.Text(), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('is_gate', sa.Boolean(), nullable=False),
    sa.CheckConstraint('scale_max >= 1 AND scale_max <= 10', name=op.f('ck_challenge_criteria_scale_range')),
    sa.CheckConstraint('weight > 0 AND weight <= 100', name=op.f('ck_challenge_criteria_weight_range')),
    sa.ForeignKeyConstraint(['cycle_id'], ['challenge_cycles.id'], name=op.f('fk_challenge_criteria_cycle_id_challenge_cycles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_criteria'))
    )
    with op.batch_alter_table('challenge_criteria', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_criteria_cycle_stage', ['cycle_id', 'stage', 'position'], unique=False)

    op.create_table('challenge_jurors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('conflicts_declared_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['cycle_id'], ['challenge_cycles.id'], name=op.f('fk_challenge_jurors_cycle_id_challenge_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_challenge_jurors_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_challenge_jurors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_jurors')),
    sa.UniqueConstraint('cycle_id', 'user_id', name='one_seat_per_cycle')
    )
    with op.batch_alter_table('challenge_jurors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_jurors_user_id'), ['user_id'], unique=False)

    op.create_table('challenges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('affected', sa.Text(), nullable=False),
    sa.Column('pilot_plan', sa.Text(), nullable=False),
    sa.Column('budget_min', sa.Integer(), nullable=False),
    sa.Column('budget_max', sa.Integer(), nullable=False),
    sa.Column('pilot_months', sa.Integer(), nullable=False),
    sa.Column('municipalities', sa.JSON(), nullable=False),
    sa.Column('sdg_targets', sa.JSON(), nullable=False),
    sa.Column('success_indicators', sa.Text(), nullable=False),
    sa.Column('indicator_refs', sa.JSON(), nullable=False),
    sa.Column('procurement_route', sa.Enum('prize_only', 'design_contest', 'direct_award', 'innovation_partnership', 'other', name='challenge_procurement_route', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('procurement_note', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'changes_requested', 'published', 'closed', 'withdrawn', name='challenge_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('budget_min >= 0 AND budget_max >= budget_min', name=op.f('ck_challenges_budget_range')),
    sa.CheckConstraint('pilot_months >= 1 AND pilot_months <= 60', name=op.f('ck_challenges_pilot_months_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_challenges_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cycle_id'], ['challenge_cycles.id'], name=op.f('fk_challenges_cycle_id_challenge_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenges_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenges'))
    )
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.create_index('ix_challenges_cycle_state', ['cycle_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenges_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge_co_owners',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_co_owners_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenge_co_owners_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('challenge_id', 'organisation_id', name=op.f('pk_challenge_co_owners'))
    )
    with op.batch_alter_table('challenge_co_owners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_co_owners_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge_events',
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('create', 'submit', 'request_changes', 'publish', 'close', 'withdraw', 'answer_question', name='challenge_events_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_state', sa.Enum('draft', 'submitted', 'changes_requested', 'published', 'closed', 'withdrawn', name='challenge_events_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_state', sa.Enum('draft', 'submitted', 'changes_requested', 'published', 'closed', 'withdrawn', name='challenge_events_to', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_challenge_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_events_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_events'))
    )
    with op.batch_alter_table('challenge_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_events_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('challenge_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('asked_by_id', sa.Integer(), nullable=True),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_challenge_questions_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['asked_by_id'], ['users.id'], name=op.f('fk_challenge_questions_asked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_questions_challenge_id_challenges'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_questions'))
    )
    with op.batch_alter_table('challenge_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_questions_asked_by_id'), ['asked_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_questions_challenge_id'), ['challenge_id'], unique=False)

    op.create_table('challenge_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('solution', sa.Text(), nullable=False),
    sa.Column('beneficiaries', sa.Text(), nullable=False),
    sa.Column('beneficiary_count', sa.Integer(), nullable=False),
    sa.Column('activities', sa.Text(), nullable=False),
    sa.Column('outputs', sa.Text(), nullable=False),
    sa.Column('outcomes', sa.Text(), nullable=False),
    sa.Column('team', sa.Text(), nullable=False),
    sa.Column('budget', sa.Text(), nullable=False),
    sa.Column('budget_total', sa.Integer(), nullable=False),
    sa.Column('ask', sa.Text(), nullable=False),
    sa.Column('criterion_answers', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'withdrawn', 'eligible', 'ineligible', 'shortlisted', 'finalist', 'winner', 'not_selected', name='challenge_proposal_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('match_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('beneficiary_count >= 0', name=op.f('ck_challenge_proposals_beneficiaries_not_negative')),
    sa.CheckConstraint('budget_total >= 0', name=op.f('ck_challenge_proposals_budget_not_negative')),
    sa.ForeignKeyConstraint(['challenge_id'], ['challenges.id'], name=op.f('fk_challenge_proposals_challenge_id_challenges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_challenge_proposals_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_challenge_proposals_match_id_matches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenge_proposals_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_proposals'))
    )
    with op.batch_alter_table('challenge_proposals', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_proposals_challenge_state', ['challenge_id', 'state'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_proposals_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_proposals_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('review', 'final', name='challenge_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['juror_id'], ['challenge_jurors.id'], name=op.f('fk_challenge_assignments_juror_id_challenge_jurors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_assignments_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_assignments')),
    sa.UniqueConstraint('juror_id', 'proposal_id', 'stage', name='one_assignment_per_stage')
    )
    with op.batch_alter_table('challenge_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_challenge_assignments_proposal_stage', ['proposal_id', 'stage'], unique=False)

    op.create_table('challenge_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('juror_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('declared', 'detected', name='challenge_conflict_source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision', sa.Enum('pending', 'recused', 'waived', name='challenge_conflict_decision', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_challenge_conflicts_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['juror_id'], ['challenge_jurors.id'], name=op.f('fk_challenge_conflicts_juror_id_challenge_jurors'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_conflicts_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_conflicts')),
    sa.UniqueConstraint('juror_id', 'proposal_id', name='one_conflict_per_pair')
    )
    with op.batch_alter_table('challenge_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_conflicts_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('challenge_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('review', 'final', name='challenge_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('outcome', sa.Enum('shortlisted', 'finalist', 'winner', 'not_selected', name='challenge_outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=False),
    sa.Column('reviews_counted', sa.Integer(), nullable=False),
    sa.Column('is_correction', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_challenge_decisions_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_decisions_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_decisions'))
    )
    with op.batch_alter_table('challenge_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_decisions_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('challenge_eligibility_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_challenge_eligibility_checks_checked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_eligibility_checks_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_eligibility_checks')),
    sa.UniqueConstraint('proposal_id', 'checked_by_id', name='one_check_per_coordinator')
    )
    op.create_table('challenge_pilots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('contract_reference', sa.String(length=120), nullable=False),
    sa.Column('state', sa.Enum('negotiating', 'contracted', 'running', 'completed', 'cancelled', name='challenge_pilot_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('results_summary', sa.Text(), nullable=False),
    sa.Column('results_reported_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_challenge_pilots_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_pilots_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_pilots')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_challenge_pilots_proposal_id'))
    )
    op.create_table('challenge_proposal_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('storage_key', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('free_of_names', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('size > 0 AND size <= 10485760', name=op.f('ck_challenge_proposal_attachments_size_range')),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_proposal_attachments_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_challenge_proposal_attachments_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_proposal_attachments')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_challenge_proposal_attachments_storage_key'))
    )
    with op.batch_alter_table('challenge_proposal_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_proposal_attachments_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('challenge_proposal_events',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('create', 'submit', 'withdraw', 'mark_eligible', 'mark_ineligible', 'shortlist', 'make_finalist', 'award', 'not_select', 'check_eligibility', 'correct_decision', name='challenge_proposal_events_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_state', sa.Enum('draft', 'submitted', 'withdrawn', 'eligible', 'ineligible', 'shortlisted', 'finalist', 'winner', 'not_selected', name='challenge_proposal_events_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_state', sa.Enum('draft', 'submitted', 'withdrawn', 'eligible', 'ineligible', 'shortlisted', 'finalist', 'winner', 'not_selected', name='challenge_proposal_events_to', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_challenge_proposal_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_proposal_events_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_proposal_events'))
    )
    with op.batch_alter_table('challenge_proposal_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_proposal_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_proposal_events_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('challenge_proposal_partners',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_challenge_proposal_partners_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_proposal_partners_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'organisation_id', name=op.f('pk_challenge_proposal_partners'))
    )
    with op.batch_alter_table('challenge_proposal_partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_proposal_partners_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('challenge_proposal_sessions',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_proposal_sessions_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['colab_sessions.id'], name=op.f('fk_challenge_proposal_sessions_session_id_colab_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'session_id', name=op.f('pk_challenge_proposal_sessions'))
    )
    with op.batch_alter_table('challenge_proposal_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_proposal_sessions_session_id'), ['session_id'], unique=False)

    op.create_table('challenge_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['challenge_cycles.id'], name=op.f('fk_challenge_votes_cycle_id_challenge_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['challenge_proposals.id'], name=op.f('fk_challenge_votes_proposal_id_challenge_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_challenge_votes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_votes')),
    sa.UniqueConstraint('cycle_id', 'user_id', name='one_vote_per_cycle')
    )
    with op.batch_alter_table('challenge_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_votes_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_votes_user_id'), ['user_id'], unique=False)

    op.create_table('challenge_pilot_events',
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.Enum('create', 'contract', 'start', 'complete', 'cancel', 'add_milestone', name='challenge_pilot_events_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_state', sa.Enum('negotiating', 'contracted', 'running', 'completed', 'cancelled', name='challenge_pilot_events_from', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_state', sa.Enum('negotiating', 'contracted', 'running', 'completed', 'cancelled', name='challenge_pilot_events_to', native_enum=False, create_constraint=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_challenge_pilot_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pilot_id'], ['challenge_pilots.id'], name=op.f('fk_challenge_pilot_events_pilot_id_challenge_pilots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_pilot_events'))
    )
    with op.batch_alter_table('challenge_pilot_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_pilot_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_challenge_pilot_events_pilot_id'), ['pilot_id'], unique=False)

    op.create_table('challenge_pilot_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pilot_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('evidence_link', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['pilot_id'], ['challenge_pilots.id'], name=op.f('fk_challenge_pilot_milestones_pilot_id_challenge_pilots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_pilot_milestones'))
    )
    with op.batch_alter_table('challenge_pilot_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_pilot_milestones_pilot_id'), ['pilot_id'], unique=False)

    op.create_table('challenge_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', name='challenge_review_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recommendation', sa.Enum('advance', 'maybe', 'reject', name='challenge_recommendation', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('note_to_chair', sa.Text(), nullable=False),
    sa.Column('weighted_score', sa.Float(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['challenge_assignments.id'], name=op.f('fk_challenge_reviews_assignment_id_challenge_assignments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_reviews')),
    sa.UniqueConstraint('assignment_id', name=op.f('uq_challenge_reviews_assignment_id'))
    )
    op.create_table('challenge_review_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.CheckConstraint('score >= 0 AND score <= 10', name=op.f('ck_challenge_review_scores_score_range')),
    sa.ForeignKeyConstraint(['criterion_id'], ['challenge_criteria.id'], name=op.f('fk_challenge_review_scores_criterion_id_challenge_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['review_id'], ['challenge_reviews.id'], name=op.f('fk_challenge_review_scores_review_id_challenge_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_challenge_review_scores')),
    sa.UniqueConstraint('review_id', 'criterion_id', name='one_score_per_criterion')
    )
    with op.batch_alter_table('challenge_review_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_challenge_review_scores_criterion_id'), ['criterion_id'], unique=False)



def downgrade():
    with op.batch_alter_table('challenge_review_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_review_scores_criterion_id'))

    op.drop_table('challenge_review_scores')
    op.drop_table('challenge_reviews')
    with op.batch_alter_table('challenge_pilot_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_pilot_milestones_pilot_id'))

    op.drop_table('challenge_pilot_milestones')
    with op.batch_alter_table('challenge_pilot_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_pilot_events_pilot_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_pilot_events_actor_id'))

    op.drop_table('challenge_pilot_events')
    with op.batch_alter_table('challenge_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_votes_user_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_votes_proposal_id'))

    op.drop_table('challenge_votes')
    with op.batch_alter_table('challenge_proposal_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_proposal_sessions_session_id'))

    op.drop_table('challenge_proposal_sessions')
    with op.batch_alter_table('challenge_proposal_partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_proposal_partners_organisation_id'))

    op.drop_table('challenge_proposal_partners')
    with op.batch_alter_table('challenge_proposal_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_proposal_events_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_proposal_events_actor_id'))

    op.drop_table('challenge_proposal_events')
    with op.batch_alter_table('challenge_proposal_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_proposal_attachments_proposal_id'))

    op.drop_table('challenge_proposal_attachments')
    op.drop_table('challenge_pilots')
    op.drop_table('challenge_eligibility_checks')
    with op.batch_alter_table('challenge_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_decisions_proposal_id'))

    op.drop_table('challenge_decisions')
    with op.batch_alter_table('challenge_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_conflicts_proposal_id'))

    op.drop_table('challenge_conflicts')
    with op.batch_alter_table('challenge_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_challenge_assignments_proposal_stage')

    op.drop_table('challenge_assignments')
    with op.batch_alter_table('challenge_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_proposals_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_proposals_created_by_id'))
        batch_op.drop_index('ix_challenge_proposals_challenge_state')

    op.drop_table('challenge_proposals')
    with op.batch_alter_table('challenge_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_questions_challenge_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_questions_asked_by_id'))

    op.drop_table('challenge_questions')
    with op.batch_alter_table('challenge_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_events_challenge_id'))
        batch_op.drop_index(batch_op.f('ix_challenge_events_actor_id'))

    op.drop_table('challenge_events')
    with op.batch_alter_table('challenge_co_owners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_co_owners_organisation_id'))

    op.drop_table('challenge_co_owners')
    with op.batch_alter_table('challenges', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenges_organisation_id'))
        batch_op.drop_index('ix_challenges_cycle_state')

    op.drop_table('challenges')
    with op.batch_alter_table('challenge_jurors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_challenge_jurors_user_id'))

    op.drop_table('challenge_jurors')
    with op.batch_alter_table('challenge_criteria', schema=None) as batch_op:
        batch_op.drop_index('ix_challenge_criteria_cycle_stage')

    op.drop_table('challenge_criteria')
    op.drop_table('challenge_cycles')
